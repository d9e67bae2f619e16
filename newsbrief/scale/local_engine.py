"""The local backfill engine: the stages in processes of this machine, for small jobs and as the reference.

It does what the Ray engine does, with the same stage and banding functions:
records are read here in input order, and each chunk goes to the next idle
worker, a stage process (`stages.serve`, as each Ray actor runs one) that was
given the options and what is stored once and loaded the models once; results
come back in input order, and duplicates are grouped with dicts in this process.
Results are kept in memory: this engine is for inputs that fit one machine.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from itertools import islice
from multiprocessing.connection import wait
from pathlib import Path

from newsbrief.scale import banding, inputs, stages

# Records per task: a record costs 10 to 500 ms (enrichment dominates), so a few
# seconds of work per task makes the inter-process traffic negligible. A worker has
# one task at a time: a second one sent ahead could fill the channel while the
# worker waits for its answer to be taken, and neither side would move.
CHUNK = 8


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
        # fork would copy the parent's open database connection into every worker; spawn starts them clean.
        context = multiprocessing.get_context("spawn")
        with _environment(stages.ONE_THREAD):  # read by the workers as they start, so only while they start
            workers = [_Worker(context) for _ in range(self.workers)]
        try:
            for worker in workers:
                worker.channel.send((options, stored))
            for worker in workers:
                worker.receive()  # ready: its models are loaded
            return _in_order(workers, _chunks(inputs.read_all(path), CHUNK), progress)
        finally:
            for worker in workers:
                worker.stop()

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


class _Worker:
    """A stage process of this machine (`stages.serve`) and the channel to it."""

    def __init__(self, context):
        self.channel, theirs = context.Pipe()
        self.process = context.Process(target=stages.serve, args=(theirs,), daemon=True)
        self.process.start()
        theirs.close()

    def receive(self):
        """The stage process's answer; a clear error if it has died."""
        try:
            return self.channel.recv()
        except EOFError:
            self.process.join()
            raise RuntimeError(f"a stage process ended (exit code {self.process.exitcode})") from None

    def stop(self) -> None:
        """End the stage process at once, as a pool's workers end: idle, it has nothing to lose."""
        # Left to return by itself, it would spend a second tearing down its models.
        self.channel.close()
        self.process.terminate()
        self.process.join()


def _in_order(workers: list[_Worker], chunks: Iterable[list[dict]],
              progress: Callable[[int], None] | None) -> list[dict]:
    """The rows of every chunk, in input order; each chunk goes to the next worker that is idle."""
    numbered = enumerate(chunks)
    busy: dict = {}  # channel -> (worker, the number of the chunk it has)
    answered: dict[int, list[dict]] = {}  # chunk number -> its rows, until the chunks before it are in
    results: list[dict] = []
    next_chunk = 0

    def give(worker: _Worker) -> None:
        """Send the worker the next chunk, if any is left."""
        if (item := next(numbered, None)) is not None:
            worker.channel.send(item[1])
            busy[worker.channel] = (worker, item[0])

    for worker in workers:
        give(worker)
    while busy:
        for channel in wait(list(busy)):
            worker, number = busy.pop(channel)
            answered[number] = worker.receive()
            give(worker)
        while next_chunk in answered:
            results.extend(answered.pop(next_chunk))
            next_chunk += 1
            if progress:
                progress(len(results))
    return results


def _chunks(records: Iterator[dict], size: int) -> Iterator[list[dict]]:
    while chunk := list(islice(records, size)):
        yield chunk
