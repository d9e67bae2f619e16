"""Planner statistics that keep up with the archive, on SQLite and PostgreSQL, with nothing to set up (issue 19).

Without statistics the planner guesses, and on a large archive some guesses read
every article for a page of fifty (migration 0013 says which). Migration 0013
analyzes the database once, but on a fresh install that is an empty one. So the
store refreshes them itself whenever the articles have doubled since they were
taken: a backfill's bulk writer checks after each batch, `newsbrief serve` as it
starts and `newsbrief run` after each round of polls. Doubling keeps it to about
twenty refreshes from the first thousand articles to a billion, each a second or
two (SQLite samples at most ANALYSIS_LIMIT rows of each index); the check itself
reads two numbers. PostgreSQL's autovacuum also analyzes a live database, but not
rows a long backfill has not committed yet, nor before its own thresholds.
"""

from __future__ import annotations

from django.db import connection

from newsbrief.site.models import Article

GROWTH = 2  # refresh once the articles have grown this many times since the statistics were taken
SMALL = 1000  # below this many articles every plan is quick
ANALYSIS_LIMIT = 1000  # SQLite: rows sampled per index (a few seconds at a million articles)


def refresh_if_grown() -> bool:
    """Refresh the planner statistics when the articles have grown GROWTH times since they were taken; whether it did."""
    counted, now = _articles_counted(), _articles_now()
    if now < SMALL or now < GROWTH * counted:
        return False
    refresh()
    return True


def refresh() -> None:
    """Take the planner statistics of every table now."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(f"PRAGMA analysis_limit = {ANALYSIS_LIMIT}")
        cursor.execute("ANALYZE")


def _articles_counted() -> float:
    """How many articles the statistics counted (0: none taken); an estimate, as the planner's own."""
    table = Article._meta.db_table
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            # The primary key's index: its first number is the table's rows when it was analyzed.
            cursor.execute("SELECT name FROM sqlite_master WHERE name = 'sqlite_stat1'")
            if not cursor.fetchone():
                return 0
            cursor.execute("SELECT stat FROM sqlite_stat1 WHERE tbl = %s AND idx LIKE 'sqlite_autoindex%%'", [table])
            row = cursor.fetchone()
            return float(row[0].split()[0]) if row else 0
        if connection.vendor == "postgresql":
            cursor.execute("SELECT greatest(reltuples, 0) FROM pg_class WHERE oid = %s::regclass", [table])
            return float(cursor.fetchone()[0])
    return float("inf")  # another database keeps its own


def _articles_now() -> float:
    """How many articles there are now, from what the database knows without counting them."""
    table = Article._meta.db_table
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(f'SELECT coalesce(max(rowid), 0) FROM "{table}"')  # rows are appended, rarely deleted
            return float(cursor.fetchone()[0])
        if connection.vendor == "postgresql":
            cursor.execute("SELECT n_live_tup FROM pg_stat_user_tables WHERE relid = %s::regclass", [table])
            row = cursor.fetchone()
            return float(row[0]) if row else 0
    return 0
