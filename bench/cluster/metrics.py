"""Clustering scores against gold labels: B³ precision, recall and F1, and pairwise F1."""

from __future__ import annotations

from collections import Counter


def b_cubed(predicted: list[str], gold: list[str]) -> tuple[float, float, float]:
    """B³ precision, recall and F1, averaged over items (Bagga & Baldwin 1998)."""
    pred_size, gold_size = Counter(predicted), Counter(gold)
    both = Counter(zip(predicted, gold))
    precision = sum(both[p, g] / pred_size[p] for p, g in zip(predicted, gold)) / len(gold)
    recall = sum(both[p, g] / gold_size[g] for p, g in zip(predicted, gold)) / len(gold)
    return precision, recall, _f1(precision, recall)


def pairwise_f1(predicted: list[str], gold: list[str]) -> float:
    """F1 over the pairs of items put together, against the pairs that belong together."""

    def pairs(counts: Counter) -> int:
        return sum(n * (n - 1) // 2 for n in counts.values())

    together = pairs(Counter(zip(predicted, gold)))
    predicted_pairs, gold_pairs = pairs(Counter(predicted)), pairs(Counter(gold))
    if not together:
        return 0.0
    return _f1(together / predicted_pairs, together / gold_pairs)


def _f1(precision: float, recall: float) -> float:
    """The harmonic mean of the two."""
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0
