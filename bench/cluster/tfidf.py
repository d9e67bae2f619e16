"""The baseline clusterer: plain TF-IDF over the whole text, single pass, one threshold, every cluster scanned."""

from __future__ import annotations

import math
import re
from collections import Counter

_WORD = re.compile(r"\w+")
# A short list of function words, as a plain TF-IDF set-up would drop.
_STOP = frozenset(
    "a an and are as at be by for from has have he her his in is it its of on or that the their they this "
    "to was were will with who which said says".split()
)


def _vector(text: str, df: Counter, documents: int) -> dict[str, float]:
    """Sublinear TF times IDF from the documents seen so far, L2-normalised; counts the text into `df`."""
    counts = Counter(w for w in map(str.lower, _WORD.findall(text)) if w not in _STOP)
    df.update(counts.keys())
    weights = {w: (1 + math.log(n)) * math.log((documents + 1) / (df[w] + 1) + 1) for w, n in counts.items()}
    norm = math.sqrt(sum(v * v for v in weights.values())) or 1.0
    return {w: v / norm for w, v in weights.items()}


def single_pass(texts: list[str], threshold: float) -> list[int]:
    """Each text joins the cluster whose centroid is most similar if the cosine reaches the threshold, else starts one."""
    df: Counter = Counter()
    centroids: list[dict[str, float]] = []
    labels = []
    for n, text in enumerate(texts, start=1):
        vector = _vector(text, df, n)
        best, best_score = -1, threshold
        for k, centroid in enumerate(centroids):
            norm = math.sqrt(sum(v * v for v in centroid.values())) or 1.0
            score = sum(v * centroid.get(w, 0.0) for w, v in vector.items()) / norm
            if score >= best_score:
                best, best_score = k, score
        if best < 0:
            centroids.append(dict(vector))
            best = len(centroids) - 1
        else:
            centroid = centroids[best]
            for w, v in vector.items():
                centroid[w] = centroid.get(w, 0.0) + v
        labels.append(best)
    return labels
