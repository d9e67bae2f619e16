"""The local backfill engine: the stages in a pool of processes on this machine, for small jobs and as the reference.

It does what the Ray engine does, with the same stage and banding functions:
records are read here in input order, chunks go to a `multiprocessing.Pool` whose
initializer loads the models once per worker, results come back in input order,
and duplicates are grouped with dicts in this process. Results are kept in
memory: this engine is for inputs that fit one machine.
"""

from __future__ import annotations

import multiprocessing
import os
from collections import deque
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from itertools import islice
from pathlib import Path

from newsbrief.scale import banding, inputs, stages

# Records per task: a record costs 10 to 500 ms (enrichment dominates), so a few
# seconds of work per task makes the inter-process traffic negligible.
CHUNK = 8
TASKS_AHEAD = 4  # tasks in flight per worker: enough to keep workers busy, few enough to bound memory


class LocalEngine:
    """Runs the stages in `workers` processes of this machine."""

    name = "local"

    def __init__(self, workers: int = 1):
        if workers < 1:
            raise ValueError(f"workers must be at least 1, not {workers}")
        self.workers = workers

    def process(self, path: Path, stored: stages.StoredIds, options: stages.Options,
                progress: Callable[[int], None] | None = None) -> list[dict]:
        """The result rows of every record under path, in input order; records already stored are not processed."""
        results: list[dict] = []
        # fork would copy the parent's open database connection into every worker; spawn starts them clean.
        context = multiprocessing.get_context("spawn")
        with _environment(stages.ONE_THREAD):  # read by the workers as they start, so only while the pool starts them
            pool = context.Pool(self.workers, initializer=stages.warm_up, initargs=(options,))
        with pool:
            window: deque = deque()
            for chunk in _chunks(inputs.read_all(path), CHUNK):
                todo, done = stages.split_stored(chunk, stored)
                window.append((pool.apply_async(stages.process_batch, (todo, options)), done))
                if len(window) >= self.workers * TASKS_AHEAD:
                    results.extend(_finish(*window.popleft()))
                    if progress:
                        progress(len(results))
            while window:
                results.extend(_finish(*window.popleft()))
                if progress:
                    progress(len(results))
        return results

    def find_duplicates(self, results: list[dict], extra_nodes: list[dict],
                        band_shape: banding.Shape) -> banding.Decisions:
        """Exact and near duplicates across the results and the stored articles' nodes."""
        nodes = [banding.node_of(row) for row in results if row["status"] == stages.OK]
        return banding.find_in_process([*extra_nodes, *nodes], band_shape)

    def count(self, results: list[dict]) -> int:
        """How many result rows there are."""
        return len(results)

    def rows(self, results: list[dict], batch_size: int) -> Iterator[list[dict]]:
        """The result rows in input order, in batches."""
        for start in range(0, len(results), batch_size):
            yield results[start:start + batch_size]

    def stored_rows(self, results: list[dict]) -> list[tuple[str, int]]:
        """(id, seq) of the records that were already stored."""
        return [(row["id"], row["seq"]) for row in results if row["status"] == stages.STORED]

    def worker_usage(self, results: list[dict]) -> dict[str, tuple[int, float]]:
        """Each worker's peak resident memory (KiB) and CPU seconds, as it last reported them."""
        usage: dict[str, tuple[int, float]] = {}
        for row in results:
            if row["worker"]:
                peak, cpu = usage.get(row["worker"], (0, 0.0))
                usage[row["worker"]] = (max(peak, row["peak_rss_kb"]), max(cpu, row["worker_cpu_s"]))
        return usage

    def close(self) -> None:
        """Nothing to release: the pool ends with `process`."""


@contextmanager
def _environment(values: dict[str, str]) -> Iterator[None]:
    """The process environment with values set, restored afterwards."""
    saved = {name: os.environ.get(name) for name in values}
    os.environ.update(values)
    try:
        yield
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


def _finish(pending, done: list[dict]) -> list[dict]:
    return sorted([*pending.get(), *done], key=lambda row: row["seq"])


def _chunks(records: Iterator[dict], size: int) -> Iterator[list[dict]]:
    while chunk := list(islice(records, size)):
        yield chunk
