"""Who wants what, and who is who: the real-news gold set's two halves beside the fiction set, in one report.

    .venv/bin/python -m bench.aims [--details {tuning,checking,fiction,afterwards}] [--no-speed] [--tuning]

Three tables:

1. **Who wants what**: precision and recall of statements (actor right and aim token
   overlap >= 0.5, see `statement_scores.py`), and the share of predicted aims that
   read (`aim_reads.py`), on the real-news tuning half, the
   real-news checking half (`data/real_gold.jsonl`, texts read from
   ../shared/eval) and the fiction sets (`bench/data/aims-gold.jsonl`,
   `aims-afterwards.jsonl`).
2. **Entities**: mention detection, kind accuracy and B³ of mentions grouped
   into entities (`entity_scores.py`) on both real halves, newsbrief against the
   baseline: spaCy's small model as it is, grouped by exact string; newsbrief's kinds
   also as the site shows them (each name's majority kind over the run's articles).
3. **Speed**: CPU seconds per article on one core, by part of enrichment, against
   spaCy's own cost for the same texts (`speed.py`).

`--details SET` lists that set's missed and false statements; `--details checking`
is for reporting only: rules are tuned on the tuning half's errors. `--tuning` leaves
the checking half out of the run, so that its figures stay unseen while rules change.
"""

from __future__ import annotations

import os

for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")  # one core: set before numpy is imported

import argparse  # noqa: E402
import json  # noqa: E402
from datetime import date  # noqa: E402
from pathlib import Path  # noqa: E402

from bench.aims import real_gold, speed, systems  # noqa: E402
from bench.aims.entity_scores import EntityTally, archive_kinds, score, with_kinds  # noqa: E402
from bench.aims.statement_scores import (  # noqa: E402
    Claim, Tally, actor_by_spellings, match, misses_and_false_positives, tally,
)

FICTION = Path(__file__).resolve().parents[1] / "data"
FICTION_SETS = {"fiction": FICTION / "aims-gold.jsonl", "afterwards": FICTION / "aims-afterwards.jsonl"}


def fiction_tally(path: Path, details: bool) -> tuple[int, Tally]:
    """Statements on one fiction set (articles carry their text)."""
    articles = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    total = Tally()
    for article in articles:
        gold = [Claim(s["actor"], s["polarity"], s["aim"]) for s in article["statements"]]
        predicted = systems.newsbrief_claims(article.get("title", ""), article["text"])
        pairs = match(gold, predicted)
        total += tally(gold, predicted, pairs)
        if details:
            print("\n".join(misses_and_false_positives(article["id"], gold, predicted, pairs)))
    return len(articles), total


def real_tallies(articles, details: bool, kinds: dict[str, str]) -> tuple[Tally, EntityTally, EntityTally, EntityTally]:
    """Statements, newsbrief's entities (per article, and with the archive's `kinds`) and the baseline's entities."""
    statements, ours, archived, baseline = Tally(), EntityTally(), EntityTally(), EntityTally()
    for a in articles:
        gold = [Claim(s.actor, s.polarity, s.aim) for s in a.statements]
        predicted = systems.newsbrief_claims(a.title, a.text)
        pairs = match(gold, predicted, actor_by_spellings(a.surfaces))
        statements += tally(gold, predicted, pairs)
        if details:
            print("\n".join(misses_and_false_positives(f"{a.corpus}:{a.id}", gold, predicted, pairs)))
        mentions = systems.newsbrief_mentions(a.title, a.text)
        ours += score(a.mentions, a.kinds, mentions)
        archived += score(a.mentions, a.kinds, with_kinds(mentions, kinds))
        baseline += score(a.mentions, a.kinds, systems.spacy_mentions(a.text))
    return statements, ours, archived, baseline


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--details", choices=["tuning", "checking", *FICTION_SETS], help="list misses and false positives")
    parser.add_argument("--no-speed", action="store_true", help="leave out the speed table")
    parser.add_argument("--tuning", action="store_true", help="leave out the checking half, as while tuning")
    args = parser.parse_args(argv)
    if args.tuning and args.details == "checking":
        parser.error("--details checking needs the checking half, which --tuning leaves out")

    splits = ("tuning",) if args.tuning else real_gold.SPLITS
    halves = {split: real_gold.load(split=split) for split in splits}
    kinds = archive_kinds([systems.newsbrief_mentions(a.title, a.text) for articles in halves.values() for a in articles])
    rows, entity_rows = [], []
    for split, articles in halves.items():
        statements, ours, archived, baseline = real_tallies(articles, args.details == split, kinds)
        rows.append((f"real news, {split} half", len(articles), statements))
        entity_rows += [(split, "newsbrief", ours), (split, "newsbrief, kinds as the site shows them", archived),
                        (split, "spaCy small, exact strings", baseline)]
    for name, path in FICTION_SETS.items():
        n, statements = fiction_tally(path, args.details == name)
        rows.append((f"fiction, {path.name}", n, statements))

    print(f"bench.aims, {date.today().isoformat()}")
    print()
    print("Who wants what (actor right, aim token overlap >= 0.5)")
    print()
    print("| set | articles | gold | predicted | precision | recall | F1 | polarity agreement | aims that read |")
    print("| --- | --- | --- | --- | --- | --- | --- | --- | --- |")
    for label, n, t in rows:
        print(f"| {label} | {n} | {t.gold} | {t.predicted} | {t.precision:.3f} | {t.recall:.3f} | {t.f1:.3f} "
              f"| {t.polarity_agreement:.3f} | {t.reads:.3f} |")
    print()
    print("Entities (real news)")
    print()
    print("| half | system | gold mentions | mention P | mention R | kind accuracy | B³ P | B³ R | B³ F1 |")
    print("| --- | --- | --- | --- | --- | --- | --- | --- | --- |")
    for split, system, e in entity_rows:
        p, r, f = e.b3
        print(f"| {split} | {system} | {e.gold} | {e.mention_precision:.3f} | {e.mention_recall:.3f} "
              f"| {e.kind_accuracy:.3f} | {p:.3f} | {r:.3f} | {f:.3f} |")
    if args.no_speed:
        return
    texts = [(a.title, a.text) for articles in halves.values() for a in articles]
    t = speed.measure(texts)
    print()
    print(f"Speed: CPU ms per article on one core, {t.articles} real articles")
    print()
    print("| spaCy alone (whole text) | enrich | of which: parse | entity table | topics | statements | rest | articles/s (enrich) |")
    print("| --- | --- | --- | --- | --- | --- | --- | --- |")
    print(f"| {t.spacy_alone * 1000:.1f} | {t.enrich * 1000:.1f} | {t.parse * 1000:.1f} | {t.entity_table * 1000:.1f} "
          f"| {t.topics * 1000:.1f} | {t.statements * 1000:.1f} | {t.rest * 1000:.1f} | {1 / t.enrich:.1f} |")


if __name__ == "__main__":
    main()
