"""Clustering scores against gold labels: B³ precision, recall and F1, and pairwise F1."""

from __future__ import annotations

from collections import Counter


def b_cubed(predicted: list[str], gold: list[str], precise: list[bool] | None = None,
            recalled: list[bool] | None = None) -> tuple[float, float, float]:
    """B³ precision, recall and F1 (Bagga & Baldwin 1998): precision averaged over the `precise` items, recall
    over the `recalled` ones (all items where not given). Every item counts in the groups it shares with them.
    """
    pred_size, gold_size = Counter(predicted), Counter(gold)
    both = Counter(zip(predicted, gold))
    pairs = list(zip(predicted, gold))
    precise_pairs = [pair for n, pair in enumerate(pairs) if precise is None or precise[n]]
    recalled_pairs = [pair for n, pair in enumerate(pairs) if recalled is None or recalled[n]]
    precision = sum(both[p, g] / pred_size[p] for p, g in precise_pairs) / len(precise_pairs)
    recall = sum(both[p, g] / gold_size[g] for p, g in recalled_pairs) / len(recalled_pairs)
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
