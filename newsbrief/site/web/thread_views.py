"""The thread page (a developing story: its events over time) and the front page's grouping of events by thread."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from django.db.models import F
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.timezone import localdate
from django.views.decorators.http import require_safe

from newsbrief.site.models import Article, Story, Thread
from newsbrief.site.web.caching import reader_cacheable
from newsbrief.site.web.charts import colours, coverage_chart, span_chart
from newsbrief.site.web.story_brief_marks import story_brief_of
from newsbrief.site.web.story_views import by_actor, named_in, outlets_of

THREAD_STATEMENTS = 300  # who wants what over a long thread: the earliest this many statements


@dataclass
class FrontThread:
    """One card of the front page: the best-ranked event of a thread, and its other ranked events in rank order."""

    thread: Thread | None
    events: list[Story] = field(default_factory=list)

    @property
    def lead(self) -> Story:
        """The event the card leads with."""
        return self.events[0]

    @property
    def more(self) -> list[Story]:
        """The thread's other events on the front page."""
        return self.events[1:]


def front_threads(ranked: list[Story]) -> list[FrontThread]:
    """Ranked events grouped by thread: a card per thread, where its best-ranked event stood (events from
    `ranked_stories`, their threads selected with them)."""
    cards: dict[object, FrontThread] = {}
    for story in ranked:
        key = story.thread_id or story.pk  # an event outside every thread (made by hand) stands alone
        cards.setdefault(key, FrontThread(story.thread if story.thread_id else None)).events.append(story)
    return list(cards.values())


@reader_cacheable(shows="thread")
@require_safe
def thread(request, pk):
    """A thread: its events on a timeline, the outlets, the entities and who wants what over time."""
    item = get_object_or_404(Thread.objects.select_related("merged_into"), pk=pk)
    if item.merged_into_id:  # absorbed by a merge: the id resolves to the thread that took it in
        return redirect(item.merged_into, permanent=True)
    events = list(Story.objects.filter(thread=item, merged_into=None, size__gt=0)
                  .order_by(F("first_published").asc(nulls_last=True), "created", "pk"))
    if not events:
        raise Http404("This thread has no events.")
    labels = _labels(events)
    colour_of = colours(labels.values())
    articles = list(Article.objects.current().filter(story__in=events).select_related("source")
                    .only("pk", "story_id", "published", "outlet", "source_domain", "source__name"))
    per_day = Counter((localdate(a.published), labels[a.story_id]) for a in articles if a.published)
    entities, statements = named_in(Article.objects.published().filter(story__in=events))
    statements = statements[:THREAD_STATEMENTS]
    outlets, _ = outlets_of(articles)
    briefs = story_brief_of(events)
    context = {
        "event_briefs": [(event, briefs[event.pk]) for event in events if event.pk in briefs],
        "thread": item,
        "events": [(event, colour_of[labels[event.pk]]) for event in events],
        "spans": span_chart(_spans(events, labels), colour_of),
        "chart": coverage_chart(per_day, colour_of),
        "outlets": [(name, count, "") for name, count in outlets],  # no colour: the thread's chart colours events
        "entities": entities,
        "actors": by_actor(statements),
    }
    return render(request, "newsbrief/thread.html", context)


def _labels(events: list[Story]) -> dict:
    """A distinct label per event, its title (numbered where two events share one): the key of its colour."""
    seen: Counter = Counter(event.title for event in events)
    labels, used = {}, Counter()
    for event in events:
        used[event.title] += 1
        labels[event.pk] = event.title if seen[event.title] == 1 else f"{event.title} ({used[event.title]})"
    return labels


def _spans(events: list[Story], labels: dict) -> list:
    """Each dated event's row of the span chart: its label, first and last day, and its size."""
    return [(labels[e.pk], localdate(e.first_published), localdate(e.last_published or e.first_published), e.size)
            for e in events if e.first_published]

