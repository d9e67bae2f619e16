"""Which pages a write changed, as page tags (page_generation.py): the store's writes, and single rows saved elsewhere.

A page shows these tags (site/web/caching.py):
- an article's page and comment feed: its article, and its story (the "more on this story" block);
- a story's page and feeds: its story; a thread's: its thread; an entity's: its entity;
  a source's: its source; every list of the newest briefs (front page, latest feeds,
  search, sources, about): LISTS; every page: SITE.

So a write of the store changes the tags of the articles written or changed, of the
stories touched and of the stories they absorbed, of the threads of those stories
(and the threads they absorbed) and the events (stories) of those threads, whose pages
show the thread's title; of the entities named in the touched stories' articles, whose
pages list those stories; of the sources of the articles written; and LISTS.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable

from django.db.models import Model

from newsbrief.site.models import (
    Article, Brief, Comment, DiscussionSettings, Entity, EntityAlias, Mention, Source, SourceEntry, Statement, Story,
    StoryIndexState, StoryLog, Thread,
)
from newsbrief.site.store.page_generation import LISTS, SITE, tag

log = logging.getLogger(__name__)


def written_tags(*, articles: Iterable = (), stories: Iterable = (), threads: Iterable = (),
                 briefs: Iterable[int] = ()) -> set[str]:
    """The tags a write of the store changed: of the articles written or changed, the stories and threads touched,
    the briefs written, rewritten or deleted (their articles), and all that follows from them (see the module)."""
    articles = {str(pk) for pk in articles if pk}
    articles |= {str(pk) for pk in Brief.objects.filter(pk__in=list(briefs)).values_list("article_id", flat=True)}
    stories = {str(pk) for pk in stories if pk}
    if not (articles or stories or threads):
        return set()
    stories |= {str(pk) for pk in Story.objects.filter(merged_into__in=list(stories)).values_list("pk", flat=True)}
    threads = {str(pk) for pk in threads if pk}
    threads |= {str(pk) for pk in Story.objects.filter(pk__in=list(stories), thread__isnull=False)
                .values_list("thread_id", flat=True)}
    threads |= {str(pk) for pk in Thread.objects.filter(merged_into__in=list(threads)).values_list("pk", flat=True)}
    events = {str(pk) for pk in Story.objects.filter(thread__in=list(threads)).values_list("pk", flat=True)}
    shown = Article.objects.filter(story__in=list(stories)).values("pk")
    entities = set(Mention.objects.filter(article__in=shown).values_list("entity_id", flat=True).distinct())
    entities |= set(Statement.objects.filter(article__in=shown).values_list("actor_id", flat=True).distinct())
    sources = set(Article.objects.filter(pk__in=list(articles), source__isnull=False)
                  .values_list("source_id", flat=True).distinct())
    return {
        LISTS,
        *(tag("article", pk) for pk in articles),
        *(tag("story", pk) for pk in stories | events),
        *(tag("thread", pk) for pk in threads),
        *(tag("entity", pk) for pk in entities),
        *(tag("source", pk) for pk in sources),
    }


def row_tags(instance: Model, *, created: bool = False) -> tuple[str, ...]:
    """The tags a row saved or deleted on its own changed (Django's signals: the admin, a shell, a comment posted).

    Rows that readers' pages do not show change none; an editor's change to what many
    pages show (an article, a story, an entity's name, a source's name or body mode)
    changes SITE: such changes are rare and their reach is wide.
    """
    match instance:
        case Comment():
            return (tag("article", instance.article_id),)
        case SourceEntry():  # the source's health on its page
            return (tag("source", instance.source_id),)
        case Source() if created:  # a new source lists on the sources page; it has no briefs yet
            return (LISTS, tag("source", instance.pk))
        case Brief():  # a brief deleted as its article becomes a copy, or rewritten by an editor
            return (LISTS, tag("article", instance.article_id))
        case Mention() | Statement():  # enrichment cleared as its article becomes a copy
            entity = instance.entity_id if isinstance(instance, Mention) else instance.actor_id
            return (tag("article", instance.article_id), tag("entity", entity))
        case StoryLog() | StoryIndexState():  # the story index's own bookkeeping
            return ()
        case Article() | Story() | Thread() | Entity() | EntityAlias() | Source() | DiscussionSettings():
            return (SITE,)
    log.warning("page cache: no page tags for a %s row; every page goes stale", type(instance).__name__)
    return (SITE,)  # a model no one placed yet: every page, to be safe
