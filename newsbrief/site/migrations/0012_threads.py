"""Threads (developing stories) over events (stories); every story stored before them becomes a thread of its own."""

import uuid

import django.db.models.deletion
from django.db import migrations, models

CHUNK = 2000


def thread_per_story(apps, schema_editor):
    """Give every story a thread of the same id, with the story's totals; an absorbed story's thread is absorbed too."""
    Story = apps.get_model("newsbrief", "Story")
    Thread = apps.get_model("newsbrief", "Thread")
    stories = Story.objects.order_by("pk").values_list(
        "pk", "title", "lead", "size", "outlets", "first_published", "last_published", "topics", "merged_into")
    batch = []
    for pk, title, lead, size, outlets, first, last, topics, merged_into in stories.iterator(chunk_size=CHUNK):
        live = merged_into is None and size > 0
        batch.append(Thread(id=pk, title=title, lead=lead, central_id=pk if live else None,
                            event_count=1 if live else 0, size=size, outlets=outlets, first_published=first,
                            last_published=last, topics=topics))
        if len(batch) >= CHUNK:
            Thread.objects.bulk_create(batch)
            batch = []
    Thread.objects.bulk_create(batch)
    # Both after every row exists: the foreign keys point at threads of the same ids as the stories.
    absorbed_by = Story.objects.filter(pk=models.OuterRef("pk")).values("merged_into")
    Thread.objects.filter(pk__in=Story.objects.exclude(merged_into=None).values("pk")).update(
        merged_into=models.Subquery(absorbed_by))
    Story.objects.update(thread=models.F("pk"))


class Migration(migrations.Migration):

    dependencies = [
        ("newsbrief", "0011_integrity"),
    ]

    operations = [
        migrations.CreateModel(
            name="Thread",
            fields=[
                ("id", models.UUIDField(default=uuid.uuid4, editable=False, primary_key=True, serialize=False)),
                ("title", models.CharField(max_length=500)),
                ("created", models.DateTimeField(auto_now_add=True)),
                ("updated", models.DateTimeField(auto_now=True)),
                ("lead", models.TextField(blank=True)),
                ("event_count", models.PositiveIntegerField(default=0, help_text="Events (live stories) in it.")),
                ("size", models.PositiveIntegerField(default=0, help_text="Articles of its events, copies included.")),
                ("outlets", models.PositiveIntegerField(default=0, help_text="Distinct outlets covering it.")),
                ("first_published", models.DateTimeField(blank=True, null=True)),
                ("last_published", models.DateTimeField(blank=True, db_index=True, null=True)),
                ("topics", models.JSONField(blank=True, default=list,
                                            help_text="The most common topic tags of its events.")),
                ("central", models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL,
                                              related_name="+", to="newsbrief.story")),
                ("merged_into", models.ForeignKey(blank=True, null=True,
                                                  on_delete=django.db.models.deletion.SET_NULL,
                                                  related_name="absorbed", to="newsbrief.thread")),
            ],
        ),
        migrations.AddField(
            model_name="story",
            name="thread",
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL,
                                    related_name="events", to="newsbrief.thread"),
        ),
        migrations.RunPython(thread_per_story, migrations.RunPython.noop),
    ]
