"""Benchmark of language detection: accuracy on real articles labelled by hand, and cost per article.

    nice .venv/bin/python -m bench.language [--eval-dir ../shared/eval]

Labels: bench/data/language-labels.jsonl (corpus, id, language; no text). The
texts are read by path from ../shared/eval: for the `aeb` and `trafeval-dev` pages,
trafilatura.extract of the page with its defaults, and the page's `<html lang>` as
its declared language; the first 300 `bbc-dev` and `cnndm-dev` articles (English,
declared "en"). How the labels were made: each page's `<html lang>`, and the text
read by hand wherever that or any of four detectors (py3langid, pycld2, lingua in
low-accuracy mode, fastText's lid.176.ftz) disagreed (2026-12-06).

Rows: the declared language alone (the old rule), the detector on the whole
text, on the first SAMPLE_CHARS characters, on the first N words, and
language_of (the rule the pipeline runs). `aeb` tuned the thresholds; `trafeval`
confirms them. Cost: CPU seconds of this process per article, after a warm-up.
"""

from __future__ import annotations

import argparse
import gzip
import json
import time
from collections.abc import Callable
from pathlib import Path

import trafilatura

from newsbrief.pipeline.language.detect import SAMPLE_CHARS, declared_language, detected_language, language_of

LABELS = Path(__file__).parents[1] / "data" / "language-labels.jsonl"
CORPORA = ("aeb", "trafeval-dev", "bbc-dev", "cnndm-dev")


def load(eval_dir: Path) -> list[dict]:
    """The labelled articles: corpus, language (the label), declared, text."""
    labels = {(r["corpus"], r["id"]): r["language"] for r in map(json.loads, LABELS.open(encoding="utf-8"))}
    rows = []
    for corpus in CORPORA:
        with gzip.open(eval_dir / f"{corpus}.jsonl.gz", "rt", encoding="utf-8") as f:
            for line in f:
                item = json.loads(line)
                key = (corpus, str(item["id"]))
                if key not in labels:
                    continue
                if "html" in item:
                    tree = trafilatura.load_html(item["html"])
                    declared = tree.get("lang") or "" if tree is not None else ""
                    text = trafilatura.extract(item["html"]) or ""
                else:
                    declared, text = "en", item["text"]
                rows.append({"corpus": corpus, "language": labels[key], "declared": declared, "text": text})
    return rows


def first_words(text: str, n: int) -> str:
    """The text's first n white-space words."""
    return " ".join(text.split()[:n])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--eval-dir", type=Path, default=Path("../shared/eval"))
    args = parser.parse_args()
    rows = load(args.eval_dir)
    systems: dict[str, Callable[[dict], str]] = {
        "declared <html lang> only (before)": lambda r: declared_language(r["declared"]),
        "py3langid, whole text": lambda r: detected_language(r["text"]),
        **{f"py3langid, first {n} chars": (lambda r, n=n: detected_language(r["text"][:n]))
           for n in sorted({250, SAMPLE_CHARS, 1000})},
        **{f"py3langid, first {n} words": (lambda r, n=n: detected_language(first_words(r["text"], n)))
           for n in (5, 10, 20, 40)},
        "language_of (the pipeline's rule)": lambda r: language_of(r["text"], r["declared"]),
    }
    language_of(rows[0]["text"])  # loads the model
    print(f"{len(rows)} labelled articles: " + ", ".join(
        f"{c} {sum(r['corpus'] == c for r in rows)}" for c in CORPORA))
    print(f"| system | {' | '.join(CORPORA)} | all | ms/article |")
    print("| --- | " + " | ".join("---" for _ in CORPORA) + " | --- | --- |")
    for name, system in systems.items():
        start = time.process_time()
        found = [system(r) for r in rows]
        ms = 1000 * (time.process_time() - start) / len(rows)
        cells = []
        for corpus in CORPORA:
            pairs = [(f, r["language"]) for f, r in zip(found, rows) if r["corpus"] == corpus]
            cells.append(f"{sum(f == g for f, g in pairs) / len(pairs):.3f}")
        right = sum(f == r["language"] for f, r in zip(found, rows)) / len(rows)
        print(f"| {name} | {' | '.join(cells)} | {right:.3f} | {ms:.3f} |")


if __name__ == "__main__":
    main()
