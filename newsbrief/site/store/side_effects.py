"""What every write of the store brings about, whichever path it came by: stories, search index, cached pages."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from newsbrief.site.store.page_generation import invalidate
from newsbrief.site.store.search_upkeep import index_brief
from newsbrief.site.store.story_totals import refresh_many


def after_write(*, stories: Mapping[str, str | None] | None = None, briefs: Iterable[int] = ()) -> None:
    """Bring the stories touched up to date, (re)index the briefs written or deleted, and make cached pages stale.

    Called inside the write's transaction, as its last step: the totals and the
    index commit with the write, and cached pages go stale in this process now
    and in every process once it commits. `stories` maps each story to its
    central article, where the story index named one (None keeps title and lead).
    """
    if stories:
        refresh_many(dict(stories))
    index_brief(*briefs)
    invalidate()
