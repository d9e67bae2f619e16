"""Benchmark of story briefs (issue 18): redundancy, coverage, faithfulness, editorial defects, tuning and update speed.

    nice .venv/bin/python -m bench.storybrief [--ecbplus ../shared/eval/ecbplus.jsonl.gz] [--limit-events N]
        [--no-enrich] [--pages] [--eval-dir ../shared/eval] [--page-limit N] [--no-speed]

Data: the ECB+ events (articles grouped by `label`, 36 events of 4 to 19 articles in 18
topics), in file order as the order of arrival (no timestamps); each document is its own
outlet (ECB+ names none). Each article is briefed by `summarize` and, unless --no-enrich,
its statements found by the site's enrichment (spaCy).

Quality (quality.py), per event, for the story brief and for today's story lead (the lead
of the event's most central article), in the same run: redundant events (a pair of brief
sentences over 60 % word overlap), outlets contributing (a sentence, or a fact the brief
states), majority facts stated, sentences traced to their span, events with an editorial
defect (bench/summarize/defects.KINDS).

Tuning (folds.py): the story brief's thresholds chosen on the events of one half of the
topics and reported on the other half, then the halves swapped.

The differ table (differ.py): each pair of figures shown side by side, judged by hand as
counting the same thing or not (differ_judged.tsv); the figures' threshold for one toll
stated in two facts (story_state.SAME_CONTEXT) tuned on one half, confirmed on the other.

Real pages (--pages, real_pages.py): the editorial checks on one-article story briefs of
the real-page corpora, which are not grouped into stories.

Speed: a story of 100 and of 1,000 articles (ECB+ articles cycled under new ids and
outlets), then one more article joins: read the stored state (JSON), fold the article in,
write the brief and the state back (JSON), as the site does on a membership change; CPU
time of this process (one core), median of 30.
"""

from __future__ import annotations

import argparse
import gzip
import itertools
import json
import statistics
import time
from collections import defaultdict
from pathlib import Path

from bench.storybrief.differ import judged, measure_pairs, tune_context, unjudged
from bench.storybrief.folds import FIGURE_GRID, GRID, halves, measure, tune
from bench.storybrief.quality import central_lead_sentences, new_row, rates, score, story_brief_sentences
from bench.storybrief.real_pages import page_rows
from newsbrief.pipeline.briefs.story_brief import Member, StoryState, add_members, brief_of, record
from newsbrief.pipeline.briefs.summarize import summarize
from newsbrief.pipeline.enrichment.enrich import enrich

EVAL = Path(__file__).resolve().parents[2] / ".." / "shared" / "eval"
COLUMNS = ("redundant", "outlets", "majority", "traced", "defect")
HEADER = ("| brief | redundant events | outlets contributing | majority facts stated | sentences traced | "
          "events with a defect | sentences per brief |\n| --- | --- | --- | --- | --- | --- | --- |")  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--ecbplus", type=Path, default=EVAL / "ecbplus.jsonl.gz")
    parser.add_argument("--limit-events", type=int, default=None)
    parser.add_argument("--no-enrich", action="store_true")
    parser.add_argument("--pages", action="store_true", help="also the editorial checks on the real-page corpora")
    parser.add_argument("--eval-dir", type=Path, default=EVAL)
    parser.add_argument("--page-limit", type=int, default=None, help="pages read per real-page corpus")
    parser.add_argument("--no-speed", action="store_true")
    args = parser.parse_args()
    docs = [json.loads(line) for line in gzip.open(args.ecbplus, "rt", encoding="utf-8")]
    events: dict[str, list[dict]] = defaultdict(list)
    for doc in docs:
        events[doc["label"]].append(doc)
    labels = list(events)[: args.limit_events]
    topic_of = {label: events[label][0]["topic"] for label in labels}
    members = {}
    for doc in (d for label in labels for d in events[label]):
        statements = () if args.no_enrich else enrich("", doc["text"]).statements
        members[doc["id"]] = Member(doc["id"], doc["id"], None, summarize("", doc["text"]), statements)
    texts = {doc["id"]: doc["text"] for doc in docs}
    grouped = {label: [members[d["id"]] for d in events[label]] for label in labels}

    print(f"ECB+: {len(labels)} events in {len(set(topic_of.values()))} topics, "
          f"{sum(len(g) for g in grouped.values())} articles; statements: {'no' if args.no_enrich else 'spaCy'}")
    rows = {"story brief": new_row(), "central lead": new_row()}
    for group in grouped.values():
        score(rows["story brief"], story_brief_sentences(group), group, texts)
        score(rows["central lead"], central_lead_sentences(group), group, texts)
    print(HEADER)
    for name, row in rows.items():
        print(_line(name, rates(row)))
    kinds = defaultdict(int)
    for kind in rows["story brief"]["kinds"]:
        kinds[kind] += 1
    print("story brief defects by kind:", dict(kinds) or "none")

    _folds(grouped, topic_of, texts)
    _differences(grouped, topic_of)
    if args.pages:
        _pages(args.eval_dir, args.page_limit, not args.no_enrich)
    if not args.no_speed:
        pool = list(members.values()) if len(members) > 50 else list(members.values()) * 10
        for size in (100, 1000):
            print(f"| update, one article joins a story of {size} | {_update_ms(pool, size):.1f} ms (CPU, median of 30) |")


def _folds(grouped: dict[str, list[Member]], topic_of: dict[str, str], texts: dict[str, str]) -> None:
    """Tune on one half of the topics, report the other; then swap. The shipped thresholds on each half beside."""
    first, second = halves(list(topic_of.values()))
    shipped = {name: getattr(module, name) for name, (module, _) in GRID.items()}
    print(f"\nTuning and confirming (halves by topic; shipped thresholds {shipped}):")
    print("| tuned on | chosen thresholds | choices tried | tuning half: outlets / majority | "
          "confirm half, chosen: redundant / outlets / majority / defect | confirm half, shipped: same |")
    print("| --- | --- | --- | --- | --- | --- |")
    for tuning, confirming, name in ((first, second, "half A"), (second, first, "half B")):
        on = [g for label, g in grouped.items() if topic_of[label] in tuning]
        off = [g for label, g in grouped.items() if topic_of[label] in confirming]
        chosen, tuned, tried = tune(on, texts)
        checked, baseline = measure(off, texts, chosen), measure(off, texts)
        print(f"| {name} ({len(on)} events) | {chosen or 'none met the bars'} | {tried} | "
              f"{_pct(tuned.get('outlets'))} / {_pct(tuned.get('majority'))} | {_four(checked)} | {_four(baseline)} |")


def _differences(grouped: dict[str, list[Member]], topic_of: dict[str, str]) -> None:
    """The differ table's pairs, judged by hand, on all events and each half; then its threshold tuned and confirmed."""
    first, second = halves(list(topic_of.values()))
    half = lambda topics: {label: g for label, g in grouped.items() if topic_of[label] in topics}  # noqa: E731
    print("\nThe differ table: pairs of figures side by side, judged by hand (bench/storybrief/differ_judged.tsv):")
    print("| events | differences | pairs | true pairs | false pairs | unjudged pairs |\n| --- | --- | --- | --- | --- | --- |")
    for name, events in (("all", grouped), ("half A", half(first)), ("half B", half(second))):
        t = measure_pairs(events)
        print(f"| {name} ({len(events)}) | {t['differences']} | {t['pairs']} | {t['true']} | {t['false']} | "
              f"{t['unjudged']} |")
    referents = judged()
    missing = [line for label, g in grouped.items()
               for line in unjudged(label, brief_of(add_members(StoryState(), g)), referents)]
    if missing:
        print("figures to judge (add them to differ_judged.tsv):", *missing, sep="\n")
    shipped = {name: getattr(module, name) for name, (module, _) in FIGURE_GRID.items()}
    print(f"\nTuning the differ table (shipped {shipped}; goal: true pairs less false pairs):")
    print("| tuned on | chosen | choices tried | tuning half: true / false | confirm half, chosen: true / false | "
          "confirm half, shipped: true / false |\n| --- | --- | --- | --- | --- | --- |")
    for tuning, confirming, name in ((first, second, "half A"), (second, first, "half B")):
        chosen, tuned, tried = tune_context(half(tuning))
        checked, baseline = measure_pairs(half(confirming), chosen), measure_pairs(half(confirming))
        print(f"| {name} | {chosen} | {tried} | {tuned['true']} / {tuned['false']} | "
              f"{checked['true']} / {checked['false']} | {baseline['true']} / {baseline['false']} |")


def _pages(eval_dir: Path, limit: int | None, with_statements: bool) -> None:
    print("\nEditorial checks on real pages, each page a one-article story (not grouped into stories):")
    print("| corpus | half | briefs | with a defect | sentences traced | sentences per brief | defects by kind |")
    print("| --- | --- | --- | --- | --- | --- | --- |")
    for (name, half), found in page_rows(eval_dir, limit, with_statements).items():
        print(f"| {name} | {half} | {found['briefs']} | {_pct(found['defect'])} | {_pct(found['traced'])} | "
              f"{found['sentences']:.1f} | {found['kinds'] or 'none'} |")


def _update_ms(pool: list[Member], size: int) -> float:
    """CPU ms to fold one article into a stored story of `size` articles and write its brief and state back."""
    cycle = itertools.cycle(pool)
    grown = [_renamed(next(cycle), k) for k in range(size)]
    stored = json.dumps(add_members(StoryState(), grown).data)
    times = []
    for k in range(30):
        joining = _renamed(next(cycle), size + k)
        started = time.process_time()
        state = add_members(StoryState(json.loads(stored)), [joining])
        json.dumps(record("story", brief_of(state)))
        json.dumps(state.data)
        times.append(time.process_time() - started)
    return statistics.median(times) * 1000


def _renamed(member: Member, k: int) -> Member:
    return Member(f"{member.id}#{k}", f"outlet-{k}", None, member.brief, member.statements)


def _line(name: str, found: dict) -> str:
    return f"| {name} | " + " | ".join(_pct(found[c]) for c in COLUMNS) + f" | {found['sentences']:.1f} |"


def _four(found: dict) -> str:
    return " / ".join(_pct(found[c]) for c in ("redundant", "outlets", "majority", "defect"))


def _pct(value: float | None) -> str:
    return "–" if value is None or value != value else f"{100 * value:.1f} %"


if __name__ == "__main__":
    main()
