"""Reading the dev corpora, the train/eval split by id hash, and ROUGE as the issue defines it."""

from __future__ import annotations

import gzip
import hashlib
import json
from collections.abc import Iterator
from pathlib import Path

EVAL_DIR = Path(__file__).resolve().parents[2] / ".." / "shared" / "eval"
CORPORA = {"cnndm": "cnndm-dev.jsonl.gz", "bbc": "bbc-dev.jsonl.gz"}
ROUGE_TYPES = ("rouge1", "rouge2", "rougeLsum")


def read(name: str, eval_dir: Path = EVAL_DIR, limit: int | None = None) -> Iterator[dict]:
    """The items of one dev corpus, in file order."""
    with gzip.open(Path(eval_dir) / CORPORA[name], "rt", encoding="utf-8") as fh:
        for n, line in enumerate(fh):
            if limit is not None and n >= limit:
                return
            yield json.loads(line)


def is_train(item_id: str) -> bool:
    """Half the items, chosen by a hash of the id, train the scorer; the other half evaluates it."""
    return hashlib.sha1(str(item_id).encode()).digest()[0] % 2 == 0


def scorer():
    """rouge-score with Porter stemming, as the issue's bar is measured."""
    from rouge_score import rouge_scorer

    return rouge_scorer.RougeScorer(list(ROUGE_TYPES), use_stemmer=True)


def mean_rouge(pairs: list[tuple[str, str]]) -> tuple[float, float, float]:
    """Mean F1 x 100 of R-1, R-2 and R-Lsum over (reference, prediction) pairs, one sentence a line."""
    rs = scorer()
    totals = [0.0, 0.0, 0.0]
    for ref, pred in pairs:
        result = rs.score(ref, pred)
        for k, name in enumerate(ROUGE_TYPES):
            totals[k] += result[name].fmeasure
    n = max(len(pairs), 1)
    return tuple(round(100 * t / n, 2) for t in totals)
