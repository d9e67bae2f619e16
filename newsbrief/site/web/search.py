"""Full-text search over briefs: SQLite FTS5 or PostgreSQL tsvector behind one function, search().

The query language is parsed by site.search_query. Each word or phrase reaches the
database as a bound parameter (PostgreSQL) or as a double-quoted FTS5 string of
letters and digits only (SQLite), so no query string can be a syntax error. The
index is one row per brief, keyed by the brief's id; the store keeps it
(site/store/search_upkeep.py), this module only reads it.
"""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime, time

from django.db import connection
from django.db.models import Q, QuerySet, UUIDField
from django.db.models.expressions import RawSQL
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from newsbrief.site.models import Article, Entity
from newsbrief.site.store.search_upkeep import INDEXED_TEXT_CHARS, TABLE
from newsbrief.site.web.search_query import START, STOP, Query, parse_query

MAX_RESULTS = 1000  # the deepest result paging can reach
MAX_PAGE_SIZE = 100
PAGE_SIZE = 20
RANKED_FIRST = 200  # matches ranked before filtering; most pass, so one round usually fills a page
SNIPPET_CHARS = 300  # of the lead, shown when no words were searched for
# Snippets may quote an article's text only where its page may show it; the others'
# snippets come from the lead (a match in the text still finds the article).
QUOTED_BODY_MODES = ("full", "condensed")
_LEAD_ONLY_BRIEFS = (
    "SELECT b.id FROM newsbrief_brief b JOIN newsbrief_article a ON a.id = b.article_id"
    " JOIN newsbrief_source src ON src.id = a.source_id WHERE b.id IN ({marks}) AND src.body_mode NOT IN (%s, %s)"
)


@dataclass(frozen=True)
class Hit:
    """One result: the article and a snippet, escaped HTML with the matches in <mark>."""

    article: Article
    snippet: SafeString


@dataclass(frozen=True)
class Results:
    """One page of results."""

    query: Query
    hits: list[Hit] = field(default_factory=list)
    offset: int = 0
    limit: int = PAGE_SIZE
    has_more: bool = False


def search(text: str, *, limit: int = PAGE_SIZE, offset: int = 0) -> Results:
    """One page of the published briefs matching a query string, best first (newest first without words)."""
    query = parse_query(text)
    limit = max(1, min(int(limit), MAX_PAGE_SIZE))
    offset = max(0, int(offset))
    if query.is_empty or offset >= MAX_RESULTS:
        return Results(query, [], offset, limit, False)
    wanted = min(limit, MAX_RESULTS - offset)
    candidates = _candidates(query)
    if query.include:
        # One row more than wanted tells whether another page follows.
        rows = _ranked_matches(query, candidates, wanted + 1, offset)
        # The SQL already kept published articles only; the text is not needed for a result.
        found = Article.objects.select_related("brief", "source").defer("text", "signature").in_bulk(
            [pk for pk, _ in rows]
        )
        hits = [Hit(found[pk], highlight(snippet)) for pk, snippet in rows[:wanted] if pk in found]
    else:
        if query.exclude:
            sql, params = _backend().matching_briefs(query.exclude)
            candidates = candidates.exclude(brief__id__in=RawSQL(sql, params))
        rows = list(candidates[offset : offset + wanted + 1])
        hits = [Hit(article, _lead_snippet(article)) for article in rows[:wanted]]
    has_more = len(rows) > wanted and offset + wanted < MAX_RESULTS
    return Results(query, hits, offset, limit, has_more)


def _ranked_matches(query: Query, candidates: QuerySet, limit: int, offset: int) -> list[tuple[uuid.UUID, str]]:
    """(article id, raw snippet) of one page of matches, best first.

    Ranking every match and then checking each against the filters costs a few lookups
    per match (tens of milliseconds for a common word over 10,000 briefs), so the best
    few hundred by rank are filtered first; only when too few of them pass are all
    matches ranked. Both give the same page: filtering never promotes a row.
    """
    backend = _backend()
    rows = backend.matches(query, candidates, limit, offset, ranked=max(RANKED_FIRST, 4 * (offset + limit)))
    if len(rows) < limit:
        rows = backend.matches(query, candidates, limit, offset, ranked=None)
    return [(uuid.UUID(str(pk)), snippet) for pk, snippet in rows]


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


class _SQLite:
    """FTS5: one row per brief, rowid = brief id, porter-stemmed like PostgreSQL's english."""

    @staticmethod
    def _phrase(words: str) -> str:
        return '"' + words.replace('"', '""') + '"'

    def _match(self, include: tuple[str, ...], exclude: tuple[str, ...] = ()) -> str:
        expression = " AND ".join(self._phrase(p) for p in include)
        for phrase in exclude:
            expression = f"({expression}) NOT {self._phrase(phrase)}"
        return expression

    def matches(self, query: Query, candidates: QuerySet, limit: int, offset: int, ranked: int | None) -> list[tuple]:
        match = self._match(query.include, query.exclude)
        where, params = _filter_sql(candidates)
        # bm25 weights: a word in the title counts most, then the lead, then the text.
        sql = (
            f"WITH ranked AS (SELECT rowid AS id, bm25({TABLE}, 10.0, 4.0, 1.0) AS score FROM {TABLE}"
            f"  WHERE {TABLE} MATCH %s ORDER BY score, rowid DESC LIMIT %s)"
            f" SELECT b.article_id, ranked.id FROM ranked JOIN newsbrief_brief b ON b.id = ranked.id"
            f" WHERE {where} ORDER BY ranked.score, ranked.id DESC LIMIT %s OFFSET %s"
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, [match, -1 if ranked is None else ranked, *params, limit, offset])
            rows = cursor.fetchall()
            if not rows:
                return []
            # Snippets for the page only: snippet() reads each row's text. Column -1 quotes
            # whichever column matches best; 1 quotes the lead only (see QUOTED_BODY_MODES).
            briefs = [brief_id for _, brief_id in rows]
            marks = ", ".join(["%s"] * len(rows))
            cursor.execute(
                f"SELECT rowid, snippet({TABLE}, CASE WHEN rowid IN ({_LEAD_ONLY_BRIEFS.format(marks=marks)})"
                f" THEN 1 ELSE -1 END, %s, %s, %s, 24) FROM {TABLE} WHERE {TABLE} MATCH %s AND rowid IN ({marks})",
                [*briefs, *QUOTED_BODY_MODES, START, STOP, "…", match, *briefs],
            )
            snippets = dict(cursor.fetchall())
        return [(article_id, snippets.get(brief_id, "")) for article_id, brief_id in rows]

    def matching_briefs(self, phrases: tuple[str, ...]) -> tuple[str, list]:
        return f"SELECT rowid FROM {TABLE} WHERE {TABLE} MATCH %s", [" OR ".join(map(self._phrase, phrases))]


class _PostgreSQL:
    """A tsvector per brief with a GIN index; title weighs A, lead B, text D."""

    HEADLINE = (
        f"StartSel={START}, StopSel={STOP}, MaxWords=30, MinWords=12, MaxFragments=2, FragmentDelimiter=\" … \""
    )

    @staticmethod
    def _tsquery(include: tuple[str, ...], exclude: tuple[str, ...]) -> tuple[str, list]:
        # Each phrase is a bound parameter of phraseto_tsquery, which takes any text.
        terms = ["phraseto_tsquery('english', %s)"] * len(include)
        terms += ["(!! phraseto_tsquery('english', %s))"] * len(exclude)
        return " && ".join(terms), [*include, *exclude]

    def matches(self, query: Query, candidates: QuerySet, limit: int, offset: int, ranked: int | None) -> list[tuple]:
        tsquery, params = self._tsquery(query.include, query.exclude)
        where, filter_params = _filter_sql(candidates)
        # ts_headline reads the whole text, so it runs only on the page of results (LIMIT NULL: all).
        sql = (
            f"WITH q AS (SELECT {tsquery} AS q),"
            f" ranked AS (SELECT s.brief_id AS id, ts_rank(s.document, q.q) AS score FROM {TABLE} s, q"
            "   WHERE s.document @@ q.q ORDER BY score DESC, s.brief_id DESC LIMIT %s)"
            " SELECT b.article_id, ts_headline('english', CASE WHEN src.body_mode IS NULL OR src.body_mode IN (%s, %s)"
            "   THEN b.lead || E'\\n\\n' || left(a.text, %s) ELSE b.lead END, q.q, %s)"
            " FROM (SELECT ranked.id, ranked.score FROM ranked JOIN newsbrief_brief b ON b.id = ranked.id"
            f"   WHERE {where} ORDER BY ranked.score DESC, ranked.id DESC LIMIT %s OFFSET %s) page"
            " JOIN newsbrief_brief b ON b.id = page.id JOIN newsbrief_article a ON a.id = b.article_id"
            " LEFT JOIN newsbrief_source src ON src.id = a.source_id, q"
            " ORDER BY page.score DESC, page.id DESC"
        )
        with connection.cursor() as cursor:
            cursor.execute(
                sql, [*params, ranked, *QUOTED_BODY_MODES, INDEXED_TEXT_CHARS, self.HEADLINE, *filter_params, limit, offset]
            )
            return cursor.fetchall()

    def matching_briefs(self, phrases: tuple[str, ...]) -> tuple[str, list]:
        terms = " || ".join(["phraseto_tsquery('english', %s)"] * len(phrases))
        return f"SELECT brief_id FROM {TABLE} WHERE document @@ ({terms})", list(phrases)


def _backend() -> _SQLite | _PostgreSQL:
    return _PostgreSQL() if connection.vendor == "postgresql" else _SQLite()
