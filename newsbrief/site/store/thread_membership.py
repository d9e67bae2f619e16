"""Which thread (developing story) each event is in: threads begun, events placed in them, threads folded together.

The story index decides and this writes what it decided, by either path into the
store. Until the index assigns threads (an assignment's thread_id is ""), every
event is a thread of its own, under the event's own id, and two threads fold
exactly when their events do. Each function that moves events returns the
threads they left, for side_effects.after_write to bring up to date.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Mapping

from django.db.models import Q

from newsbrief.pipeline.clustering.cluster import Assignment, MergeEvent
from newsbrief.site.models import Story, Thread
from newsbrief.site.store.story_totals import TITLE_CHARS


def thread_decision(assignment: Assignment) -> tuple[str, tuple[MergeEvent, ...]]:
    """The thread an assignment put its event in and the thread merges it caused, in order."""
    if assignment.thread_id:
        return assignment.thread_id, assignment.thread_merged
    return assignment.story_id, assignment.merged  # a thread per event, folding as the events fold


def begin_threads(titles: Mapping[str, str]) -> None:
    """Make the threads named that do not exist yet, each titled (until its first refresh) by the article given."""
    Thread.objects.bulk_create([Thread(id=tid, title=title[:TITLE_CHARS]) for tid, title in titles.items()],
                               ignore_conflicts=True)


def fold_thread(survivor: str, absorbed: str) -> None:
    """Fold one thread into another: its events move, and its id (and any it absorbed) resolves to the survivor."""
    # Flattened, as stories are: whatever resolved to the absorbed thread resolves to the survivor in one step.
    Thread.objects.filter(Q(pk=absorbed) | Q(merged_into=absorbed)).update(
        merged_into=survivor, event_count=0, size=0, outlets=0, central=None)
    Story.objects.filter(thread=absorbed).update(thread=survivor)


def after_merges(thread_of: Mapping[str, str], merges: Iterable[tuple[str, str]]) -> dict[str, str]:
    """Each event's thread once the thread merges (survivor, absorbed), in the order made, have been folded."""
    # An absorbed thread never takes events again, so following the aliases gives the order's result.
    alias = {absorbed: survivor for survivor, absorbed in merges}
    final = {}
    for event, thread in thread_of.items():
        for _ in range(len(alias)):
            if thread not in alias:
                break
            thread = alias[thread]
        final[event] = thread
    return final


def put_in_threads(thread_of: Mapping[str, str]) -> set[str]:
    """Put events in threads (event id -> thread id); the threads that events left."""
    was = {str(pk): str(thread) if thread else None
           for pk, thread in Story.objects.filter(pk__in=list(thread_of)).values_list("pk", "thread_id")}
    moving: dict[str, list[str]] = {}
    for event, thread in thread_of.items():
        if event in was and was[event] != thread:
            moving.setdefault(thread, []).append(event)
    for thread, events in moving.items():
        Story.objects.filter(pk__in=events).update(thread=uuid.UUID(thread))
    return {was[event] for events in moving.values() for event in events if was[event]}


def follow_story_merge(survivor: str, absorbed: str) -> set[str]:
    """After an editor folds one event into another: a thread the merge left without events folds into the survivor's.

    The threads touched, to bring up to date.
    """
    threads = dict(Story.objects.filter(pk__in=[survivor, absorbed]).values_list("pk", "thread_id"))
    kept, left = threads.get(uuid.UUID(str(survivor))), threads.get(uuid.UUID(str(absorbed)))
    if left is None or left == kept:
        return {str(t) for t in (kept, left) if t}
    if kept is None:
        Story.objects.filter(pk=survivor).update(thread=left)
        return {str(left)}
    if not Story.objects.filter(thread=left, merged_into=None).exists():
        fold_thread(str(kept), str(left))
    return {str(kept), str(left)}
