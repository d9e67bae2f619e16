"""The two full-text engines behind site.search: SQLite's FTS5 and PostgreSQL's tsvector with a GIN index.

Each answers the same few questions about the index (site/store/search_upkeep.py),
always newest brief first (brief ids grow as briefs are written), so that a
search reads the newest matches and stops instead of scoring every match:

- newest(query, below, limit): the newest matches below a brief id, each with its
  relevance (higher is better);
- newest_count(query, cap): how many matches, counting at most cap, and the
  oldest brief id counted (to estimate the rest from), or an estimate of all;
- snippets(query, brief ids): a passage of each brief with the matches marked;
- lacking(phrases): a condition on an article that its brief has none of them.

Every word or phrase reaches the database as a bound parameter (PostgreSQL) or
as a double-quoted FTS5 string of letters and digits only (SQLite), so no query
string can be a syntax error.
"""

from __future__ import annotations

import json

from django.db import connection

from newsbrief.site.store.search_upkeep import INDEXED_TEXT_CHARS, TABLE
from newsbrief.site.web.search_query import START, STOP, Query

# Snippets may quote an article's text only where its page may show it; the others'
# snippets come from the lead (a match in the text still finds the article).
QUOTED_BODY_MODES = ("full", "condensed")


def engine() -> SQLiteSearch | PostgreSQLSearch:
    """The engine of the database in use."""
    return PostgreSQLSearch() if connection.vendor == "postgresql" else SQLiteSearch()


def brief_id_bounds() -> tuple[int, int] | None:
    """The lowest and highest brief id (two index lookups), or None without briefs."""
    with connection.cursor() as cursor:
        # Two subqueries: a min and a max in one SELECT would scan the table on SQLite.
        cursor.execute("SELECT (SELECT min(id) FROM newsbrief_brief), (SELECT max(id) FROM newsbrief_brief)")
        low, high = cursor.fetchone()
    return None if high is None else (low, high)


class SQLiteSearch:
    """FTS5: one row per brief, rowid = brief id, porter-stemmed like PostgreSQL's english.

    FTS5 walks a match's rowids in descending order and stops at the LIMIT, so the
    newest matches cost what they are, not what the archive holds; bm25() is
    computed for the rows returned only (its IDF reads each phrase's row count once).
    """

    @staticmethod
    def _phrase(words: str) -> str:
        return '"' + words.replace('"', '""') + '"'

    def _match(self, query: Query) -> str:
        parts = [self._phrase(p) for p in query.include]
        parts += ["(" + " OR ".join(map(self._phrase, group)) + ")" for group in query.any_of]
        expression = " AND ".join(parts)
        for phrase in query.exclude:
            expression = f"({expression}) NOT {self._phrase(phrase)}"
        return expression

    def newest(self, query: Query, below: int | None, limit: int) -> list[tuple[int, float]]:
        """The newest matches with an id below `below` (None: all), newest first, with relevance."""
        bound, params = ("AND rowid < %s", [below]) if below is not None else ("", [])
        # bm25 weights: a word in the title counts most, then the lead, then the text.
        sql = (f"SELECT rowid, -bm25({TABLE}, 10.0, 4.0, 1.0) FROM {TABLE} WHERE {TABLE} MATCH %s {bound}"
               " ORDER BY rowid DESC LIMIT %s")
        with connection.cursor() as cursor:
            cursor.execute(sql, [self._match(query), *params, limit])
            return cursor.fetchall()

    def newest_count(self, query: Query, cap: int) -> tuple[int, int | None]:
        """How many briefs match, counting the newest `cap` at most, and the oldest id counted."""
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT count(*), min(rowid) FROM (SELECT rowid FROM {TABLE} WHERE {TABLE} MATCH %s"
                " ORDER BY rowid DESC LIMIT %s)",
                [self._match(query), cap],
            )
            return cursor.fetchone()

    def snippets(self, query: Query, brief_ids: list[int]) -> dict[int, str]:
        """A passage of each brief with the matches between START and STOP."""
        if not brief_ids:
            return {}
        marks = ", ".join(["%s"] * len(brief_ids))
        lead_only = (
            "SELECT b.id FROM newsbrief_brief b JOIN newsbrief_article a ON a.id = b.article_id"
            f" JOIN newsbrief_source src ON src.id = a.source_id WHERE b.id IN ({marks}) AND src.body_mode NOT IN (%s, %s)"
        )
        # Column -1 quotes whichever column matches best; 1 quotes the lead only (see QUOTED_BODY_MODES).
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT rowid, snippet({TABLE}, CASE WHEN rowid IN ({lead_only}) THEN 1 ELSE -1 END, %s, %s, %s, 24)"
                f" FROM {TABLE} WHERE {TABLE} MATCH %s AND rowid IN ({marks})",
                [*brief_ids, *QUOTED_BODY_MODES, START, STOP, "…", self._match(query), *brief_ids],
            )
            return dict(cursor.fetchall())

    def lacking(self, phrases: tuple[str, ...]) -> tuple[str, list]:
        """SQL true for an article (newsbrief_article) whose brief has none of the phrases: one lookup per article."""
        match = " OR ".join(map(self._phrase, phrases))
        return (
            f"NOT EXISTS (SELECT 1 FROM {TABLE} WHERE {TABLE} MATCH %s AND rowid ="
            " (SELECT id FROM newsbrief_brief WHERE article_id = newsbrief_article.id))",
            [match],
        )


def reads_matches_whole(matches: int, limit: int, briefs: int) -> bool:
    """Whether the newest `limit` of about `matches` among `briefs` are cheaper read from the index whole and
    sorted than by walking the briefs newest first: walking reads about limit × briefs / matches of them."""
    return matches * matches <= limit * briefs


class PostgreSQLSearch:
    """A tsvector per brief with a GIN index; title weighs A, lead B, text D.

    The newest matches are read one of two ways, chosen here from the planner's estimate
    of the matches (ANALYZE's most common words of the column, migration 0017): a common
    word walks the primary key backwards and stops after n matches (n divided by the
    word's share of briefs rows read); a rarer one takes its matches from the GIN index
    and sorts them. The planner's own choice between the two misjudges the middle: it
    rates the `@@` test of a row as nearly free, so at a million briefs it walked 280,000
    of them for a word in 3,600 (0.35 s against 20 ms). Walking reads about n × rows /
    matches briefs and the index reads the matches, so the index is taken while
    matches² ≤ n × rows. ts_rank runs on the rows returned only. The count beyond the
    rows read is the same estimate: counting matches would read every one of them.
    """

    HEADLINE = (
        f"StartSel={START}, StopSel={STOP}, MaxWords=30, MinWords=12, MaxFragments=2, FragmentDelimiter=\" … \""
    )

    @staticmethod
    def _tsquery(query: Query) -> tuple[str, list]:
        # Each phrase is a bound parameter of phraseto_tsquery, which takes any text.
        one = "phraseto_tsquery('english', %s)"
        terms = [one] * len(query.include)
        terms += ["(" + " || ".join([one] * len(group)) + ")" for group in query.any_of]
        terms += [f"(!! {one})"] * len(query.exclude)
        params = [*query.include, *(phrase for group in query.any_of for phrase in group), *query.exclude]
        return "(" + " && ".join(terms) + ")", params

    def newest(self, query: Query, below: int | None, limit: int) -> list[tuple[int, float]]:
        """The newest matches with an id below `below` (None: all), newest first, with relevance."""
        tsquery, params = self._tsquery(query)
        bound, bound_params = ("AND brief_id < %s", [below]) if below is not None else ("", [])
        matching = f"SELECT brief_id FROM {TABLE} WHERE document @@ {tsquery} {bound}"
        if reads_matches_whole(self._estimated_matches(tsquery, params), limit, self._briefs()):
            # MATERIALIZED: the matches come from the GIN index whole, then are sorted; no walk
            page = f"WITH matches AS MATERIALIZED ({matching}) SELECT brief_id FROM matches"
        else:
            page = matching
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT s.brief_id, ts_rank(s.document, {tsquery}) FROM ({page} ORDER BY brief_id DESC LIMIT %s) page"
                f" JOIN {TABLE} s ON s.brief_id = page.brief_id ORDER BY s.brief_id DESC",
                [*params, *params, *bound_params, limit],
            )
            return cursor.fetchall()

    def newest_count(self, query: Query, cap: int) -> tuple[int, int | None]:
        """How many briefs match, as the planner estimates it, and no oldest id (the estimate covers every brief)."""
        return self._estimated_matches(*self._tsquery(query)), None

    @staticmethod
    def _estimated_matches(tsquery: str, params: list) -> int:
        """The planner's estimate of the briefs that match, from the column's statistics."""
        with connection.cursor() as cursor:
            cursor.execute(f"EXPLAIN (FORMAT JSON) SELECT 1 FROM {TABLE} WHERE document @@ {tsquery}", params)
            plan = cursor.fetchone()[0]
        plan = json.loads(plan) if isinstance(plan, str) else plan
        return int(plan[0]["Plan"]["Plan Rows"])

    @staticmethod
    def _briefs() -> int:
        """The briefs in the index, as of its last ANALYZE (at least 1)."""
        with connection.cursor() as cursor:
            cursor.execute("SELECT reltuples FROM pg_class WHERE oid = %s::regclass", [TABLE])
            return max(int(cursor.fetchone()[0]), 1)

    def snippets(self, query: Query, brief_ids: list[int]) -> dict[int, str]:
        """A passage of each brief with the matches between START and STOP."""
        if not brief_ids:
            return {}
        tsquery, params = self._tsquery(query)
        # ts_headline reads the whole text, so it runs on the page of results only.
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT b.id, ts_headline('english', CASE WHEN src.body_mode IS NULL OR src.body_mode IN (%s, %s)"
                f"  THEN b.lead || E'\\n\\n' || left(a.text, %s) ELSE b.lead END, {tsquery}, %s)"
                " FROM newsbrief_brief b JOIN newsbrief_article a ON a.id = b.article_id"
                " LEFT JOIN newsbrief_source src ON src.id = a.source_id WHERE b.id = ANY(%s)",
                [*QUOTED_BODY_MODES, INDEXED_TEXT_CHARS, *params, self.HEADLINE, list(brief_ids)],
            )
            return dict(cursor.fetchall())

    def lacking(self, phrases: tuple[str, ...]) -> tuple[str, list]:
        """SQL true for an article (newsbrief_article) whose brief has none of the phrases: one lookup per article."""
        terms = " || ".join(["phraseto_tsquery('english', %s)"] * len(phrases))
        return (
            f"NOT EXISTS (SELECT 1 FROM {TABLE} s JOIN newsbrief_brief b ON b.id = s.brief_id"
            f" WHERE b.article_id = newsbrief_article.id AND s.document @@ ({terms}))",
            list(phrases),
        )
