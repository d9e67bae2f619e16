"""Benchmark of event and thread clustering: held-out ECB+ quality at both levels beside baselines, and speed.

    .venv/bin/python -m bench.cluster [--ecbplus ../shared/eval/ecbplus.jsonl.gz] [--stories 100000] [--timed 10000]
        [--distractors ../shared/eval/bbc-dev.jsonl.gz] [--distractors-per-fold 200]

Prints three tables: held-out quality and speed; all of ECB+ at once among other news; threads of a year of news.

Quality, 2-fold by topic: ECB+'s 18 topics are split in two halves
(bench/cluster/ecbplus.py). On each half, bench/cluster/protocol.py chooses every
scored parameter (newsbrief's thread bars and IDF prior, then its event bars and
lead; the TF-IDF baseline's threshold, per level) and the other half is scored
with that choice: no fold's own score sets anything used on it. The documents run
in file order, undated, with the entity names the site's enrichment finds in
them (spaCy, cached under var/bench-cache). Events are scored against `label`
(36 events; the two events of a topic are the hard cases), threads against
`topic`, with B³ precision, recall and F1 and pairwise F1. Baselines in the same
run: all in one cluster, one cluster per document, and plain TF-IDF single-pass
(whole text, one threshold, every cluster scanned; bench/cluster/tfidf.py). The
shipped setting is what the same procedure chooses on all 18 topics; its rows on
each half are not held out and are printed for reference.

Many topics at once: ECB+'s topics are far apart, and a fold's arrive one after
another in file order. Real news of other years (BBC reports, 2004-2005:
bench/cluster/distractors.py) runs beside them: each fold is also scored in random
orders among reports that the training fold never saw (the rows "among ... other
real reports"), all 402 documents among all those reports in two further orders
(second table), and the shipped threads of all 1,130 reports alone are checked
against the BBC's sections (third table: a thread that mixes sections is wrong).

Speed: a synthetic stream (bench/cluster/synthetic.py: Zipf background words plus
each story's own words, names and numbers; about 400 words an article) first
starts events until `--stories` are live in the index (three seconds apart, so
all inside the window; nearly every one a thread of its own), then assigns `--timed` more
articles, 30 % of them new events, while every event is live. Articles/s is those
articles (written beforehand) over the CPU time this process spent assigning them,
vectorising included, entity extraction not (the site runs it in enrichment, before
assignment). The index's memory is the growth of this process's resident set
while the index filled. The baseline below it is the same stream in a fresh
process with the clustering modules loaded from their Python sources
(bench/cluster/plain.py), as they run where no C compiler built them.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from collections import Counter
from dataclasses import asdict, fields
from pathlib import Path

from bench.cluster import distractors, ecbplus, protocol
from bench.cluster.metrics import b_cubed, pairwise_f1
from bench.cluster.synthetic import START, Newsroom, fill, timed
from bench.cluster.tfidf import single_pass
from newsbrief.pipeline.clustering import cluster
from newsbrief.pipeline.clustering.cluster import ClusterParams, StoryIndex

LEVELS = ("event", "thread")
MANY_TOPICS_SEEDS = (3, 4)  # orders of all the documents at once that no choice was scored on


def resident_mib() -> float:
    """This process's resident set, in MiB."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def scaling(stories: int, articles: int) -> tuple[list[str], list[str], float, int, float]:
    """Predicted and true events of the timed articles, articles per CPU second, live events, index MiB."""
    before = resident_mib()
    index, newsroom = StoryIndex(), Newsroom()
    last = START
    for item in fill(newsroom):  # until the index holds `stories` live events (a few articles join others)
        if len(index.stories) >= stories:
            break
        index.assign(item.id, item.title, item.text, item.published)
        last = item.published
    live, memory = len(index.stories), resident_mib() - before
    items = list(timed(newsroom, articles, after=last))  # written first, so that only assigning is timed
    started = time.process_time()
    assignments = [index.assign(item.id, item.title, item.text, item.published) for item in items]
    seconds = time.process_time() - started
    predicted = [index.resolve(a.story_id) for a in assignments]
    return predicted, [str(item.story) for item in items], articles / seconds, live, memory


def scores(predicted: list, gold: list[str]) -> str:
    """B³ P / R / F1 and pairwise F1 as table text."""
    predicted = [str(p) for p in predicted]
    p, r, f = b_cubed(predicted, gold)
    return f"{p:.3f} / {r:.3f} / **{f:.3f}** / {pairwise_f1(predicted, gold):.3f}"


def mixed_scores(docs: list[ecbplus.Doc], others: list[ecbplus.Doc], level: str, predict, seeds) -> str:
    """`scores` of the documents run among the distractors, averaged over one random order per seed.

    B³ as the protocol scores it (protocol.b_cubed_among); pairwise F1 over the ECB+ documents' pairs only.
    """
    runs = []
    for seed in seeds:
        order = ecbplus.interleaved([*docs, *others], seed)
        predicted, truth = [str(x) for x in predict(order)], protocol.gold(order, level)
        scored = [not distractors.is_distractor(d) for d in order]
        pairs = pairwise_f1([x for x, keep in zip(predicted, scored) if keep],
                            [x for x, keep in zip(truth, scored) if keep])
        runs.append((*protocol.b_cubed_among(order, level, predicted), pairs))
    p, r, f, pair = (sum(column) / len(runs) for column in zip(*runs))
    return f"{p:.3f} / {r:.3f} / **{f:.3f}** / {pair:.3f}"


def changed(params: ClusterParams) -> str:
    """The scored parameters a choice set, as text."""
    chosen = asdict(params)
    names = [*protocol.THREAD_GRID, *protocol.EVENT_GRID]
    return ", ".join(f"{name} {chosen[name]}" for name in names)


def main() -> None:
    """Run both parts and print the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--ecbplus", type=Path, default=ecbplus.ECBPLUS)
    parser.add_argument("--stories", type=int, default=100_000)
    parser.add_argument("--timed", type=int, default=10_000)
    parser.add_argument("--distractors", type=Path, default=distractors.BBC)
    parser.add_argument("--distractors-per-fold", type=int, default=200)
    args = parser.parse_args()
    docs = ecbplus.read(args.ecbplus)
    halves = ecbplus.folds(docs)
    # Each fold has its own distractors: those beside the training fold are never scored, and the reverse.
    # The first of each half run among the fold's documents; the whole half checks threads' sections.
    reports = distractors.read(args.distractors)
    sections = distractors.halves(reports, len(reports) // 2)
    others = [half[: args.distractors_per_fold] for half in sections]
    held_out = [(halves[1], others[1], sections[1], halves[0], others[0]),  # test fold 1 is halves[0]
                (halves[0], others[0], sections[0], halves[1], others[1])]
    chosen = [protocol.tune(train, train_others, train_sections) for train, train_others, train_sections, *_
              in held_out]
    shipped = ClusterParams()
    rows: list[tuple[str, str, list[str]]] = []
    for level_index, level in enumerate(LEVELS):
        newsbrief_cells, tfidf_cells, shipped_cells, all_cells, each_cells = [], [], [], [], []
        mixed_cells, mixed_tfidf_cells = [], []
        for (train, train_others, _, test, test_others), params in zip(held_out, chosen):
            truth = protocol.gold(test, level)
            newsbrief_cells.append(scores(protocol.run(test, params)[level_index], truth))
            mixed_cells.append(mixed_scores(test, test_others, level,
                                            lambda order: protocol.run(order, params)[level_index],
                                            protocol.INTERLEAVINGS))
            threshold = protocol.tune_tfidf(train, train_others, level)
            tfidf_cells.append(scores(single_pass([d.text for d in test], threshold), truth) + f" (t {threshold})")
            mixed_tfidf_cells.append(mixed_scores(test, test_others, level,
                                                  lambda order: single_pass([d.text for d in order], threshold),
                                                  protocol.INTERLEAVINGS))
            shipped_cells.append(scores(protocol.run(test, shipped)[level_index], truth))
            all_cells.append(scores(["all"] * len(test), truth))
            each_cells.append(scores([d.id for d in test], truth))
        among = f"among {args.distractors_per_fold} other real reports (mean of {len(protocol.INTERLEAVINGS)} orders)"
        rows += [
            ("newsbrief, chosen on the other fold", level, newsbrief_cells),
            (f"the same, {among}", level, mixed_cells),
            ("baseline: TF-IDF single pass, threshold chosen on the other fold", level, tfidf_cells),
            (f"the same, {among}", level, mixed_tfidf_cells),
            ("baseline: all in one cluster", level, all_cells),
            ("baseline: one cluster per document", level, each_cells),
            ("newsbrief as shipped (chosen on all topics: not held out)", level, shipped_cells),
        ]
    every_other = [*others[0], *others[1]]
    many_topics = []  # all documents at once, in orders no choice was scored on
    for level_index, level in enumerate(LEVELS):
        threshold = protocol.tune_tfidf(docs, every_other, level)
        many_topics += [
            ("newsbrief as shipped", level, mixed_scores(
                docs, every_other, level, lambda order: protocol.run(order, shipped)[level_index], MANY_TOPICS_SEEDS)),
            (f"baseline: TF-IDF single pass (t {threshold}, chosen on all topics)", level, mixed_scores(
                docs, every_other, level, lambda order: single_pass([d.text for d in order], threshold),
                MANY_TOPICS_SEEDS)),
        ]
    _, report_threads = protocol.run(reports, shipped)
    biggest = max(Counter(report_threads).values())
    purity = (f"| newsbrief as shipped | {len(reports):,} | {len(set(report_threads)):,} | {biggest} "
              f"| {protocol.section_purity(reports, shipped):.3f} |")
    synthetic, truth, speed, live, memory = scaling(args.stories, args.timed)
    plain = json.loads(
        subprocess.run(
            [sys.executable, "-m", "bench.cluster.plain", str(args.stories), str(args.timed)],
            capture_output=True, text=True, check=True,
        ).stdout
    )
    sizes = [f"{len(h)} docs, {len({d.event for d in h})} events, {len({d.topic for d in h})} topics" for h in halves]
    print(f"| run | level | held-out fold 1 ({sizes[0]}): B³ P / R / F1 / pairwise F1 "
          f"| held-out fold 2 ({sizes[1]}): B³ P / R / F1 / pairwise F1 | articles/s (1 core) | index memory |")
    print("| --- | --- | --- | --- | --- | --- |")
    for name, level, cells in rows:
        print(f"| {name} | {level} | {cells[0]} | {cells[1]} | | |")
    build = "compiled" if Path(cluster.__file__).suffix != ".py" else "plain Python: no compiled build"
    name = f"newsbrief ({build}), synthetic, {live:,} events in the index ({args.timed:,} timed)"
    print(f"| {name} | event | {scores(synthetic, truth)} | | {speed:,.0f} | {memory:,.0f} MiB |")
    print(f"| the same as plain Python | event | {scores(plain['predicted'], plain['truth'])} | "
          f"| {plain['speed']:,.0f} | {plain['memory']:,.0f} MiB |")
    print()
    print(f"| many topics at once: all {len(docs)} documents, {len({d.topic for d in docs})} topics, among "
          f"{len(every_other)} other real reports (not held out) | level "
          f"| B³ P / R / F1 / pairwise F1, mean of {len(MANY_TOPICS_SEEDS)} orders |")
    print("| --- | --- | --- |")
    for name, level, cell in many_topics:
        print(f"| {name} | {level} | {cell} |")
    print()
    print("| threads of a year of real news (BBC, undated, file order) | reports | threads | biggest thread "
          "| share of a report's thread in its own section (B³ precision) |")
    print("| --- | --- | --- | --- | --- |")
    print(purity)
    print()
    for n, params in enumerate(chosen, start=1):
        print(f"Chosen on fold {3 - n} (scored on fold {n}): {changed(params)}")
    print(f"Shipped (ClusterParams defaults): {changed(shipped)}")
    unscored = [f.name for f in fields(ClusterParams) if f.name not in {*protocol.EVENT_GRID, *protocol.THREAD_GRID}]
    print(f"Not chosen by score: {', '.join(unscored)}")


if __name__ == "__main__":
    main()
