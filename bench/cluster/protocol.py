"""The 2-fold protocol: every scored parameter is chosen on one half of ECB+'s topics and scored on the other.

Choosing is one fixed procedure, the same for newsbrief and the TF-IDF baseline:
every cell of a grid is scored (B³ F1) on the training half, each cell's score is
averaged with its neighbours along the grid's first axis (the threshold), and the
best average wins (ties to the earlier cell). The average prefers the middle of a
plateau to a lone peak, since other news will differ. Threads come first, as in the
index: the thread parameters (and the IDF prior both levels share) are chosen on
`topic`, then the event parameters, with those, on `label`.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Sequence
from dataclasses import replace

from bench.cluster.ecbplus import Doc
from bench.cluster.metrics import b_cubed
from bench.cluster.tfidf import single_pass
from newsbrief.pipeline.clustering.cluster import ClusterParams, StoryIndex

# The first axis of each grid is its threshold.
THREAD_GRID: dict[str, Sequence] = {
    "thread_join": [round(0.02 + 0.02 * i, 2) for i in range(10)],  # 0.02 to 0.20
    "idf_prior": [100, 300, 1000],
    "thread_merge": [0.3, 0.5],
}
EVENT_GRID: dict[str, Sequence] = {
    "join": [round(0.10 + 0.02 * i, 2) for i in range(16)],  # 0.10 to 0.40
    "merge": [0.4, 0.5],
    "lead_chars": [0, 1000],
}
TFIDF_THRESHOLDS = [round(0.04 + 0.02 * i, 2) for i in range(25)]  # 0.04 to 0.52


def run(docs: list[Doc], params: ClusterParams) -> tuple[list[str], list[str]]:
    """Each document's event and thread, in file order, merges resolved (ECB+ has no dates)."""
    index = StoryIndex(params)
    assigned = [index.assign(d.id, "", d.text, None, d.entities) for d in docs]
    return [index.resolve(a.story_id) for a in assigned], [index.resolve_thread(a.thread_id) for a in assigned]


def choose(cells: list[dict], score: Callable[[dict], float], axis: str) -> dict:
    """The cell whose score, averaged with its neighbours along `axis`, is best (ties to the earlier cell)."""
    scores = [score(cell) for cell in cells]
    others = [{k: v for k, v in cell.items() if k != axis} for cell in cells]
    best, best_mean = cells[0], -1.0
    for n, cell in enumerate(cells):
        line = [i for i in range(len(cells)) if others[i] == others[n]]  # same other settings, by threshold
        at = line.index(n)
        near = [scores[i] for i in line[max(0, at - 1) : at + 2]]
        mean = sum(near) / len(near)
        if mean > best_mean + 1e-12:
            best, best_mean = cell, mean
    return best


def grid(axes: dict[str, Sequence]) -> list[dict]:
    """Every combination of the axes' values, the first axis varying fastest."""
    names = list(axes)
    combos = itertools.product(*(axes[name] for name in reversed(names)))
    return [dict(zip(reversed(names), combo)) for combo in combos]


def tune(train: list[Doc], base: ClusterParams = ClusterParams()) -> ClusterParams:
    """The parameters the procedure picks on these documents: threads on `topic`, then events on `label`."""
    events = [d.event for d in train]
    topics = [d.topic for d in train]
    threads = choose(grid(THREAD_GRID), lambda cell: b_cubed(run(train, replace(base, **cell))[1], topics)[2],
                     "thread_join")
    params = replace(base, **threads)

    def event_f1(cell: dict) -> float:
        cell = {**cell, "join_single": cell["join"]}
        return b_cubed(run(train, replace(params, **cell))[0], events)[2]

    chosen = choose(grid(EVENT_GRID), event_f1, "join")
    return replace(params, **chosen, join_single=chosen["join"])


def tune_tfidf(train: list[Doc], level: str) -> float:
    """The baseline's threshold, chosen by the same procedure on these documents at one level."""
    gold = [d.event if level == "event" else d.topic for d in train]
    texts = [d.text for d in train]
    cells = [{"threshold": t} for t in TFIDF_THRESHOLDS]
    best = choose(cells, lambda c: b_cubed([str(x) for x in single_pass(texts, c["threshold"])], gold)[2],
                  "threshold")
    return best["threshold"]
