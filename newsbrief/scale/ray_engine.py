"""The Ray backfill engine: the stages with Ray Data on a cluster (or a local Ray), duplicates as a shuffle.

- Input files are listed here and read by Ray tasks (`flat_map`), then cut into
  small blocks so that one large JSON Lines file still feeds every worker.
- `map_batches` with a callable class runs the stages: each actor loads spaCy
  and the scorer once, in its constructor, and skips records already stored.
- Duplicates: nodes are grouped by content hash, and their band rows by band
  key, with `groupby(...).map_groups(...)`: Ray shuffles them across the
  cluster, and no single process ever indexes every signature. Only the
  verified pairs, a small fraction, come back here to be joined into components.

Order is preserved (`preserve_order`), so results come back in input order and
the story assignment that follows sees the same sequence as the local engine's.
Batches cross Ray as Arrow tables built with explicit schemas: numpy would
turn the packed signatures into fixed-width byte strings and cut trailing zeros.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Iterator
from dataclasses import asdict
from pathlib import Path

import pyarrow as pa
import ray
from ray.data.context import ShuffleStrategy

from newsbrief.scale import banding, inputs, stages

BATCH = 8  # records per actor call: a few seconds of work, so Ray's per-batch overhead stays small
# Blocks of at most 16 KiB as records are read (Ray's default is 128 MiB). An actor takes
# whole blocks, so one large JSON Lines file must come as many small blocks for every
# actor to get work, and for the last ones to end together: about 4 news texts a block,
# or one HTML page; `batch_size` bundles them again. (A repartition would do the same but
# needs a CPU slot, which the actors hold.)
READ_BLOCK_BYTES = 16 << 10
# Shuffle partitions: about one per GROUP_ROWS nodes, at least one per worker, at most
# Ray's default of 200. Ray's 200 for a few thousand rows costs seconds of scheduling.
GROUP_ROWS = 20_000
# Files are read by at most this many tasks, each reading its share in order: a folder of a
# million pages is not a million tasks (Ray spends about 0.1 s scheduling each).
READ_TASKS = 16
READERS = 2  # read tasks at once: reading costs about 1 % of processing, so two keep any pool fed
POLL_SECONDS = 0.5

_ARROW = {int: pa.int64(), float: pa.float64(), bytes: pa.binary(), str: pa.string()}
RESULT_SCHEMA = pa.schema([(name, _ARROW[type(default)]) for name, default in stages.COLUMNS.items()])
NODE_SCHEMA = pa.schema([("id", pa.string()), ("order", pa.string()), ("content_hash", pa.string()),
                         ("signature", pa.binary()), ("canonical_url", pa.string())])
GROUP_SCHEMA = pa.schema([("key", pa.string()), ("id", pa.string()), ("order", pa.string()),
                          ("canonical_url", pa.string()), ("signature", pa.binary())])
PAIR_SCHEMA = pa.schema([("kind", pa.string()), ("a", pa.string()), ("a_order", pa.string()), ("b", pa.string()),
                         ("b_order", pa.string()), ("similarity", pa.float64())])


@ray.remote(num_cpus=0)
class _Counter:
    """Records done so far, reported by the actors, read by the driver for its progress bar."""

    def __init__(self):
        self.done = 0

    def add(self, n: int) -> None:
        self.done += n

    def value(self) -> int:
        return self.done


class _Stages:
    """The stages in one Ray actor: models loaded once, in the constructor; one call per batch of records."""

    def __init__(self, options: stages.Options, stored, counter):
        stages.warm_up(options)
        self.options = options
        self.stored = ray.get(stored) if isinstance(stored, ray.ObjectRef) else stored
        self.counter = counter

    def __call__(self, batch: pa.Table) -> pa.Table:
        records = batch.to_pylist()
        todo, done = stages.split_stored(records, self.stored)
        rows = sorted([*stages.process_batch(todo, self.options), *done], key=lambda row: row["seq"])
        self.counter.add.remote(len(rows))
        return pa.Table.from_pylist(rows, schema=RESULT_SCHEMA)


def _read(item: dict) -> Iterator[dict]:
    yield from inputs.read_file(inputs.InputFile(**item))


def _group_rows(batch: pa.Table, band_shape: banding.Shape) -> pa.Table:
    """The grouping rows (content hash, bands) of a batch of result rows or of stored nodes."""
    rows = []
    for row in batch.to_pylist():
        if row.get("status", stages.OK) == stages.OK:
            node = banding.node_of(row) if "status" in row else row
            rows.extend(banding.group_rows(node, band_shape))
    return pa.Table.from_pylist(rows, schema=GROUP_SCHEMA)


def _group_pairs(group: pa.Table, band_shape: banding.Shape) -> pa.Table:
    members = group.to_pylist()
    pairs = banding.group_pairs(members[0]["key"], members, band_shape) if members else []
    return pa.Table.from_pylist(pairs, schema=PAIR_SCHEMA)


def _stored(batch: pa.Table) -> pa.Table:
    """The id and input order of the rows that were already stored."""
    rows = [{"id": i, "seq": n} for i, n, status in
            zip(*(batch[c].to_pylist() for c in ("id", "seq", "status")), strict=True) if status == stages.STORED]
    return pa.Table.from_pylist(rows, schema=pa.schema([("id", pa.string()), ("seq", pa.int64())]))


def _workers(batch: pa.Table) -> pa.Table:
    """Per block, each worker's largest peak memory and CPU time: reduced here, then on the driver."""
    seen: dict[str, tuple[int, float]] = {}
    for worker, peak, cpu in zip(*(batch[c].to_pylist() for c in ("worker", "peak_rss_kb", "worker_cpu_s")),
                                 strict=True):
        if worker:
            old_peak, old_cpu = seen.get(worker, (0, 0.0))
            seen[worker] = (max(old_peak, peak), max(old_cpu, cpu))
    return pa.table({"worker": pa.array(list(seen), pa.string()),
                     "peak_rss_kb": pa.array([p for p, _ in seen.values()], pa.int64()),
                     "worker_cpu_s": pa.array([c for _, c in seen.values()], pa.float64())})


def newsbrief_environment() -> dict[str, str]:
    """The NEWSBRIEF_* variables of this process, for the workers: settings travel with the job."""
    return {name: value for name, value in os.environ.items() if name.startswith("NEWSBRIEF_")}


class RayEngine:
    """Runs the stages on Ray: the cluster at `address`, or a local Ray of `workers` CPUs."""

    name = "ray"

    def __init__(self, workers: int | None = None, address: str | None = None):
        self._started = not ray.is_initialized()
        if self._started:
            local = {} if address else {
                "num_cpus": workers or os.cpu_count(),
                # Ray runs its workers at nice 15 so that they never starve its own daemons; on a
                # machine shared with other work that starves the workers instead.
                "_system_config": {"worker_niceness": 0},
            }
            ray.init(address=address or None, include_dashboard=False, log_to_driver=False, **local)
        self.workers = workers or max(1, int(ray.cluster_resources().get("CPU", 1)))
        context = ray.data.DataContext.get_current()
        context.execution_options.preserve_order = True  # results in input order, as the local engine gives them
        context.enable_progress_bars = False  # the command shows its own progress
        # The pull-based sort shuffle: on small inputs Ray's default hash shuffle spends
        # seconds starting its aggregator actors (1 s against 13 s for 50 articles here),
        # and on large ones a sort shuffle of rows this small is what Ray was built on.
        context.shuffle_strategy = ShuffleStrategy.SORT_SHUFFLE_PULL_BASED

    def process(self, path: Path, stored: stages.StoredIds, options: stages.Options,
                progress: Callable[[int], None] | None = None) -> ray.data.Dataset:
        """The result rows of every record under path, materialized in the object store, in input order."""
        files = [asdict(f) for f in inputs.discover(path)]
        counter = _Counter.remote()
        context = ray.data.DataContext.get_current()
        saved, context.target_max_block_size = context.target_max_block_size, READ_BLOCK_BYTES
        try:  # a dataset keeps a copy of the context it was made under: small blocks for this one only
            dataset = self._pipeline(files, stored, options, counter)
        finally:
            context.target_max_block_size = saved
        finished = threading.Event()
        outcome: dict = {}

        def run() -> None:
            try:
                outcome["results"] = dataset.materialize()
            except BaseException as error:  # handed to the caller's thread below
                outcome["error"] = error
            finally:
                finished.set()

        threading.Thread(target=run, daemon=True).start()
        while not finished.wait(POLL_SECONDS):
            if progress:
                progress(ray.get(counter.value.remote()))
        if "error" in outcome:
            raise outcome["error"]
        if progress:
            progress(ray.get(counter.value.remote()))
        return outcome["results"]

    def _pipeline(self, files: list[dict], stored: stages.StoredIds, options: stages.Options, counter):
        """The dataset of result rows: read the files, then the stages in an actor pool."""
        return (
            ray.data.from_items(files, override_num_blocks=min(len(files), READ_TASKS))
            # Reading takes no CPU slot, since the actors hold them all and reads must go on beside
            # them; so a few tasks at a time, or Ray would start a process for every file.
            .flat_map(_read, num_cpus=0, compute=ray.data.TaskPoolStrategy(size=min(READERS, len(files))))
            .map_batches(_Stages, fn_constructor_kwargs={"options": options, "stored": ray.put(stored),
                                                         "counter": counter},
                         batch_size=BATCH, batch_format="pyarrow", num_cpus=1,
                         compute=ray.data.ActorPoolStrategy(size=self.workers),
                         # Settings travel with the job; one BLAS thread per actor, as in the local engine.
                         runtime_env={"env_vars": {**newsbrief_environment(), **stages.ONE_THREAD}})
        )

    def find_duplicates(self, results: ray.data.Dataset, extra_nodes: list[dict],
                        band_shape: banding.Shape) -> banding.Decisions:
        """Exact and near duplicates across the results and the stored articles' nodes, grouped by one shuffle."""
        kwargs = {"fn_kwargs": {"band_shape": band_shape}, "batch_format": "pyarrow"}
        rows = results.map_batches(_group_rows, **kwargs)
        if extra_nodes:
            stored = ray.data.from_arrow(pa.Table.from_pylist(extra_nodes, schema=NODE_SCHEMA))
            rows = rows.union(stored.map_batches(_group_rows, **kwargs))
        partitions = max(self.workers, min(200, (results.count() + len(extra_nodes)) // GROUP_ROWS))
        pairs = rows.groupby("key", num_partitions=partitions).map_groups(_group_pairs, **kwargs).take_all()
        return banding.resolve(pairs)

    def count(self, results: ray.data.Dataset) -> int:
        """How many result rows there are."""
        return results.count()

    def rows(self, results: ray.data.Dataset, batch_size: int) -> Iterator[list[dict]]:
        """The result rows in input order, in batches, streamed from the object store."""
        for batch in results.iter_batches(batch_size=batch_size, batch_format="pyarrow"):
            yield batch.to_pylist()

    def stored_rows(self, results: ray.data.Dataset) -> list[tuple[str, int]]:
        """(id, seq) of the records that were already stored."""
        stored = results.map_batches(_stored, batch_format="pyarrow")
        return [(row["id"], row["seq"]) for row in stored.take_all()]

    def worker_usage(self, results: ray.data.Dataset) -> dict[str, tuple[int, float]]:
        """Each actor's peak resident memory (KiB) and CPU seconds, as it last reported them."""
        usage: dict[str, tuple[int, float]] = {}
        for row in results.map_batches(_workers, batch_format="pyarrow", batch_size=None).take_all():
            peak, cpu = usage.get(row["worker"], (0, 0.0))
            usage[row["worker"]] = (max(peak, row["peak_rss_kb"]), max(cpu, row["worker_cpu_s"]))
        return usage

    def close(self) -> None:
        """Shut down the Ray this engine started; one that the caller started is left running."""
        if self._started:
            ray.shutdown()
