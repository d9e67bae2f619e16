"""Full-text search over briefs: one function, search(), over SQLite FTS5 or PostgreSQL (site/web/search_engines.py).

Its cost is bounded by the page asked for, not by the archive: matches are read
newest first, RANKED_TOGETHER at a time, and each such tier is ranked by
relevance (bm25 on SQLite, ts_rank on PostgreSQL) and filtered; tiers are read
until the page is full. So results are the best of the newest matches first,
then the best of the next older ones, and a search for a word in 100,000 briefs
scores a thousand of them, not all. The number of results is counted up to
COUNTED and estimated beyond ("about 12,400 results").

The query language is parsed by site.search_query. The index is one row per
brief, keyed by the brief's id; the store keeps it (site/store/search_upkeep.py),
this module only reads it.
"""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime, time

from django.db import connection
from django.db.models import BooleanField, Q, QuerySet, UUIDField
from django.db.models.expressions import RawSQL
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from newsbrief.site.models import Article, Entity
from newsbrief.site.store.search_upkeep import TABLE  # noqa: F401  (tests read the index through it)
from newsbrief.site.web.search_engines import brief_id_bounds, engine
from newsbrief.site.web.search_query import START, STOP, Query, parse_query

MAX_RESULTS = 1000  # the deepest result paging can reach
MAX_PAGE_SIZE = 100
PAGE_SIZE = 20
# Matches ranked together, newest first: page one holds the best of the newest thousand.
RANKED_TOGETHER = 1000
# Matches read at most for one page: filters that pass few of them (source:, entity:,
# after:, before:) stop here instead of reading the whole archive, and say so.
MAX_READ = 20_000
COUNTED = 10_000  # matches counted exactly; beyond, the count is estimated from how dense they are
SNIPPET_CHARS = 300  # of the lead, shown when no words were searched for


@dataclass(frozen=True)
class Hit:
    """One result: the article and a snippet, escaped HTML with the matches in <mark>."""

    article: Article
    snippet: SafeString


@dataclass(frozen=True)
class Total:
    """How many briefs match: exactly, about (estimated), or more than (counting stopped)."""

    value: int
    kind: str = "exact"  # "exact", "about" or "over"

    @property
    def label(self) -> str:
        """The count as readers see it: "1 result", "about 12,400 results", "more than 1,000 results"."""
        noun = "result" if self.value == 1 and self.kind == "exact" else "results"
        prefix = {"exact": "", "about": "about ", "over": "more than "}[self.kind]
        return f"{prefix}{self.value:,} {noun}"


@dataclass(frozen=True)
class Results:
    """One page of results."""

    query: Query
    hits: list[Hit] = field(default_factory=list)
    offset: int = 0
    limit: int = PAGE_SIZE
    has_more: bool = False
    total: Total = Total(0)
    # Set when the filters passed too few of the MAX_READ newest matches to fill the page.
    stopped_early: bool = False


def search(text: str, *, limit: int = PAGE_SIZE, offset: int = 0) -> Results:
    """One page of the published briefs matching a query string, best first (newest first without words)."""
    query = parse_query(text)
    limit = max(1, min(int(limit), MAX_PAGE_SIZE))
    offset = max(0, int(offset))
    if query.is_empty or offset >= MAX_RESULTS:
        return Results(query, [], offset, limit, False)
    wanted = min(limit, MAX_RESULTS - offset)
    candidates = _candidates(query)
    if query.has_words:
        return _ranked(query, candidates, offset, limit, wanted)
    if query.exclude:
        sql, params = engine().lacking(query.exclude)
        candidates = candidates.filter(RawSQL(sql, params, output_field=BooleanField()))
    # One row more than wanted tells whether another page follows.
    rows = list(candidates[offset : offset + wanted + 1])
    hits = [Hit(article, _lead_snippet(article)) for article in rows[:wanted]]
    has_more = len(rows) > wanted and offset + wanted < MAX_RESULTS
    if has_more:
        counted = candidates.order_by()[:MAX_RESULTS + 1].count()
        total = Total(MAX_RESULTS, "over") if counted > MAX_RESULTS else Total(counted)
    else:
        total = Total(offset + len(hits))
    return Results(query, hits, offset, limit, has_more, total)


@dataclass
class _Walk:
    """The matches read so far, tier by tier: those that passed the filters in result order, and how many were read."""

    passed: list[tuple[int, uuid.UUID]] = field(default_factory=list)  # (brief id, article id)
    read: int = 0
    finished: bool = False  # every match was read


def _ranked(query: Query, candidates: QuerySet, offset: int, limit: int, wanted: int) -> Results:
    """A page of results for a query with words: tiers of the newest matches, each ranked, until the page is full."""
    search_engine = engine()
    walk = _Walk()
    below = None
    # One result more than wanted tells whether another page follows.
    while len(walk.passed) <= offset + wanted and walk.read < MAX_READ:
        asked = min(RANKED_TOGETHER, MAX_READ - walk.read)
        tier = search_engine.newest(query, below, asked)
        walk.read += len(tier)
        passing = _passing([brief_id for brief_id, _ in tier], candidates)
        ranked = sorted((row for row in tier if row[0] in passing), key=lambda row: (-row[1], -row[0]))
        walk.passed += [(brief_id, passing[brief_id]) for brief_id, _ in ranked]
        if len(tier) < asked:
            walk.finished = True
            break
        below = tier[-1][0]
    page = walk.passed[offset : offset + wanted]
    found = Article.objects.select_related("brief", "source").defer("text", "signature").in_bulk(
        [article_id for _, article_id in page]
    )
    snippets = search_engine.snippets(query, [brief_id for brief_id, _ in page])
    hits = [Hit(found[pk], highlight(snippets.get(brief_id, ""))) for brief_id, pk in page if pk in found]
    has_more = len(walk.passed) > offset + wanted and offset + wanted < MAX_RESULTS
    stopped_early = not walk.finished and len(walk.passed) <= offset + wanted
    return Results(query, hits, offset, limit, has_more, _total(query, walk), stopped_early)


def _passing(brief_ids: list[int], candidates: QuerySet) -> dict[int, uuid.UUID]:
    """Of these briefs, those of published articles that pass the query's filters: brief id -> article id."""
    if not brief_ids:
        return {}
    where, params = _filter_sql(candidates)
    marks = ", ".join(["%s"] * len(brief_ids))
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT b.id, b.article_id FROM newsbrief_brief b WHERE b.id IN ({marks}) AND {where}",
            [*brief_ids, *params],
        )
        return {brief_id: uuid.UUID(str(article_id)) for brief_id, article_id in cursor.fetchall()}


def _total(query: Query, walk: _Walk) -> Total:
    """How many published briefs match: exact when every match was read, else matches counted or estimated
    times the share of those read that passed the filters."""
    if walk.finished:
        return Total(len(walk.passed))
    matches, oldest = engine().newest_count(query, COUNTED)
    bounds = brief_id_bounds() if oldest is not None and matches >= COUNTED else None
    if bounds:
        lowest, highest = bounds
        # The newest COUNTED matches span ids oldest..highest; the older ones are taken to be as dense.
        matches = matches * (highest - lowest + 1) / (highest - oldest + 1)
    # Not every match passes the filters (or is published): as many of the rest as of those read.
    share = len(walk.passed) / walk.read
    return Total(_round(max(round(matches * share), len(walk.passed))), "about")


def _round(value: int) -> int:
    """An estimate to three significant digits: 12,437 -> 12,400."""
    digits = max(len(str(value)) - 3, 0)
    return round(value, -digits) if digits else value


def _candidates(query: Query) -> QuerySet:
    """The published articles that pass the query's filters, newest first."""
    articles = Article.objects.published()
    if query.sources:
        articles = articles.filter(_any_source(query.sources))
    if query.not_sources:
        articles = articles.exclude(_any_source(query.not_sources))
    through = Entity.articles.through
    for name in query.entities:
        articles = articles.filter(pk__in=through.objects.filter(entity__name__icontains=name).values("article_id"))
    for name in query.not_entities:
        articles = articles.exclude(pk__in=through.objects.filter(entity__name__icontains=name).values("article_id"))
    if query.after:
        articles = articles.filter(published__gte=datetime.combine(query.after, time.min, tzinfo=UTC))
    if query.before:
        articles = articles.filter(published__lt=datetime.combine(query.before, time.min, tzinfo=UTC))
    return articles


def _any_source(values: tuple[str, ...]) -> Q:
    condition = Q()
    for value in values:
        condition |= (
            Q(source__domain__icontains=value)
            | Q(source__name__icontains=value)
            | Q(source_domain__icontains=value)
            | Q(outlet__icontains=value)
        )
    return condition


def highlight(raw: str) -> SafeString:
    """A snippet with START/STOP markers as escaped HTML, the marked words in <mark>."""
    out, open_ = [], False
    for piece in re.split(f"([{START}{STOP}])", raw):
        if piece == START and not open_:
            out.append("<mark>")
            open_ = True
        elif piece == STOP and open_:
            out.append("</mark>")
            open_ = False
        elif piece not in (START, STOP):
            out.append(escape(piece))
    if open_:
        out.append("</mark>")
    return mark_safe("".join(out))  # every piece of text above went through escape()


def _lead_snippet(article: Article) -> SafeString:
    lead = article.brief.lead.replace(START, "").replace(STOP, "")
    return highlight(lead if len(lead) <= SNIPPET_CHARS else lead[:SNIPPET_CHARS].rsplit(" ", 1)[0] + " …")


def _filter_sql(candidates: QuerySet) -> tuple[str, list]:
    """The candidates as a condition on the brief aliased b, in the ORM's own SQL so filters stay in one place.

    Correlated (EXISTS, not IN) so that it costs a few index lookups per match rather
    than a pass over every published article per query.
    """
    this_brief = RawSQL("b.article_id", (), output_field=UUIDField())
    sql, params = candidates.order_by().filter(pk=this_brief).values("pk").query.sql_with_params()
    return f"EXISTS ({sql})", list(params)
