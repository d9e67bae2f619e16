"""Finer statistics of the search column on PostgreSQL (issue 19).

PostgreSQL's planner picks how to read "the newest briefs that match" from its
statistics of the column's words: a common word walks the primary key backwards and
stops early; a rare one takes its few matches from the GIN index. With the default
statistics target (100) ANALYZE keeps the 1,000 most common words and guesses 0.5 %
of the rows for any other. At a million briefs a word in 833 of them was taken for
5,000, so the planner walked the whole table: 1.6 s. A target of 1,000 keeps ten
times the words and estimates the rest from a far smaller share: 7.7 ms, and a
common word still walks the key (22 ms). SQLite's FTS5 has no such planner; nothing
changes there.
"""

from django.db import migrations

STATISTICS = [
    "ALTER TABLE newsbrief_search ALTER COLUMN document SET STATISTICS 1000",
    "ANALYZE newsbrief_search",
]


def finer_statistics(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for sql in STATISTICS:
            schema_editor.execute(sql)


class Migration(migrations.Migration):

    dependencies = [
        ("newsbrief", "0016_entity_last_word"),
    ]

    operations = [migrations.RunPython(finer_statistics, migrations.RunPython.noop)]
