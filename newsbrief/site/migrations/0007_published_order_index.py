"""An index in the order of the published-articles lists, so a page reads its rows instead of sorting all of them."""

from django.db import migrations

# Written per database because the lists sort `published DESC NULLS LAST`: SQLite
# refuses NULLS LAST in an index but its descending index already puts NULLs last
# (they sort lowest), while PostgreSQL's puts them first unless told.
CREATE = {
    "sqlite": "CREATE INDEX newsbrief_article_published_order ON newsbrief_article (status, published DESC, ingested DESC)",
    "postgresql": (
        "CREATE INDEX newsbrief_article_published_order "
        "ON newsbrief_article (status, published DESC NULLS LAST, ingested DESC)"
    ),
}


def create_index(apps, schema_editor):
    sql = CREATE.get(schema_editor.connection.vendor)
    if sql:
        schema_editor.execute(sql)


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor in CREATE:
        schema_editor.execute("DROP INDEX IF EXISTS newsbrief_article_published_order")


class Migration(migrations.Migration):
    dependencies = [("newsbrief", "0006_story_index_version")]

    operations = [migrations.RunPython(create_index, drop_index)]
