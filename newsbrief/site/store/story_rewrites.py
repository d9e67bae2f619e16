"""The optional model rewrite of story briefs, asked once the write that changed a story's lead or closing commits.

The model is slow next to a write (seconds), so it is never asked inside the write's
transaction, where it would hold the database's write lock: `schedule` asks it after
the commit, and the rewrite is stored in a short transaction of its own, only if the
story's extractive lead and closing are still those it was made from (an article that
joined meanwhile and changed them asked the model again). Until then the page shows the
extractive brief. The gate's notes are kept with the rewrite for editors (the admin).
A model that failed (down, slow, nonsense) is noted the same way and asked again when
the lead or closing next changes, not at every article that joins.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable

from django.db import transaction

from newsbrief.pipeline.briefs.llm import Endpoint
from newsbrief.pipeline.briefs.story_brief import StoryState, brief_of, record
from newsbrief.pipeline.briefs.story_rewrite import contributing, kept, reused, rewrite_story
from newsbrief.site.models import Article, Story
from newsbrief.site.store.page_generation import invalidate
from newsbrief.site.store.page_tags import written_tags

log = logging.getLogger(__name__)


def schedule(story_ids: Iterable[str], endpoint: Endpoint) -> None:
    """Ask the model for these stories' leads and closings once the current transaction commits (at once outside one)."""
    ids = list(story_ids)
    if ids:
        # robust: a failure here is logged and must not fail the write, which has committed already.
        transaction.on_commit(lambda: rewrite_story_briefs(ids, endpoint), robust=True)


def rewrite_story_briefs(story_ids: Iterable[str], endpoint: Endpoint) -> None:
    """Rewrite the lead and closing of each story whose brief holds no rewrite made from its current ones."""
    for pk in map(str, story_ids):
        story = Story.objects.filter(pk=pk, merged_into=None).only("pk", "title", "brief").first()
        if story is None or not (story.brief or {}).get("state"):
            continue
        extractive = brief_of(StoryState(story.brief["state"]))
        if not extractive.lead or reused(extractive, story.brief.get("rewrite")) is not None:
            continue  # nothing to rewrite, or done already
        ids = contributing(extractive)
        articles = {str(a): (title, text) for a, title, text in
                    Article.objects.filter(pk__in=ids).values_list("pk", "title", "text")}  # fmt: skip
        if len(articles) < len(ids):
            continue  # an article was deleted meanwhile: the refresh that follows asks again
        rewrite = kept(extractive, rewrite_story(extractive, articles, endpoint, story.title))
        _store(pk, rewrite)


def _store(pk: str, rewrite: dict) -> None:
    """Keep the rewrite with the story and show it, if the story's lead and closing are still those it was made from."""
    with transaction.atomic():
        current = Story.objects.select_for_update().filter(pk=pk).only("pk", "brief").first()
        if current is None or not (current.brief or {}).get("state"):
            return
        shown = reused(brief_of(StoryState(current.brief["state"])), rewrite)
        if shown is None:
            log.info("story %s: lead or closing changed while the model wrote; the rewrite is dropped", pk)
            return
        Story.objects.filter(pk=pk).update(brief={**current.brief, "brief": record(pk, shown), "rewrite": rewrite})
        invalidate(*written_tags(stories=[pk]))
