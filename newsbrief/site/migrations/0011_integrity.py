"""Integrity: each brief records the body mode its body was written under, so that a source's mode change reaches it."""

from django.db import migrations, models
from django.db.models import OuterRef, Subquery


def _modes_of_their_sources(apps, schema_editor):
    """Briefs written before this migration: polling and file ingest wrote them under their source's mode."""
    Brief = apps.get_model("newsbrief", "Brief")
    Source = apps.get_model("newsbrief", "Source")
    mode = Source.objects.filter(articles__brief=OuterRef("pk")).values("body_mode")[:1]
    Brief.objects.filter(article__source__isnull=False).update(body_mode=Subquery(mode))


class Migration(migrations.Migration):

    dependencies = [
        ("newsbrief", "0010_language"),
    ]

    operations = [
        migrations.AddField(
            model_name="brief",
            name="body_mode",
            field=models.CharField(
                choices=[("full", "Full"), ("condensed", "Condensed"), ("excerpt", "Excerpt"), ("none", "None")],
                default="condensed",
                max_length=10,
            ),
        ),
        migrations.RunPython(_modes_of_their_sources, migrations.RunPython.noop),
    ]
