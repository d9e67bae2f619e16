"""The Ray backfill engine: the stages with Ray Data on a cluster (or a local Ray), duplicates as a shuffle.

- Input files are listed here and read by Ray tasks (`flat_map`), then cut into
  small blocks so that one large JSON Lines file still feeds every worker.
- One `map_batches` pass with a callable class runs every stage: each actor
  starts a stage process that loads spaCy and the scorer once, in the actor's
  constructor, and skips records already stored; records cross the object store
  once, and results once.
- Duplicates: nodes are grouped by content hash, and their band rows by band
  key, with `groupby(...).map_groups(...)`: Ray shuffles them across the
  cluster, and no single process ever indexes every signature. Only the
  verified pairs, a small fraction, come back here to be joined into components.

Order is preserved (`preserve_order`), so results come back in input order and
the story assignment that follows sees the same sequence as the local engine's.
This module is the driver's side; what runs in Ray's workers is in `ray_tasks`.
"""

from __future__ import annotations

import os
import pickle
import threading
from collections.abc import Callable, Iterator
from dataclasses import asdict
from pathlib import Path

import pyarrow as pa
import ray
from ray.data.context import DataContext, ShuffleStrategy

from newsbrief.scale import banding, inputs, ray_tasks, stages

BATCH = 8  # records per actor call: a few seconds of work, so Ray's per-batch overhead stays small
# Blocks of at most 16 KiB as records are read (Ray's default is 128 MiB). An actor takes
# whole blocks, so one large JSON Lines file must come as many small blocks for every
# actor to get work, and for the last ones to end together: about 4 news texts a block,
# or one HTML page; `batch_size` bundles them again. (A repartition would do the same but
# needs a CPU slot, which the actors hold.) Only reading and the stages make blocks this small.
READ_BLOCK_BYTES = 16 << 10
# Result rows per task on the shuffle's map side, so that few, large blocks go into the shuffle:
# in the stages' 16 KiB blocks, 200 articles made a shuffle of 90 blocks, 6 s of task overhead.
GROUP_BATCH = 5_000
# Blocks a task may hand back before the driver takes them: all of a batch's (8 results of up to
# 20 KiB make about 10 blocks), and still at most 1 MiB waiting per task.
GENERATOR_BLOCKS = 64
# Shuffle partitions: about one per GROUP_ROWS nodes (one for a small input), at most Ray's
# default of 200: Ray's 200 for a few thousand rows costs seconds of scheduling.
GROUP_ROWS = 20_000
# Files are read by at most this many tasks, each reading its share in order: a folder of a
# million pages is not a million tasks (Ray spends about 0.1 s scheduling each).
READ_TASKS = 16
READERS = 2  # read tasks at once: reading costs about 1 % of processing, so two keep any pool fed
POLL_SECONDS = 0.5


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
                # Ray also kills a worker process idle for 1 s once it runs more processes than CPUs,
                # which actors make it always do: the readers' workers were gone by the time the
                # duplicate shuffle needed some, and booting two new ones (each imports Ray Data)
                # cost 1.2 s of a 1.6 s shuffle. This Ray lives for one backfill: keep them.
                "_system_config": {"worker_niceness": 0, "kill_idle_workers_interval_ms": 0},
            }
            ray.init(address=address or None, include_dashboard=False, log_to_driver=False, **local)
        self.workers = workers or max(1, int(ray.cluster_resources().get("CPU", 1)))

    def process(self, path: Path, stored: stages.StoredIds, options: stages.Options,
                progress: Callable[[int], None] | None = None) -> ray.data.Dataset:
        """The result rows of every record under path, materialized in the object store, in input order."""
        files = [asdict(f) for f in inputs.discover(path)]
        counter = ray_tasks.Counter.remote()
        dataset = self._pipeline(files, stored, options, counter)
        finished = threading.Event()
        outcome: dict = {}

        def run() -> None:
            try:
                outcome["results"] = dataset.materialize()
            except BaseException as error:  # noqa: BLE001 (handed to the caller's thread below, re-raised there)
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
        results = outcome["results"]
        # Small blocks were for spreading records over the actors; what follows (the shuffle, the
        # writes) wants few large ones. The materialized dataset has its own copy of the context.
        results.context.target_max_block_size = DataContext.get_current().target_max_block_size
        return results

    def _pipeline(self, files: list[dict], stored: stages.StoredIds, options: stages.Options, counter):
        """The dataset of result rows: read the files, then the stages in an actor pool."""
        source = ray.data.from_items(files, override_num_blocks=min(len(files), READ_TASKS))
        _configure(source.context)  # the dataset's own copy of the context: nothing global changes
        source.context.target_max_block_size = READ_BLOCK_BYTES
        # Pickled here, unpickled in the actors' stage processes only: the actors never import the stages.
        setup = ray.put(pickle.dumps((options, stored)))
        return (
            # Reading takes no CPU slot, since the actors hold them all and reads must go on beside
            # them; so a few tasks at a time, or Ray would start a process for every file.
            source.flat_map(ray_tasks.read, num_cpus=0,
                            compute=ray.data.TaskPoolStrategy(size=min(READERS, len(files))))
            .map_batches(ray_tasks.StageActor, fn_constructor_kwargs={"setup": setup, "counter": counter},
                         batch_size=BATCH, batch_format="pyarrow", num_cpus=1,
                         compute=ray.data.ActorPoolStrategy(size=self.workers),
                         # The settings travel in the options; one BLAS thread per stage process, as in
                         # the local engine's workers (the stage processes inherit the actors' environment).
                         runtime_env={"env_vars": stages.ONE_THREAD})
        )

    def find_duplicates(self, results: ray.data.Dataset, extra_nodes: list[dict],
                        band_shape: banding.Shape) -> banding.Decisions:
        """Exact and near duplicates across the results and the stored articles' nodes, grouped by one shuffle."""
        kwargs = {"fn_kwargs": {"band_shape": band_shape}, "batch_format": "pyarrow"}
        nodes = results.select_columns(ray_tasks.NODE_COLUMNS)
        rows = nodes.map_batches(ray_tasks.group_rows, batch_size=GROUP_BATCH, **kwargs)
        if extra_nodes:
            stored = ray.data.from_arrow(pa.Table.from_pylist(extra_nodes, schema=ray_tasks.NODE_SCHEMA))
            _configure(stored.context)
            rows = rows.union(stored.map_batches(ray_tasks.group_rows, batch_size=GROUP_BATCH, **kwargs))
        partitions = max(1, min(200, (results.count() + len(extra_nodes)) // GROUP_ROWS))
        groups = rows.groupby("key", num_partitions=partitions)
        return banding.resolve(groups.map_groups(ray_tasks.group_pairs, **kwargs).take_all())

    def count(self, results: ray.data.Dataset) -> int:
        """How many result rows there are."""
        return results.count()

    def rows(self, results: ray.data.Dataset, batch_size: int) -> Iterator[list[dict]]:
        """The result rows in input order, in batches, streamed from the object store."""
        for batch in results.iter_batches(batch_size=batch_size, batch_format="pyarrow"):
            yield batch.to_pylist()

    def stored_rows(self, results: ray.data.Dataset) -> list[tuple[str, int]]:
        """(id, seq) of the records that were already stored."""
        stored = results.select_columns(["id", "seq", "status"]).map_batches(
            ray_tasks.stored, batch_size=GROUP_BATCH, batch_format="pyarrow")
        return [(row["id"], row["seq"]) for row in stored.take_all()]

    def worker_usage(self, results: ray.data.Dataset) -> dict[str, tuple[int, float]]:
        """Each actor's peak resident memory (KiB) and CPU seconds, as it last reported them."""
        usage: dict[str, tuple[int, float]] = {}
        columns = results.select_columns(["worker", "peak_rss_kb", "worker_cpu_s"])
        for row in columns.map_batches(ray_tasks.workers, batch_size=GROUP_BATCH, batch_format="pyarrow").take_all():
            peak, cpu = usage.get(row["worker"], (0, 0.0))
            usage[row["worker"]] = (max(peak, row["peak_rss_kb"]), max(cpu, row["worker_cpu_s"]))
        return usage

    def close(self) -> None:
        """Shut down the Ray this engine started; one that the caller started is left running."""
        if self._started:
            ray.shutdown()


def _configure(context: DataContext) -> None:
    """Ray Data's settings for a backfill's datasets, set on a dataset's own copy of the context."""
    context.execution_options.preserve_order = True  # results in input order, as the local engine gives them
    context.enable_progress_bars = False  # the command shows its own progress
    # The pull-based sort shuffle: on small inputs Ray's default hash shuffle spends
    # seconds starting its aggregator actors (1 s against 13 s for 50 articles here),
    # and on large ones a sort shuffle of rows this small is what Ray was built on.
    context.shuffle_strategy = ShuffleStrategy.SORT_SHUFFLE_PULL_BASED
    # An actor call hands back its batch as several small blocks (READ_BLOCK_BYTES), and by
    # default Ray lets a call hold 2 blocks that the driver has not yet taken: the actor then
    # sat idle, waiting on the driver, 75 ms per call (7 % of a run). Ray has no public knob
    # for it; on a Ray without this private one, the attribute is set and nothing happens.
    context._max_num_blocks_in_streaming_gen_buffer = GENERATOR_BLOCKS
