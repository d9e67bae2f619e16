"""The table of the default cache (Django's DatabaseCache), which holds the login throttle's counts."""

from django.core.management import call_command
from django.db import migrations


def create_cache_table(apps, schema_editor):
    call_command("createcachetable", database=schema_editor.connection.alias, verbosity=0)


def drop_cache_table(apps, schema_editor):
    schema_editor.execute("DROP TABLE IF EXISTS newsbrief_cache")


class Migration(migrations.Migration):
    dependencies = [("newsbrief", "0007_published_order_index")]

    operations = [migrations.RunPython(create_cache_table, drop_cache_table)]
