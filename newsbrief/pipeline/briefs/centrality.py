"""How central each sentence is to its article: two classic, unsupervised salience measures.

Both are features of the sentence scorer in `summarize`: the cosine of a sentence with
the rest of the article, and TextRank (Mihalcea & Tarau 2004), PageRank over a graph
of sentences linked by the cosine of their term sets, so that a sentence ranks high
when many central sentences resemble it.
"""

from __future__ import annotations

import itertools
import math
from collections import Counter

import numpy as np

TEXTRANK_DAMPING = 0.85  # PageRank's usual value, as TextRank and LexRank use it
TEXTRANK_ROUNDS = 30  # power iterations; the ranking settles well before this on news articles


def document_similarity(bags: list[list[str]]) -> list[float]:
    """Cosine of each sentence's term counts with those of the rest of the article."""
    total = Counter(t for b in bags for t in b)
    total_norm = sum(v * v for v in total.values())
    out = []
    for bag in bags:
        own = Counter(bag)
        # The rest is the total less this sentence: its norm follows from the terms they share.
        dot = sum(v * (total[t] - v) for t, v in own.items())
        rest_norm = total_norm - sum(total[t] ** 2 - (total[t] - v) ** 2 for t, v in own.items())
        own_norm = sum(v * v for v in own.values())
        out.append(dot / math.sqrt(own_norm * rest_norm) if own_norm and rest_norm > 0 else 0.0)
    return out


def textrank(sets: list[set[str]]) -> list[float]:
    """TextRank centrality: PageRank over the sentences, linked by the cosine of their term sets."""
    n = len(sets)
    similarity = np.zeros((n, n))
    if n > 1:
        similarity[np.triu_indices(n, 1)] = [len(a & b) for a, b in itertools.combinations(sets, 2)]
    sizes = np.sqrt([max(len(s), 1) for s in sets])
    similarity = (similarity + similarity.T) / np.multiply.outer(sizes, sizes)
    out_weight = similarity.sum(axis=1)
    out_weight[out_weight == 0] = 1.0
    walk = similarity / out_weight[:, None]
    rank = np.full(n, 1 / n)
    # Element-wise products, not `@`: BLAS would start threads for these small matrices.
    for _ in range(TEXTRANK_ROUNDS):
        rank = (1 - TEXTRANK_DAMPING) / n + TEXTRANK_DAMPING * (walk * rank[:, None]).sum(axis=0)
    return rank.tolist()
