"""The sparse TF-IDF vectors story clustering compares: one per article, weighted per field, and their cosine."""

from __future__ import annotations

import itertools
import math
from collections.abc import Mapping

from newsbrief.pipeline.clustering.terms import NAMES

Vector = dict[str, float]


def idf(fields: Mapping[str, Mapping[str, int]], df: dict[str, int], documents: int) -> dict[str, float]:
    """The inverse document frequency of each of the article's terms; counts the article into `df`."""
    log, get = math.log, df.get
    log_n = log(documents + 1)
    weights: dict[str, float] = {}
    for name, counts in fields.items():
        if name == NAMES:  # a name is also a word, counted just before: share its frequency
            seen = [get(term[1:], 1) for term in counts]
        else:
            # All lookups first, in one loop in C: a large `df` misses the cache on most of them, and
            # the processor overlaps those misses only without Python work between them (a fifth faster).
            seen = [n + 1 for n in list(map(get, counts, itertools.repeat(0)))]
            df.update(zip(counts, seen))
        weights.update(zip(counts, [log_n - log(n + 1) for n in seen]))  # log((N + prior + 1) / (df + 1))
    return weights


def vectorise(
    fields: Mapping[str, Mapping[str, int]], idf: Mapping[str, float], keep: int, field_weights: Mapping[str, float]
) -> Vector:
    """The article's TF-IDF vector, each field normalised and then weighted, cut to its `keep` strongest terms.

    Fields without a weight are left out; every term needs its IDF in `idf`.
    """
    log = math.log
    terms: list[str] = []
    weights: list[float] = []
    total = 0.0
    for name, counts in fields.items():
        weight = field_weights.get(name, 0.0)
        if not weight:
            continue
        field = [
            (1.0 + log(tf) if tf > 1 else 1.0) * n for tf, n in zip(counts.values(), map(idf.__getitem__, counts))
        ]  # sublinear term count times IDF
        norm = math.hypot(*field)
        if norm:
            scale = math.sqrt(weight) / norm
            total += weight
            terms += counts
            weights += [w * scale for w in field]
    if not total:
        return dict(zip(terms, weights))
    # Cut after normalising, so the kept terms keep their share of the whole article. Sorting positions
    # by weight is stable, so equal weights keep their order of appearance and runs repeat.
    scale = 1.0 / math.sqrt(total)
    order = sorted(range(len(weights)), key=weights.__getitem__, reverse=True)[:keep]
    return {terms[i]: weights[i] * scale for i in order}


def strongest(weights: Vector) -> list[str]:
    """The terms, heaviest first; equal weights keep their insertion order, so runs repeat."""
    # Sorting the keys by a lookup builds no (term, weight) pairs: half the cost of sorting the items.
    return sorted(weights, key=weights.__getitem__, reverse=True)


def summed(a: Vector, b: Vector) -> Vector:
    """The sum of two vectors: a's terms in their order, then b's new ones in theirs."""
    # Copying `a` with all of b's terms grows the copy once, where inserting them one
    # at a time grows it step by step: a quarter faster on a story's centroid.
    total = {**a, **b}
    for term in a.keys() & b.keys():
        total[term] = a[term] + b[term]
    return total


def cosine(a: Vector, a_norm: float, b: Vector, b_norm: float) -> float:
    """Cosine of two sparse vectors whose norms are known."""
    if not (a_norm and b_norm):
        return 0.0
    # fsum is exactly rounded, so the score never depends on the order of the set of shared terms.
    return math.fsum([a[t] * b[t] for t in a.keys() & b.keys()]) / (a_norm * b_norm)
