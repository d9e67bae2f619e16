"""An entity's mentions and statements in the order its page lists them, newest first (issue 19).

The entity page listed the articles that name it newest first by reading every
mention, joining each to its article and sorting them all: a name in 100,000
articles cost 100,000 lookups for a page of 50. Mentions and statements now carry
their article's dates (the store copies them; an article's dates never change), and
an index per entity (per actor) in the page's order lets the page read its 50 rows
and stop. The indexes are written per database as in 0007: the page sorts
`published DESC NULLS LAST`, which SQLite's descending index already does and
PostgreSQL's only when told. The SQL is frozen in this file on purpose.
"""

from django.db import migrations, models

COPY = [
    "UPDATE newsbrief_mention SET "
    "article_published = (SELECT a.published FROM newsbrief_article a WHERE a.id = newsbrief_mention.article_id), "
    "article_ingested = (SELECT a.ingested FROM newsbrief_article a WHERE a.id = newsbrief_mention.article_id)",
    "UPDATE newsbrief_statement SET "
    "article_published = (SELECT a.published FROM newsbrief_article a WHERE a.id = newsbrief_statement.article_id)",
]
NULLS_LAST = {"sqlite": "", "postgresql": " NULLS LAST"}
INDEXES = {
    "newsbrief_mention_entity_newest": (
        "newsbrief_mention (entity_id, article_published DESC{nulls}, article_ingested DESC, article_id)"
    ),
    "newsbrief_statement_actor_newest": "newsbrief_statement (actor_id, article_published DESC{nulls})",
}


def copy_dates_and_index(apps, schema_editor):
    for sql in COPY:
        schema_editor.execute(sql)
    nulls = NULLS_LAST.get(schema_editor.connection.vendor)
    if nulls is not None:
        for name, columns in INDEXES.items():
            schema_editor.execute(f"CREATE INDEX {name} ON {columns.format(nulls=nulls)}")


def drop_indexes(apps, schema_editor):
    if schema_editor.connection.vendor in NULLS_LAST:
        for name in INDEXES:
            schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):

    dependencies = [
        ("newsbrief", "0014_story_brief"),
    ]

    operations = [
        migrations.AddField(
            model_name="mention",
            name="article_published",
            field=models.DateTimeField(blank=True, help_text="The article's publication time.", null=True),
        ),
        migrations.AddField(
            model_name="mention",
            name="article_ingested",
            field=models.DateTimeField(blank=True, help_text="When the article was stored.", null=True),
        ),
        migrations.AddField(
            model_name="statement",
            name="article_published",
            field=models.DateTimeField(blank=True, help_text="The article's publication time.", null=True),
        ),
        migrations.RunPython(copy_dates_and_index, drop_indexes),
    ]
