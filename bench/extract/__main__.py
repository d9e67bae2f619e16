"""Benchmark of article extraction: quality and speed on the AEB pages and the trafeval-dev pages.

    .venv/bin/python -m bench.extract [--eval-dir ../shared/eval] [--limit N] [--repeat 1]

Reads ../shared/eval/aeb.jsonl.gz by path (181 real pages with the expected article
text) and ../shared/eval/trafeval-dev.jsonl.gz (449 real pages, mostly German, each with
segments the article must contain and must not contain). Rows: newsbrief's extract() on an Entry holding the page's bytes (the call
path of ingestion: size and tree limits, block-page check, trafilatura with
metadata, paragraph clean-up), and trafilatura.extract with its defaults on the
same bytes. Metric as in the eval README and the AEB's evaluate.py: 4-gram
shingles of \\w+ tokens, per-page precision and recall (shingle counts, normalised
per page), averaged over pages, F1 of the means. A page newsbrief refuses (no text,
blocked, past a limit) counts as empty output. Pages/s: each system alone, one
pass after a warm-up pass, the two taking turns page by page, in CPU seconds of
this one process (other work on shared cores does not count). Also prints how many
pages block_reason flags (it should be none: all 181 are real articles).
Goals (issue 3): newsbrief F1 >= trafilatura's, pages/s >= 0.8 x trafilatura's.

trafeval-dev: the share of must-contain segments found in the output, and the share of
must-not-contain segments let through, pooled over all segments (as trafilatura's own
evaluation counts them), both texts and segments in NFC with whitespace collapsed.
newsbrief's output is the article it stores: its title, then its text (the text leaves
out a first line that repeats the title, and some segments are headlines). The page's
URL is given where it is an http(s) URL. Goals (issue 15): kept >= trafilatura's,
let through <= trafilatura's + 0.02.
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import time
import unicodedata
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import trafilatura

from newsbrief.pipeline.duplicates.keys import web_url
from newsbrief.pipeline.extraction.blocked import block_reason
from newsbrief.pipeline.errors import InputError
from newsbrief.pipeline.extraction.extract import extract
from newsbrief.pipeline.types import Entry

_TOKEN = re.compile(r"\w+")


def load(path: Path, limit: int | None) -> list[dict]:
    """The items of one corpus (AEB: id, url, html, expected_text; trafeval: id, url, html, with, without)."""
    with gzip.open(path, "rt", encoding="utf-8") as lines:
        items = [json.loads(line) for line in lines]
    items = items[:limit] if limit else items
    for item in items:
        item["page"] = item["html"].encode("utf-8")  # what the guarded client hands over: bytes
    return items


def shingles(text: str, n: int = 4) -> Counter:
    """Counts of the n-grams of \\w+ tokens (one shorter gram for texts under n tokens)."""
    tokens = _TOKEN.findall(text or "")
    return Counter(tuple(tokens[i:i + n]) for i in range(max(1, len(tokens) - n + 1)) if tokens[i:i + n])


def tp_fp_fn(expected: str, predicted: str) -> tuple[float, float, float]:
    """Shingle true positives, false positives and false negatives, normalised to sum to 1."""
    truth, guess = shingles(expected), shingles(predicted)
    tp = sum((truth & guess).values())
    fp, fn = sum(guess.values()) - tp, sum(truth.values()) - tp
    total = tp + fp + fn
    return (tp / total, fp / total, fn / total) if total else (0.0, 0.0, 0.0)


def scores(counts: list[tuple[float, float, float]]) -> tuple[float, float, float]:
    """Mean precision, mean recall and the F1 of those means, as the AEB's evaluate.py computes them."""
    def ratio(tp, other, fp, fn):
        if fp == fn == 0:
            return 1.0
        return 0.0 if tp == other == 0 else tp / (tp + other)
    precisions = [ratio(tp, fp, fp, fn) for tp, fp, fn in counts if tp + fp > 0]
    recalls = [ratio(tp, fn, fp, fn) for tp, fp, fn in counts if tp + fn > 0]
    precision, recall = sum(precisions) / len(precisions), sum(recalls) / len(recalls)
    return precision, recall, 2 * precision * recall / (precision + recall)


def newsbrief_text(item: dict) -> str:
    """newsbrief's article text for one page ("" when it refuses the page)."""
    entry = Entry(url=item["url"], origin="aeb", page=item["page"])
    try:
        return extract(entry).text
    except InputError:
        return ""


def newsbrief_article(item: dict) -> str:
    """newsbrief's article for one trafeval page: its title and its text ("" when it refuses the page)."""
    entry = Entry(url=web_url(item["url"]), origin="trafeval", page=item["page"])
    try:
        article = extract(entry)
    except InputError:
        return ""
    return f"{article.title}\n\n{article.text}"


def _comparable(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).split())


def segment_shares(items: list[dict], outputs: list[str]) -> tuple[float, float]:
    """The share of must-contain segments kept and of must-not-contain segments let through, pooled."""
    kept = wanted = let_through = unwanted = 0
    for item, output in zip(items, outputs, strict=True):
        text = _comparable(output)
        kept += sum(_comparable(segment) in text for segment in item["with"])
        let_through += sum(_comparable(segment) in text for segment in item["without"])
        wanted, unwanted = wanted + len(item["with"]), unwanted + len(item["without"])
    return kept / wanted, let_through / unwanted


def trafilatura_text(item: dict) -> str:
    """trafilatura.extract with its defaults on the same bytes."""
    return trafilatura.extract(item["page"], url=web_url(item["url"]) or None) or ""


def timed(systems: list[Callable[[dict], str]], items: list[dict], repeat: int) -> tuple[list[list[str]], list[float]]:
    """Each system's outputs and pages/s, measured in CPU seconds of this process.

    Systems run page by page in turn (the order swapped every page), so that other
    load on the machine and the warming of caches fall on both alike; CPU time, not
    wall time, so that other processes on shared cores do not count.
    """
    outputs = [[system(item) for item in items] for system in systems]  # warm-up: imports, lazy caches
    spent = [0.0] * len(systems)
    for _ in range(repeat):
        for number, item in enumerate(items):
            order = list(range(len(systems)))
            for which in order if number % 2 else reversed(order):
                start = time.process_time()
                systems[which](item)
                spent[which] += time.process_time() - start
    return outputs, [repeat * len(items) / seconds for seconds in spent]


def main() -> None:
    """Print the tables."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--eval-dir", type=Path, default=Path("../shared/eval"))
    parser.add_argument("--limit", type=int, default=None, help="the first N pages of each corpus")
    parser.add_argument("--repeat", type=int, default=1)
    args = parser.parse_args()
    items = load(args.eval_dir / "aeb.jsonl.gz", args.limit)
    flagged = sum(1 for item in items if block_reason(item["page"]))
    names = ("newsbrief extract()", "trafilatura.extract (defaults)")
    all_outputs, speeds = timed([newsbrief_text, trafilatura_text], items, args.repeat)
    rows = []
    for name, outputs, speed in zip(names, all_outputs, speeds):
        counts = [tp_fp_fn(item["expected_text"], out) for item, out in zip(items, outputs)]
        empty = sum(1 for out in outputs if not out.strip())
        rows.append((name, *scores(counts), speed, empty))
    ratio = rows[0][4] / rows[1][4]
    print(f"AEB: {len(items)} pages; block_reason flags {flagged}; newsbrief/trafilatura speed = {ratio:.2f}")
    print(f"| {'system':<31}| precision | recall |   F1   | pages/s | empty |")
    print(f"|{'-' * 32}|-----------|--------|--------|---------|-------|")
    for name, precision, recall, f1, speed, empty in rows:
        print(f"| {name:<31}|   {precision:.3f}   | {recall:.3f}  | {f1:.3f}  | {speed:7.1f} | {empty:5d} |")
    pages = load(args.eval_dir / "trafeval-dev.jsonl.gz", args.limit)
    all_outputs, speeds = timed([newsbrief_article, trafilatura_text], pages, args.repeat)
    segments = sum(len(page["with"]) for page in pages), sum(len(page["without"]) for page in pages)
    print(f"\ntrafeval-dev: {len(pages)} pages, {segments[0]} must-contain and {segments[1]} must-not-contain segments")
    print(f"| {'system':<31}| must-contain kept | must-not-contain let through | pages/s | empty |")
    print(f"|{'-' * 32}|-------------------|------------------------------|---------|-------|")
    for name, outputs, speed in zip(names, all_outputs, speeds):
        kept, let_through = segment_shares(pages, outputs)
        empty = sum(1 for out in outputs if not out.strip())
        print(f"| {name:<31}|       {kept:.3f}       |            {let_through:.3f}             | {speed:7.1f} | {empty:5d} |")


if __name__ == "__main__":
    main()
