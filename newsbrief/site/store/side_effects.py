"""What every write of the store brings about, whichever path it came by: stories, bodies, search, cached pages."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from django.db import transaction
from django.db.models.signals import post_save
from django.dispatch import receiver

from newsbrief.site.models import Brief, Source
from newsbrief.site.store.body_modes import conform_bodies
from newsbrief.site.store.page_generation import invalidate
from newsbrief.site.store.page_tags import written_tags
from newsbrief.site.store.search_upkeep import index_brief
from newsbrief.site.store.story_briefs import refresh_story_briefs
from newsbrief.site.store.story_totals import refresh_many
from newsbrief.site.store.thread_totals import refresh_threads


def after_write(*, stories: Mapping[str, str | None] | None = None, threads: Iterable[str] = (),
                briefs: Iterable[int] = (), articles: Iterable = ()) -> None:
    """Bring the stories and threads touched up to date, (re)index the briefs written or deleted, make pages stale.

    Called inside the write's transaction, as its last step: the totals and the
    index commit with the write, and the cached pages it changed (page_tags.py:
    those of `articles`, the articles written or changed, of the stories and
    threads, and what follows from them) go stale now and again once it commits.
    `stories` maps each story to its central article, where the story index named
    one (None keeps title and lead); their threads follow them, and so do `threads`
    (those that events left). Briefs written under another body mode than their
    source's get its body first.
    """
    threads = set(threads)
    if stories:
        refresh_many(dict(stories))
        refresh_story_briefs(stories)
    refresh_threads(threads, of_events=stories or ())
    briefs = list(briefs)
    if briefs:
        conform_bodies(Brief.objects.filter(pk__in=briefs))
    index_brief(*briefs)
    invalidate(*written_tags(articles=articles, stories=stories or (), threads=threads, briefs=briefs))


@receiver(post_save, sender=Source, dispatch_uid="newsbrief.store.source_saved")
def _source_saved(sender, instance: Source, created: bool, update_fields=None, **kwargs) -> None:
    """A source's body mode changed (the admin, a shell, add-source): its briefs' bodies follow at once."""
    if created or (update_fields is not None and "body_mode" not in update_fields):
        return
    with transaction.atomic():  # all of its briefs or none
        if rewritten := conform_bodies(Brief.objects.filter(article__source=instance)):
            after_write(briefs=rewritten)
