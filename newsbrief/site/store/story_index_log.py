"""The story index's persistence: a log of every article fed to it, a checkpoint now and then, and the replay.

The story index (pipeline/clustering/cluster.py) lives in memory and is persisted as a
checkpoint plus a log. Every article fed to it gets a `StoryLog` row with the
exact entity names it was given, and every CHECKPOINT_EVERY rows the whole state
is written to the one `StoryIndexState` row, in the same transaction, which also
takes a new random version on every assignment. A process that starts, or finds
a version it did not write (another process wrote, or a transaction rolled
back), loads the checkpoint and replays the log after it; the index is
deterministic, so the replay rebuilds the same state. Why not the alternatives:
writing the whole state for every article costs the size of every live story's
centroid (megabytes for a busy week), and rebuilding from the last window's
articles at start would compute an IDF and stories that differ from those
stored. This way an assignment costs one log row and one index lookup, whatever
the archive's size, and a restart costs at most CHECKPOINT_EVERY replays.
"""

from __future__ import annotations

import json
import threading
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from django.db.models import Max
from django.db.models.signals import post_delete
from django.dispatch import receiver
from django.utils import timezone

from newsbrief import config
from newsbrief.pipeline.clustering.cluster import Assignment, StoryIndex
from newsbrief.site.models import StoryIndexState, StoryLog

# A restart replays at most this many assignments (well under a second); a
# checkpoint writes the whole live state, so it is not worth doing much more often.
CHECKPOINT_EVERY = 500
# The state grows with the terms the IDF has seen (130,000 at 100,000 articles: 2.4 of its 5 MB),
# and writing it every 500 articles took a seventh of a bulk write. So a large state is written
# once per this many of its terms instead: its cost per article stays flat, and a restart
# replays a few thousand assignments (seconds) at most.
TERMS_PER_CHECKPOINTED_ROW = 20


@dataclass
class _Cached:
    """This process's copy of the story index and the state version it was brought level with."""

    index: StoryIndex | None = None
    version: str = ""


# One per process, like the spaCy model. It is a cache, never the truth: every
# assignment writes a fresh random version into the locked StoryIndexState row in
# its own transaction, and the copy is used only while the database shows the
# version it last wrote or read. Another process's write or a rolled-back
# transaction (which takes the row's version back with it) both make it stale.
_CACHE = _Cached()
_GUARD = threading.Lock()


def lock_story_index() -> None:
    """Serialise story assignment across processes (PostgreSQL); SQLite's write lock already does."""
    locked = StoryIndexState.objects.select_for_update().filter(pk=1)
    if not list(locked.values_list("pk", flat=True)):
        StoryIndexState.objects.get_or_create(pk=1)
        list(locked.values_list("pk", flat=True))


def story_index(*, cached: bool = True) -> StoryIndex:
    """The story index as the database holds it: this process's copy if current, else checkpoint plus log replayed."""
    with _GUARD:
        return _current_index(cached=cached)


def _current_index(*, cached: bool = True) -> StoryIndex:
    """See story_index (call with _GUARD held)."""
    version = StoryIndexState.objects.filter(pk=1).values_list("version", flat=True).first() or ""
    if cached and _CACHE.index is not None and _CACHE.version == version:
        return _CACHE.index
    _CACHE.index = None  # half-built, perhaps, until the replay ends
    state = StoryIndexState.objects.filter(pk=1).values_list("state", "through").first()
    if state and state[0]:
        data = json.loads(state[0]) if isinstance(state[0], str) else state[0]
        index, after = StoryIndex.from_dict(data), state[1]
    else:
        index, after = StoryIndex(params=config.cluster_params()), 0
    _replay(index, after)
    _CACHE.index, _CACHE.version = index, version
    return index


@receiver(post_delete, sender=StoryLog, dispatch_uid="newsbrief.story_index.forget")
def _forget_logged_article(sender, instance: StoryLog, **kwargs) -> None:
    """Keep the index a function of the log: a deleted entry inside the checkpoint takes the checkpoint with it."""
    # Deleting an article cascades to its log entry; without this, the copy in
    # memory and the checkpoint would still hold it, and storing it again would fail.
    update = {"version": uuid.uuid4().hex}
    if StoryIndexState.objects.filter(pk=1, through__gte=instance.pk).exists():
        update.update(state={}, through=0)  # the replay starts over: deletions are rare, the log is the truth
    StoryIndexState.objects.filter(pk=1).update(**update)


def _replay(index: StoryIndex, after: int) -> None:
    """Feed the index the logged articles after a log id, in order, exactly as they were fed first."""
    rows = StoryLog.objects.filter(pk__gt=after).order_by("pk").values_list(
        "article_id", "article__title", "article__text", "article__published", "entities"
    )
    for article_id, title, text, published, names in rows.iterator(chunk_size=500):
        index.assign(str(article_id), title, text, published, tuple(names))


@dataclass
class IndexBatch:
    """Assignments made on the story index in one transaction, logged when the batch ends."""

    index: StoryIndex
    logged: list[tuple[str, list[str]]] = field(default_factory=list)  # (article id, entity names), in order

    def assign(self, article_id: str, title: str, text: str, published, names) -> Assignment:
        """Place one stored (or about to be stored) original, as the index would replay it from the log."""
        assignment = self.index.assign(article_id, title, text, published, tuple(names))
        self.logged.append((article_id, list(names)))
        return assignment


@contextmanager
def index_batch() -> Iterator[IndexBatch]:
    """The story index, locked for assignments inside the caller's transaction; logged and versioned at the end.

    The articles assigned must exist when the block ends (their log rows refer to them).
    """
    lock_story_index()
    with _GUARD:
        index = _current_index()
        _CACHE.index = None  # the copy changes before the database does: not current until both agree
        batch = IndexBatch(index)
        yield batch
        if not batch.logged:
            _CACHE.index = index
            return
        logs = StoryLog.objects.bulk_create([StoryLog(article_id=pk, entities=names) for pk, names in batch.logged])
        last = logs[-1].pk or StoryLog.objects.aggregate(last=Max("pk"))["last"]
        version = uuid.uuid4().hex
        update = {"version": version, "updated": timezone.now()}
        through = StoryIndexState.objects.filter(pk=1).values_list("through", flat=True).first() or 0
        if last - through >= max(CHECKPOINT_EVERY, len(index.df) // TERMS_PER_CHECKPOINTED_ROW):
            update.update(state=_checkpoint(index), through=last)
        StoryIndexState.objects.filter(pk=1).update(**update)
        _CACHE.index, _CACHE.version = index, version


def _checkpoint(index: StoryIndex) -> str:
    """The index's state as JSON text, without aliases of events or threads no longer live (the database has them)."""
    data = index.to_dict()
    data["aliases"] = {old: new for old, new in data["aliases"].items() if index.resolve(new) in index.stories}
    threads = data["threads"]
    live = {thread["id"] for thread in threads["stories"]}
    threads["aliases"] = {old: new for old, new in threads["aliases"].items() if index.resolve_thread(new) in live}
    # Text, not a JSON object: PostgreSQL's jsonb reorders keys, and the index breaks
    # ties between equal weights by the order its dicts were filled in.
    return json.dumps(data)

