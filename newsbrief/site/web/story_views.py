"""The story (event) and entity pages, and the ranking of stories on the front page."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import datetime

from django.db.models import Count, Exists, F, OuterRef, Sum
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.timezone import localdate
from django.views.decorators.http import require_safe

from newsbrief.site.web.caching import reader_cacheable
from newsbrief.site.web.charts import OTHER_COLOUR, colours, coverage_chart
from newsbrief.site.models import Article, Entity, Statement, Story
from newsbrief.site.models.days import UtcDay
from newsbrief.site.web.paging import page_of
from newsbrief.site.web.statements_shown import shown
from newsbrief.site.web.story_brief_marks import first_reports, story_brief_of

PAGE_SIZE = 50
FRONT_STORIES = 20
# Stories ranked on the front page are drawn from the most recently active ones only,
# so ranking costs the same however large the archive.
RANK_POOL = 200
# How fast age outweighs breadth: with 1.5, a story six outlets covered two days
# ago still ranks above one outlet's story of today (6 / 3^1.5 > 1), one of two
# outlets no longer does. The exponent of Hacker News's ranking, for the same reason.
GRAVITY = 1.5
SPARKLINE_DAYS = 14  # a front-page story's coverage is drawn over its last two weeks
STORY_ENTITIES = 30
ENTITY_STATEMENTS = 100
STORY_MENTIONS = 200  # an entity's stories are those of its latest 200 mentions, most recently active first
SPELLING_MENTIONS = 500  # and its other spellings those of its latest 500
# What an entity page shows of each article; the text, its signature and the like are left unread.
LISTED_FIELDS = ("title", "published", "ingested", "outlet", "source_domain", "source__name")
UNLISTED_FIELDS = ("text", "signature", "authors", "topics", "blocked_reason")


@dataclass(frozen=True)
class _Candidate:
    """What ranking reads of a live story: its id, breadth and time."""

    pk: object
    outlets: int
    when: datetime


def ranked_stories(limit: int = FRONT_STORIES) -> list[Story]:
    """Live stories ranked by breadth of coverage (outlets) and recency, best first."""
    pool = _rank_pool()
    if not pool:
        return []
    # Age is counted from the newest story, not from now: an archive or a quiet
    # weekend still gets a front page ranked by breadth.
    newest = max(story.when for story in pool)

    def score(story: _Candidate) -> float:
        age_days = (newest - story.when).total_seconds() / 86400
        return max(story.outlets, 1) / (1 + age_days) ** GRAVITY

    ids = [story.pk for story in sorted(pool, key=lambda story: (-score(story), -story.when.timestamp()))[:limit]]
    # Only the stories shown are read whole, with their threads; a story's brief (with the state it is
    # updated from, kilobytes) is not on the front page.
    shown = Story.objects.defer("brief").select_related("thread").in_bulk(ids)
    ranked = [shown[pk] for pk in ids]
    _chart_coverage(ranked)
    return ranked


def _rank_pool() -> list[_Candidate]:
    """The RANK_POOL most recently active live stories, as the few numbers ranking reads."""
    fields = ("pk", "outlets", "size", "merged_into_id", "last_published", "updated")
    # Ordered by the indexed last_published, not by "last_published, else updated": a sort by the
    # expression would read every live story, and the archive's size with them. The few stories with no
    # dated article are ranked by `updated`; the newest of both lists are the newest overall.
    # The merged and empty stories (a few) are dropped here, not in SQL: asked for `merged_into IS NULL`,
    # SQLite's planner takes that column's index (nearly every story shares its NULL) and sorts them all.
    recent = (Story.objects.filter(last_published__isnull=False)
              .order_by(F("last_published").desc(), "pk").values_list(*fields)[:2 * RANK_POOL])
    undated = (Story.objects.filter(merged_into__isnull=True, size__gt=0, last_published__isnull=True)
               .order_by(F("updated").desc(), "pk").values_list(*fields)[:RANK_POOL])
    pool = [_Candidate(pk, outlets, published or updated)
            for pk, outlets, size, merged_into, published, updated in [*recent, *undated]
            if merged_into is None and size > 0]
    return sorted(pool, key=lambda story: (-story.when.timestamp(), str(story.pk)))[:RANK_POOL]


def _chart_coverage(stories: list[Story]) -> None:
    """Give each story a sparkline of its articles per day over its last two weeks (`coverage`), from one query."""
    per_day = (
        Article.objects.current().filter(story__in=stories, published__isnull=False)
        .annotate(day=UtcDay("published")).values_list("story_id", "day").annotate(n=Count("pk")).order_by()
    )  # fmt: skip
    counts: dict = {}
    for story_id, day, n in per_day:
        counts.setdefault(story_id, {})[(day, "")] = n
    colour = colours([""])
    for story in stories:
        story.coverage = coverage_chart(
            counts.get(story.pk, {}), colour, width=160, plot=28, labels=False, last_days=SPARKLINE_DAYS
        )


@reader_cacheable(shows="story")
@require_safe
def story(request, pk):
    """A story: the timeline of its coverage, its outlets, entities and who wants what by actor over time."""
    item = get_object_or_404(Story.objects.select_related("merged_into", "thread"), pk=pk)
    if item.merged_into_id:  # absorbed by a merge: the id resolves to the story that took it in
        return redirect(item.merged_into, permanent=True)
    timeline = list(
        Article.objects.current().filter(story=item)
        .select_related("source", "duplicate_of")
        .order_by(F("published").asc(nulls_last=True), "ingested")
    )
    entities, statements = named_in(Article.objects.published().filter(story=item))
    outlets, outlet_of = outlets_of(timeline)
    colour_of = colours(name for name, _ in outlets)
    by_day = Counter((localdate(a.published), outlet_of[a.pk]) for a in timeline if a.published)
    brief = story_brief_of([item]).get(item.pk)
    firsts = [(r, colour_of.get(r.outlet, OTHER_COLOUR)) for r in first_reports(brief)]
    context = {
        "story": item,
        "timeline": timeline,
        "chart": coverage_chart(by_day, colour_of, firsts=[(r.number, localdate(r.published), r.outlet)
                                                            for r, _ in firsts if r.published]),
        "first_reports": firsts,
        "outlets": [(name, count, colour_of[name]) for name, count in outlets],
        "entities": entities,
        "actors": by_actor(statements),
        "story_brief": brief,
    }
    return render(request, "newsbrief/story.html", context)


def named_in(originals) -> tuple:
    """The entities these articles name most (at most STORY_ENTITIES) and their statements, oldest first."""
    entities = (
        Entity.objects.filter(mentions__article__in=originals)
        .annotate(articles_count=Count("mentions"), total=Sum("mentions__count"))
        .order_by("-articles_count", "-total", "name")[:STORY_ENTITIES]
    )
    statements = (
        Statement.objects.filter(article__in=originals)
        .select_related("actor", "article", "article__source")
        .order_by(F("article__published").asc(nulls_last=True), "article__ingested", "paragraph", "start")
    )
    return entities, statements


def outlets_of(timeline: list[Article]) -> tuple[list[tuple[str, int]], dict]:
    """Each outlet (one per domain, by the name it goes by) with its count of the story's articles, most first;
    and the outlet of each article, by its key."""
    counts: Counter = Counter()
    names: dict[str, str] = {}
    for article in timeline:
        key = article.source_domain or article.outlet_name
        counts[key] += 1
        if key not in names or names[key] == key:  # a name beats a bare domain
            names[key] = article.outlet_name
    outlet_of = {a.pk: names[a.source_domain or a.outlet_name] for a in timeline}
    return [(names[key], count) for key, count in counts.most_common()], outlet_of


def by_actor(statements) -> list[tuple[Entity, list[Statement]]]:
    """Statements that pass (statements_shown.py) grouped by actor, most statements first; each actor's in order of time."""
    groups: dict[int, list[Statement]] = {}
    for statement in shown(statements):
        groups.setdefault(statement.actor_id, []).append(statement)
    ranked = sorted(groups.values(), key=lambda group: (-len(group), group[0].actor.name))
    return [(group[0].actor, group) for group in ranked]


@reader_cacheable(shows="entity")
@require_safe
def entity(request, pk, slug=None):
    """An entity: the coverage that names it over time, the stories it is in, and its statements."""
    item = get_object_or_404(Entity, pk=pk)
    if slug != item.slug:
        return redirect(item, permanent=True)
    # Every list below reads the entity's mentions (statements) newest first from their own index
    # (migration 0015) and stops at its page: a name in 100,000 articles costs what a rare one does.
    naming = Article.objects.published().filter(mentions__entity=item).order_by(
        F("mentions__article_published").desc(nulls_last=True), F("mentions__article_ingested").desc())
    listed = naming.select_related(None).select_related("source").only(*LISTED_FIELDS)
    page = page_of(listed, request.GET.get("page"), PAGE_SIZE)
    stories = (
        Story.objects.filter(merged_into__isnull=True, pk__in=naming.values("story")[:STORY_MENTIONS])
        .only("title", "outlets", "last_published")
        .order_by(F("last_published").desc(nulls_last=True), "pk")[:FRONT_STORIES]
    )
    statements = (
        Statement.objects.filter(Article.objects.published_through("article"), actor=item)
        .select_related("article", "article__source").defer(*(f"article__{name}" for name in UNLISTED_FIELDS))
        .order_by(F("article_published").desc(nulls_last=True), "paragraph", "start")[:ENTITY_STATEMENTS]
    )
    # The chart counts every mention, but from the index alone: no article is read. A mention is
    # written for a briefed original only (copies lose theirs); a revision supersedes its article.
    superseded = Article.objects.filter(revision_of=OuterRef("article"))
    per_day = (
        item.mentions.filter(article_published__isnull=False).exclude(Exists(superseded))
        .annotate(day=UtcDay("article_published")).values_list("day").annotate(n=Count("pk")).order_by()
    )  # fmt: skip
    spellings = Counter()
    latest = item.mentions.order_by(F("article_published").desc(nulls_last=True), F("article_ingested").desc())
    for forms, count in latest.values_list("surface_forms", "count")[:SPELLING_MENTIONS]:
        spellings.update({form: count for form in forms if form != item.name})
    context = {
        "entity": item,
        "page": page,
        "stories": stories,
        "statements": shown(statements),
        "spellings": [form for form, _ in spellings.most_common(10)],
        "chart": coverage_chart({(day, ""): n for day, n in per_day}, colours([""])),
    }
    return render(request, "newsbrief/entity.html", context)
