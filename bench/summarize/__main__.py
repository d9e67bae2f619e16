"""Benchmark of the brief's lead: ROUGE against the dev corpora, baselines, speed and memory.

    .venv/bin/python -m bench.summarize [--eval-dir ../shared/eval] [--limit N] [--baseline-limit 1000]

Prints one table. Rows: newsbrief's lead on all items and on the eval half (the
items whose id the scorer was not trained on, see corpus.is_train), Lead-3 on the
same, and LexRank and TextRank (sumy, 3 sentences, newsbrief's sentence splitter;
TextRank also held to the lead's 75 words)
on the first --baseline-limit items (default 1,200: all of BBC, a fifth of CNN/DM,
with newsbrief's lead on the same items for comparison), all of them and their eval half. ROUGE-1, ROUGE-2 and ROUGE-Lsum F1 (rouge-score,
Porter stemming, one sentence per line). Articles/s and peak memory are measured in
a child process that does nothing but summarize both corpora on one core.
Needs the bench extra: rouge-score, sumy, nltk (no NLTK data is downloaded).
The briefs as an editor reads them (repetition, closings, page residue …) have their
own table: `python -m bench.summarize.editorial`.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path

from bench.summarize import baselines, corpus
from newsbrief.pipeline.briefs.sentences import split_text
from newsbrief.pipeline.briefs.summarize import summarize


def lead_pairs(items: list[dict]) -> list[tuple[str, str]]:
    """(reference, newsbrief lead one sentence a line) for each item."""
    pairs = []
    for it in items:
        brief = summarize(it.get("title", ""), it["text"], body_mode="none")
        pairs.append((it["summary"], "\n".join(s.text for s in brief.lead)))
    return pairs


def lead3_pairs(items: list[dict]) -> list[tuple[str, str]]:
    """(reference, first three sentences) for each item."""
    return [(it["summary"], "\n".join(s.text for s in split_text(it["text"])[:3])) for it in items]


def speed(eval_dir: Path, limit: int | None) -> tuple[float, float]:
    """Articles/s and peak resident memory (MB) of a child process summarizing both corpora."""
    code = (
        "import re, time\n"
        "from bench.summarize import corpus\n"
        "from newsbrief.pipeline.briefs.summarize import summarize\n"
        "n, spent = 0, 0.0\n"
        "for name in corpus.CORPORA:\n"
        f"    for it in corpus.read(name, {str(eval_dir)!r}, {limit!r}):\n"
        "        t = time.process_time()\n"
        "        summarize(it.get('title', ''), it['text'])\n"
        "        spent += time.process_time() - t\n"
        "        n += 1\n"
        "peak = re.search(r'VmHWM:\\s+(\\d+)', open('/proc/self/status').read()).group(1)\n"
        "print(n / spent, int(peak) / 1024)\n"
    )
    # One core: CPU time of one single-threaded process, so other work on the machine does not
    # count; items are streamed, so the peak is the summarizer's, not the corpus's. VmHWM, not
    # ru_maxrss: Linux carries ru_maxrss over from the forked parent across exec.
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split()
    return float(out[0]), float(out[1])


def main(argv: list[str] | None = None) -> None:
    """Print the benchmark table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--eval-dir", type=Path, default=corpus.EVAL_DIR)
    parser.add_argument("--limit", type=int, default=None, help="items per corpus (default: all)")
    parser.add_argument("--baseline-limit", type=int, default=1200, help="items per corpus for sumy (slow)")
    parser.add_argument("--no-baselines", action="store_true", help="skip LexRank and TextRank")
    args = parser.parse_args(argv)
    rows = []
    for name in corpus.CORPORA:
        items = list(corpus.read(name, args.eval_dir, args.limit))
        held = [it for it in items if not corpus.is_train(it["id"])]
        n, h = len(items), len(held)
        ours = lead_pairs(items)
        lead3 = lead3_pairs(items)
        held_ids = {id(it) for it in held}
        pick = [k for k, it in enumerate(items) if id(it) in held_ids]
        rows.append((name, f"newsbrief lead (all {n})", corpus.mean_rouge(ours)))
        rows.append((name, f"newsbrief lead (eval half, {h})", corpus.mean_rouge([ours[k] for k in pick])))
        rows.append((name, f"Lead-3 (all {n})", corpus.mean_rouge(lead3)))
        rows.append((name, f"Lead-3 (eval half, {h})", corpus.mean_rouge([lead3[k] for k in pick])))
        if not args.no_baselines:
            few = items[: args.baseline_limit]
            if len(few) < n:
                rows.append((name, f"newsbrief lead (first {len(few)})", corpus.mean_rouge(ours[: len(few)])))
            runs = (
                ("LexRank, 3 sentences", lambda text: baselines.lexrank(text, 3)),
                ("TextRank, 3 sentences", lambda text: baselines.textrank(text, 3)),
                ("TextRank, held to 3 sentences in 75 words", lambda text: baselines.textrank_capped(text, 3, 75)),
            )
            few_held = [k for k, it in enumerate(few) if not corpus.is_train(it["id"])]
            rows.append((name, f"newsbrief lead (eval half of the first {len(few)}, {len(few_held)})",
                         corpus.mean_rouge([ours[k] for k in few_held])))  # fmt: skip
            for label, fn in runs:
                pairs = [(it["summary"], "\n".join(fn(it["text"]))) for it in few]
                rows.append((name, f"{label} (sumy; first {len(few)})", corpus.mean_rouge(pairs)))
                held_pairs = [pairs[k] for k in few_held]
                rows.append((name, f"{label} (sumy; eval half of the first {len(few)})", corpus.mean_rouge(held_pairs)))
    rate, peak = speed(args.eval_dir, args.limit)
    print("| corpus | system | R-1 | R-2 | R-Lsum |")
    print("| --- | --- | --- | --- | --- |")
    for name, system, (r1, r2, rl) in rows:
        print(f"| {name} | {system} | {r1:.2f} | {r2:.2f} | {rl:.2f} |")
    print(f"\nnewsbrief summarize(), full brief, one core: {rate:.0f} articles/s; peak memory {peak:.0f} MB")


if __name__ == "__main__":
    main()
