"""Statistics for the query planner, so that first visits read their own rows (issue 19).

No schema change: bounded search needs none (site/web/search_engines.py reads the
indexes of 0003 newest first). But without statistics SQLite's planner takes the
newest-first index of the published lists (0007) for every "published, of this
story / entity, newest first" query and walks it from the newest article until it
has found the rows it wants: a story or entity page of old news reads the whole
archive. With statistics (ANALYZE) it looks the story's or entity's rows up and sorts
those few. An archive migrated here gets them now; analysis_limit keeps it to a few
seconds at a million articles. The SQL is frozen in this file on purpose.
"""

from django.db import migrations

ANALYZE = {
    "sqlite": ["PRAGMA analysis_limit = 1000", "ANALYZE"],
    "postgresql": ["ANALYZE"],
}


def analyze(apps, schema_editor):
    for sql in ANALYZE.get(schema_editor.connection.vendor, []):
        schema_editor.execute(sql)


class Migration(migrations.Migration):

    dependencies = [
        ("newsbrief", "0012_threads"),
    ]

    operations = [migrations.RunPython(analyze, migrations.RunPython.noop)]
