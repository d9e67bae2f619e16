"""What the Ray engine runs in Ray's worker processes: the stage actor, the progress counter, the tasks' functions.

A worker that Ray starts for these imports this module, pyarrow, `inputs`, `rows`
and `banding` only. The stages' libraries (spaCy, trafilatura, datasketch and
SciPy) are imported by each actor's stage process alone: half a second saved
for every other worker, and the actor starts its stage process that much sooner.
Batches cross Ray as Arrow tables built with explicit schemas: numpy would turn
the packed signatures into fixed-width byte strings and cut trailing zeros.
"""

from __future__ import annotations

import os
import platform
import resource
import subprocess
import sys
from collections.abc import Iterator
from multiprocessing import Pipe

import pyarrow as pa
import ray

from newsbrief.scale import banding, inputs, rows

_ARROW = {int: pa.int64(), float: pa.float64(), bytes: pa.binary(), str: pa.string()}
RESULT_SCHEMA = pa.schema([(name, _ARROW[type(default)]) for name, default in rows.COLUMNS.items()])
NODE_SCHEMA = pa.schema([("id", pa.string()), ("order", pa.string()), ("content_hash", pa.string()),
                         ("signature", pa.binary()), ("canonical_url", pa.string())])
GROUP_SCHEMA = pa.schema([("key", pa.string()), ("id", pa.string()), ("order", pa.string()),
                          ("canonical_url", pa.string()), ("signature", pa.binary())])
PAIR_SCHEMA = pa.schema([("kind", pa.string()), ("a", pa.string()), ("a_order", pa.string()), ("b", pa.string()),
                         ("b_order", pa.string()), ("similarity", pa.float64())])
# The result columns that duplicate detection reads: the shuffle's input carries no texts nor briefs.
NODE_COLUMNS = ["seq", "id", "status", "published", "content_hash", "signature", "canonical_url"]
# What an actor's stage process runs: `stages.serve` on the socket whose number it is given.
STAGE_PROCESS = ("import sys; from multiprocessing.connection import Connection; "
                 "from newsbrief.scale.stages import serve; serve(Connection(int(sys.argv[1])))")


class StageActor:
    """The stages for one Ray actor, run by a process of its own with one thread, started with the actor.

    spaCy's parser takes and drops the GIL thousands of times an article. In a process
    with more than one thread (a Ray worker runs Ray's own) glibc makes each of those
    locks an atomic operation, where a single-threaded process gets plain stores: spaCy
    took 12 % more CPU an article in a process with one idle thread more (perf: glibc's
    pthread_mutex_lock and unlock, under take_gil, 17 % of the samples against 4 %).
    So the actor hands its batches to a child with one thread, as the local workers are;
    the child loads the models once and skips the records already stored.
    """

    def __init__(self, setup: ray.ObjectRef, counter):
        # A plain subprocess rather than multiprocessing's spawn, which would import the
        # parent's main module, Ray's worker script, and so Ray, in the child first.
        ours, theirs = Pipe()  # a local socket pair on Unix, which the child reopens by its number
        self.child = subprocess.Popen([sys.executable, "-c", STAGE_PROCESS, str(theirs.fileno())],
                                      pass_fds=[theirs.fileno()],
                                      env={**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, sys.path))})
        theirs.close()
        self.channel = ours
        self.channel.send_bytes(ray.get(setup))  # (options, stored ids), pickled by the driver
        self.counter = counter
        self.worker = f"{platform.node()}:{os.getpid()}"
        self._receive()  # the child has loaded the models

    def __call__(self, batch: pa.Table) -> pa.Table:
        self.channel.send(batch.to_pylist())
        done = self._with_own_usage(self._receive())
        self.counter.add.remote(len(done))
        return pa.Table.from_pylist(done, schema=RESULT_SCHEMA)

    def _receive(self):
        """The stage process's answer; a clear error if it has died (its traceback is in this worker's log)."""
        try:
            return self.channel.recv()
        except EOFError:
            raise RuntimeError(f"the stage process ended (exit code {self.child.wait()})") from None

    def _with_own_usage(self, done: list[dict]) -> list[dict]:
        """Rows reporting the actor and its child as one worker: the memory and CPU of both."""
        own = resource.getrusage(resource.RUSAGE_SELF)
        return [{**row, "worker": self.worker, "peak_rss_kb": row["peak_rss_kb"] + own.ru_maxrss,
                 "worker_cpu_s": row["worker_cpu_s"] + own.ru_utime + own.ru_stime}
                if row["worker"] else row for row in done]  # no worker: a record already stored, no work done


@ray.remote(num_cpus=0)
class Counter:
    """Records done so far, reported by the actors, read by the driver for its progress bar."""

    def __init__(self):
        self.done = 0

    def add(self, n: int) -> None:
        """Count n more records done."""
        self.done += n

    def value(self) -> int:
        """The records done so far."""
        return self.done


def read(item: dict) -> Iterator[dict]:
    """The records of one input file (an `inputs.InputFile` as a dict)."""
    yield from inputs.read_file(inputs.InputFile(**item))


def group_rows(batch: pa.Table, band_shape: banding.Shape) -> pa.Table:
    """The grouping rows (content hash, bands) of a batch of result rows or of stored nodes."""
    out = []
    for row in batch.to_pylist():
        if row.get("status", rows.OK) == rows.OK:
            node = banding.node_of(row) if "status" in row else row
            out.extend(banding.group_rows(node, band_shape))
    return pa.Table.from_pylist(out, schema=GROUP_SCHEMA)


def group_pairs(group: pa.Table, band_shape: banding.Shape) -> pa.Table:
    """The pairs of one group (all the rows of one key): exact duplicates, or verified near pairs."""
    members = group.to_pylist()
    pairs = banding.group_pairs(members[0]["key"], members, band_shape) if members else []
    return pa.Table.from_pylist(pairs, schema=PAIR_SCHEMA)


def stored(batch: pa.Table) -> pa.Table:
    """The id and input order of the rows that were already stored."""
    found = [{"id": i, "seq": n} for i, n, status in
             zip(*(batch[c].to_pylist() for c in ("id", "seq", "status")), strict=True) if status == rows.STORED]
    return pa.Table.from_pylist(found, schema=pa.schema([("id", pa.string()), ("seq", pa.int64())]))


def workers(batch: pa.Table) -> pa.Table:
    """Per batch, each worker's largest peak memory and CPU time: reduced here, then on the driver."""
    seen: dict[str, tuple[int, float]] = {}
    for worker, peak, cpu in zip(*(batch[c].to_pylist() for c in ("worker", "peak_rss_kb", "worker_cpu_s")),
                                 strict=True):
        if worker:
            old_peak, old_cpu = seen.get(worker, (0, 0.0))
            seen[worker] = (max(old_peak, peak), max(old_cpu, cpu))
    return pa.table({"worker": pa.array(list(seen), pa.string()),
                     "peak_rss_kb": pa.array([p for p, _ in seen.values()], pa.int64()),
                     "worker_cpu_s": pa.array([c for _, c in seen.values()], pa.float64())})
