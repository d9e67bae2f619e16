"""Which story each article is in: an article placed as it is stored, stories begun and folded into one another.

Each function returns the stories it touched, mapped to their central article
where the story index named one, for side_effects.after_write to bring up to date
(with their threads: thread_membership.py writes which thread each story is in).
"""

from __future__ import annotations

import uuid

from django.db import transaction
from django.db.models import Q

from newsbrief.site.models import Article, Story
from newsbrief.site.store.side_effects import after_write
from newsbrief.site.store.story_index_log import index_batch
from newsbrief.site.store.story_totals import TITLE_CHARS
from newsbrief.site.store.thread_membership import (
    begin_threads, fold_thread, follow_story_merge, put_in_threads, thread_decision,
)

Touched = dict[str, str | None]  # story id -> its central article, or None to keep its title and lead


def place_article(row: Article, names: tuple[str, ...]) -> tuple[Touched, set[str]]:
    """Put a just-stored article in its story, with the copies of its group; a copy joins its original's.

    An original takes the story of the article it revises or displaced as
    original, else the one (and the thread) the story index gives it (names: its
    entities, most mentioned first). The stories touched, and the threads that
    stories left. Call with the story index locked (story_index_log.lock_story_index).
    """
    original = row.duplicate_of if row.duplicate_of_id else row
    # After the store's demotions every copy of the group points at the original itself.
    group = [original.pk, *Article.objects.filter(duplicate_of=original).values_list("pk", flat=True)]
    if row.duplicate_of_id:
        return _move(group, Article.objects.filter(pk=original.pk).values_list("story_id", flat=True).first()), set()
    if inherited := _inherited_story(row):
        return _move(group, inherited), set()
    with index_batch() as batch:
        assignment = batch.assign(str(row.pk), row.title, row.text, row.published, names)
    thread, thread_merges = thread_decision(assignment)
    begin_threads({tid: row.title for tid in (thread, *(event.survivor for event in thread_merges))})
    if assignment.is_new:
        begin_stories({assignment.story_id: row.title}, {assignment.story_id: thread})
    for event in assignment.merged:
        fold_story(event.survivor, event.absorbed)
    for event in thread_merges:
        fold_thread(event.survivor, event.absorbed)
    left = put_in_threads({assignment.story_id: thread})
    return _move(group, assignment.story_id, central=assignment.central), left


def begin_stories(titles: dict[str, str], threads: dict[str, str]) -> None:
    """Make the stories the index has just begun, in their threads, each titled by its first article until a refresh."""
    Story.objects.bulk_create([Story(id=sid, title=title[:TITLE_CHARS], thread_id=threads[sid])
                               for sid, title in titles.items()], ignore_conflicts=True)


def fold_story(survivor: str, absorbed: str) -> None:
    """Fold one story into another: its articles move, and its id (and any it absorbed) resolves to the survivor."""
    # Flattened: whatever resolved to the absorbed story resolves to the survivor in one step.
    Story.objects.filter(Q(pk=absorbed) | Q(merged_into=absorbed)).update(merged_into=survivor, size=0, outlets=0)
    Article.objects.filter(story_id=absorbed).update(story_id=survivor)


def merge_stories(survivor: str, absorbed: str) -> None:
    """Fold one story into another, in one transaction, with the side effects of any write of the store."""
    with transaction.atomic():
        fold_story(survivor, absorbed)
        after_write(stories={str(survivor): None}, threads=follow_story_merge(survivor, absorbed))


def refresh_stories(*story_ids) -> None:
    """Recompute stories' totals and topics (title and lead kept), with the side effects of any write of the store."""
    with transaction.atomic():
        after_write(stories=dict.fromkeys(str(story) for story in story_ids))


def _inherited_story(row: Article):
    """The story of the article this one revises or displaced as original, if any."""
    if row.revision_of_id:
        story = Article.objects.filter(pk=row.revision_of_id).values_list("story_id", flat=True).first()
        if story:
            return story
    for other in row.displaced:
        if other.story_id:
            return other.story_id
    return None


def _move(pks: list, story_id, central: str | None = None) -> Touched:
    """Put articles in a story (None: in none); every story they leave or join is touched."""
    target = uuid.UUID(str(story_id)) if story_id else None
    touched = set(Article.objects.filter(pk__in=pks).exclude(story_id=None).values_list("story_id", flat=True))
    Article.objects.filter(pk__in=pks).update(story_id=target)
    found: Touched = {str(story): None for story in touched - {target}}
    if target:
        found[str(target)] = central
    return found
