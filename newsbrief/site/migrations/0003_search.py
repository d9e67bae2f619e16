"""The full-text index: an FTS5 table on SQLite, a tsvector table with a GIN index on PostgreSQL.

One row per brief, keyed by the brief's id. Rows are written by the store
(site/store/search_upkeep.py), not by triggers: Django rebuilds a SQLite table
(create, copy, drop, rename) whenever a later migration adds a NOT NULL column to it,
which drops that table's triggers and fails on triggers of other tables that name it.
Existing briefs are indexed here; the SQL is frozen in this file on purpose.
"""

from django.db import migrations

SQLITE_FORWARD = [
    # porter over unicode61: stems English as PostgreSQL's english configuration does; diacritics folded.
    "CREATE VIRTUAL TABLE newsbrief_search USING fts5(title, lead, text,"
    " tokenize = 'porter unicode61 remove_diacritics 2')",
    "INSERT INTO newsbrief_search (rowid, title, lead, text)"
    " SELECT b.id, a.title, b.lead, substr(a.text, 1, 100000)"
    " FROM newsbrief_brief b JOIN newsbrief_article a ON a.id = b.article_id",
]
SQLITE_BACKWARD = ["DROP TABLE IF EXISTS newsbrief_search"]

POSTGRESQL_FORWARD = [
    # No foreign key: Django's test flush truncates its own tables only, and a key would refuse that.
    "CREATE TABLE newsbrief_search (brief_id bigint PRIMARY KEY, document tsvector NOT NULL)",
    "CREATE INDEX newsbrief_search_document ON newsbrief_search USING GIN (document)",
    "INSERT INTO newsbrief_search (brief_id, document)"
    " SELECT b.id, setweight(to_tsvector('english', a.title), 'A')"
    " || setweight(to_tsvector('english', b.lead), 'B')"
    " || setweight(to_tsvector('english', left(a.text, 100000)), 'D')"
    " FROM newsbrief_brief b JOIN newsbrief_article a ON a.id = b.article_id",
]
POSTGRESQL_BACKWARD = ["DROP TABLE IF EXISTS newsbrief_search"]


def _run(statements: dict[str, list[str]]):
    def run(apps, schema_editor):
        for sql in statements.get(schema_editor.connection.vendor, []):
            schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [
        ("newsbrief", "0002_ingestion"),
    ]

    operations = [
        migrations.RunPython(
            _run({"sqlite": SQLITE_FORWARD, "postgresql": POSTGRESQL_FORWARD}),
            _run({"sqlite": SQLITE_BACKWARD, "postgresql": POSTGRESQL_BACKWARD}),
        ),
    ]
