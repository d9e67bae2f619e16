"""A thread's totals, topics, title and lead, recomputed from its events after they change."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from django.db.models import Count
from django.utils import timezone

from newsbrief.site.models import Article, Story, Thread
from newsbrief.site.store.story_totals import STORY_TOPICS, outlet_of_article

EVENT_FIELDS = ("pk", "thread_id", "title", "lead", "size", "outlets", "first_published", "last_published", "topics")


def refresh_threads(thread_ids: Iterable[str], *, of_events: Iterable[str] = ()) -> None:
    """Recompute the threads named and those of the events named: counts, dates, topics, and the central event's
    title and lead (the event most outlets covered; then the largest, then the first)."""
    wanted = {str(t) for t in thread_ids}
    if events := [str(e) for e in of_events]:
        wanted |= {str(t) for t in Story.objects.filter(pk__in=events).exclude(thread=None)
                   .values_list("thread_id", flat=True)}
    threads = {str(t.pk): t for t in Thread.objects.filter(pk__in=wanted, merged_into=None)} if wanted else {}
    if not threads:
        return
    members: dict[str, list[dict]] = {tid: [] for tid in threads}
    live = Story.objects.filter(thread__in=threads, merged_into=None, size__gt=0).values(*EVENT_FIELDS)
    for event in live:
        members[str(event["thread_id"])].append(event)
    outlets = {str(tid): n for tid, n in Article.objects.current().filter(story__thread__in=threads)
               .values("story__thread").annotate(n=Count(outlet_of_article(), distinct=True))
               .values_list("story__thread", "n")}
    now = timezone.now()
    for tid, thread in threads.items():
        events = members[tid]
        thread.event_count, thread.size = len(events), sum(e["size"] for e in events)
        thread.outlets = outlets.get(tid, 0)
        firsts = [e["first_published"] for e in events if e["first_published"]]
        lasts = [e["last_published"] for e in events if e["last_published"]]
        thread.first_published, thread.last_published = min(firsts, default=None), max(lasts, default=None)
        thread.topics = _topics(events)
        thread.updated = now
        if events:
            central = min(events, key=_centrality)
            thread.central_id, thread.title, thread.lead = central["pk"], central["title"], central["lead"]
        else:
            thread.central_id = None
    Thread.objects.bulk_create(threads.values(), update_conflicts=True, unique_fields=["id"], update_fields=[
        "event_count", "size", "outlets", "first_published", "last_published", "topics", "updated", "central",
        "title", "lead"])


def _centrality(event: dict) -> tuple:
    """Sorts the event that best stands for its thread first: most outlets, most articles, earliest, then by id."""
    first = event["first_published"]
    return (-event["outlets"], -event["size"], first is None, first.timestamp() if first else 0.0, str(event["pk"]))


def _topics(events: list[dict]) -> list[str]:
    """The tags most of a thread's events share; between equals, those of the newest event first."""
    newest_first = sorted(events, key=lambda e: (e["last_published"] is None, -(e["last_published"].timestamp()
                                                 if e["last_published"] else 0.0), str(e["pk"])))
    tags: Counter = Counter()
    for event in newest_first:
        tags.update(event["topics"] or [])
    return [tag for tag, _ in tags.most_common(STORY_TOPICS)]
