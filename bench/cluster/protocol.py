"""The 2-fold protocol: every scored parameter is chosen on one half of ECB+'s topics and scored on the other.

Choosing is one fixed procedure, the same for newsbrief and the TF-IDF baseline:
every cell of a grid is scored (B³ F1) on the training half, each cell's score is
averaged with its neighbours along the grid's first axis (the threshold), and the
best average wins (ties to the earlier cell). The average prefers the middle of a
plateau to a lone peak, since other news will differ. A cell's score is its mean
over three orders of the training half: file order (one topic after another) and
two interleavings of its documents among unrelated real reports (the training
half's distractors, bench/cluster/distractors.py: all its topics and other news at
once, as a day's news runs), scored on the ECB+ documents: a bar that holds only
while a few far-apart topics arrive one at a time merges unrelated stories on real news.
Threads come first, as in the index: the thread parameters (and the IDF prior both
levels share) are chosen on `topic`, then the event parameters, with those, on `label`.
ECB+'s topics are far apart, so its thread score alone favours the lowest thread
bar; on a year of real news that bar makes threads of whole beats (British
politics, the world economy). So a thread cell is a candidate only where, on the
training half's own distractors clustered alone, at least THREAD_PURITY of a
report's thread ran in its own BBC section (B³ precision against the sections: a
bound on the true precision, since one section holds many stories).
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Sequence
from dataclasses import replace

from bench.cluster.distractors import is_distractor
from bench.cluster.ecbplus import Doc, interleaved
from bench.cluster.metrics import b_cubed
from bench.cluster.tfidf import single_pass
from newsbrief.pipeline.clustering.cluster import ClusterParams, StoryIndex

# The first axis of each grid is its threshold.
THREAD_GRID: dict[str, Sequence] = {
    "thread_join": [round(0.02 + 0.02 * i, 2) for i in range(10)],  # 0.02 to 0.20
    "idf_prior": [100, 300, 1000],
    "thread_merge": [0.3, 0.5],
    "english_prior": [False, True],
}
EVENT_GRID: dict[str, Sequence] = {
    "join": [round(0.10 + 0.02 * i, 2) for i in range(16)],  # 0.10 to 0.40
    "merge": [0.4, 0.5],
    "lead_chars": [0, 1000],
}
TFIDF_THRESHOLDS = [round(0.04 + 0.02 * i, 2) for i in range(25)]  # 0.04 to 0.52
THREAD_PURITY = 0.95  # at most one in twenty of a report's thread from another section
INTERLEAVINGS = (1, 2)  # the seeds of the orders among distractors that choosing scores, beside file order


def orders(docs: list[Doc], distractors: list[Doc]) -> list[list[Doc]]:
    """The orders a cell is scored in: file order, then each interleaving among the distractors."""
    return [docs, *(interleaved([*docs, *distractors], seed) for seed in INTERLEAVINGS)]


def gold(docs: list[Doc], level: str) -> list[str]:
    """The gold event or thread (topic) of each document."""
    return [d.event if level == "event" else d.topic for d in docs]


def b_cubed_among(order: list[Doc], level: str, predicted: list) -> tuple[float, float, float]:
    """B³ of one order at one level: recall over the ECB+ documents; precision over them and, for threads, over
    the distractors too (their thread no wider than their section), since those have no known events.
    """
    ecb = [not is_distractor(d) for d in order]
    return b_cubed([str(x) for x in predicted], gold(order, level), None if level == "thread" else ecb, ecb)


def f1(order: list[Doc], level: str, predicted: list) -> float:
    """B³ F1 of one order at one level (b_cubed_among)."""
    return b_cubed_among(order, level, predicted)[2]


def mean_f1(docs: list[Doc], distractors: list[Doc], level: str, predict: Callable[[list[Doc]], list]) -> float:
    """B³ F1 at one level, averaged over the orders of the documents."""
    runs = orders(docs, distractors)
    return sum(f1(order, level, predict(order)) for order in runs) / len(runs)


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


def section_purity(reports: list[Doc], params: ClusterParams) -> float:
    """The share of a distractor's thread that ran in its own section, averaged over the reports (B³ precision)."""
    return b_cubed(run(reports, params)[1], gold(reports, "thread"))[0]


def tune(train: list[Doc], distractors: list[Doc], sections: list[Doc],
         base: ClusterParams = ClusterParams()) -> ClusterParams:
    """The parameters the procedure picks on these documents: threads on `topic` (among the cells that keep
    `sections`, distractors, to THREAD_PURITY), then events on `label`."""

    def thread_f1(cell: dict) -> float:
        return mean_f1(train, distractors, "thread", lambda docs: run(docs, replace(base, **cell))[1])

    pure = [cell for cell in grid(THREAD_GRID) if section_purity(sections, replace(base, **cell)) >= THREAD_PURITY]
    if not pure:
        raise ValueError(f"no thread cell keeps the distractors' threads {THREAD_PURITY} within their sections")
    params = replace(base, **choose(pure, thread_f1, "thread_join"))

    def event_f1(cell: dict) -> float:
        cell = {**cell, "join_single": cell["join"]}
        return mean_f1(train, distractors, "event", lambda docs: run(docs, replace(params, **cell))[0])

    chosen = choose(grid(EVENT_GRID), event_f1, "join")
    return replace(params, **chosen, join_single=chosen["join"])


def tune_tfidf(train: list[Doc], distractors: list[Doc], level: str) -> float:
    """The baseline's threshold, chosen by the same procedure on these documents at one level."""
    cells = [{"threshold": t} for t in TFIDF_THRESHOLDS]

    def threshold_f1(cell: dict) -> float:
        return mean_f1(train, distractors, level, lambda docs: single_pass([d.text for d in docs], cell["threshold"]))

    best = choose(cells, threshold_f1, "threshold")
    return best["threshold"]
