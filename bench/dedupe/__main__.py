"""Benchmark of near-duplicate detection: precision, recall and speed, and assignment time as the index grows.

    .venv/bin/python -m bench.dedupe [--eval-dir ../shared/eval] [--growth 100000]

Quality rows: the 181 expected texts of ../shared/eval/aeb.jsonl.gz (read by path)
are indexed; eight copies of each (bench/dedupe/variants.py: boilerplate added,
words edited, paragraphs shuffled or dropped; some stay near, some are clearly
different) are then each signed, queried and added, as ingestion does. A copy's
true duplicates are the indexed texts whose exact Jaccard on the configuration's
word shingles is at least 0.8; precision and recall compare what the index returns
with those. "light found" is the share of the six light kinds of copy the index
returns (what a reader calls the same article), "heavy found" the share of the two
heavy kinds (20 % of words replaced, half the paragraphs dropped), and "max J
apart" the highest exact Jaccard between two different AEB articles. Articles/s:
signature + query + add per copy, CPU seconds. One row per configuration of
shingle size k and permutations; the first is newsbrief's default.

Growth rows: synthetic texts (12 sentences drawn at random from the AEB texts),
signed beforehand; the mean time of one assignment (query, then add) over the
articles since the previous size (garbage collection included), and the median,
in CPU time, with the default configuration.
"""

from __future__ import annotations

import argparse
import gzip
import json
import random
import statistics
import time
from pathlib import Path

from bench.dedupe.variants import KINDS, make, sentences, synthetic_texts
from newsbrief.pipeline.duplicates.neardup import NUM_PERM, SHINGLE_WORDS, NearDuplicateIndex, jaccard, shingles, signature

THRESHOLD = 0.8
CONFIGS = ((SHINGLE_WORDS, NUM_PERM), (1, 128), (3, 128), (5, 128), (SHINGLE_WORDS, 64), (SHINGLE_WORDS, 256))


def load(eval_dir: Path) -> list[str]:
    """The AEB expected texts."""
    with gzip.open(eval_dir / "aeb.jsonl.gz", "rt", encoding="utf-8") as lines:
        return [json.loads(line)["expected_text"] for line in lines]


def copies(texts: list[str]) -> list[tuple[int, str, str]]:
    """(source index, kind, text) for every kind of copy of every text, in a shuffled, fixed order."""
    rng = random.Random(3)
    made = [(i, kind, make(text, kind, rng)) for i, text in enumerate(texts) for kind in KINDS]
    rng.shuffle(made)
    return made


def quality(texts: list[str], made: list[tuple[int, str, str]], k: int, num_perm: int) -> dict:
    """Precision, recall, light and heavy copies found, max J apart and articles/s for one configuration."""
    sets = [shingles(text, k) for text in texts]
    index = NearDuplicateIndex(THRESHOLD, num_perm=num_perm)
    for i, text in enumerate(texts):
        index.add(f"a{i}", signature(text, shingle_words=k, num_perm=num_perm))
    tp = fp = fn = 0
    found = {True: [], False: []}
    spent = 0.0
    for n, (source, kind, text) in enumerate(made):
        start = time.process_time()
        sig = signature(text, shingle_words=k, num_perm=num_perm)
        returned = {key for key, _ in index.query(sig)}
        index.add(f"c{n}", sig)  # copies join the index, as ingested articles do
        spent += time.process_time() - start
        copy_set = shingles(text, k)
        originals = {key for key in returned if key.startswith("a")}
        # J >= 0.8 needs sizes within 0.8 of each other: a cheap filter before the exact Jaccard.
        truth = {f"a{i}" for i, other in enumerate(sets)
                 if THRESHOLD * len(other) <= len(copy_set) <= len(other) / THRESHOLD
                 and jaccard(copy_set, other) >= THRESHOLD}
        tp, fp, fn = tp + len(originals & truth), fp + len(originals - truth), fn + len(truth - originals)
        found[KINDS[kind][1]].append(f"a{source}" in returned)
    apart = max(jaccard(sets[i], sets[j]) for i in range(len(sets)) for j in range(i + 1, len(sets)))
    return {
        "precision": tp / (tp + fp) if tp + fp else 1.0,
        "recall": tp / (tp + fn) if tp + fn else 1.0,
        "light": sum(found[True]) / len(found[True]),
        "heavy": sum(found[False]) / len(found[False]),
        "apart": apart,
        "rate": len(made) / spent,
        "assign_ms": None,
    }


def growth(texts: list[str], size: int, checkpoints: list[int]) -> dict[int, tuple[float, float]]:
    """Mean and median ms per assignment (query + add) over the articles since the previous checkpoint."""
    rng = random.Random(5)
    pool = sentences(texts)
    index = NearDuplicateIndex(THRESHOLD)
    result, window = {}, []
    for n, text in enumerate(synthetic_texts(pool, size, 12, rng), start=1):
        sig = signature(text)  # not timed: the growth rows time the index alone
        start = time.process_time()
        index.query(sig)
        index.add(f"s{n}", sig)
        window.append(time.process_time() - start)
        if n in checkpoints:
            result[n] = (1000 * sum(window) / len(window), 1000 * statistics.median(window))
            window = []
    return result


def main() -> None:
    """Print the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--eval-dir", type=Path, default=Path("../shared/eval"))
    parser.add_argument("--growth", type=int, default=100_000, help="index size the growth rows reach")
    args = parser.parse_args()
    texts = load(args.eval_dir)
    made = copies(texts)
    rows = []
    for k, num_perm in CONFIGS:
        name = f"k={k}, {num_perm} perm" + (" (default)" if (k, num_perm) == (SHINGLE_WORDS, NUM_PERM) else "")
        rows.append((name, quality(texts, made, k, num_perm)))
    checkpoints = [n for n in (1_000, 10_000, 25_000, 50_000, 75_000) if n < args.growth] + [args.growth]
    for size, (mean, median) in growth(texts, args.growth, checkpoints).items():
        rows.append((f"growth: index at {size:,}", {"assign_ms": mean, "assign_median": median}))
    print(f"{len(texts)} AEB articles, {len(made)} copies ({len(KINDS)} kinds), threshold {THRESHOLD}")
    print("| configuration              | precision | recall | light found | heavy found | max J apart "
          "| articles/s | assign ms mean / median |")
    print("|----------------------------|-----------|--------|-------------|-------------|-------------"
          "|------------|-------------------------|")
    for name, r in rows:
        def cell(key, fmt, width):
            return format(r[key], fmt).rjust(width) if r.get(key) is not None else "–".rjust(width)
        print(f"| {name:<27}| {cell('precision', '.3f', 9)} | {cell('recall', '.3f', 6)} | {cell('light', '.3f', 11)} "
              f"| {cell('heavy', '.3f', 11)} | {cell('apart', '.3f', 11)} | {cell('rate', '.0f', 10)} "
              f"| {cell('assign_ms', '.3f', 11)} / {cell('assign_median', '.3f', 9)} |")


if __name__ == "__main__":
    main()
