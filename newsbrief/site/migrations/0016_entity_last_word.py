"""Each entity's last word, lowercase and indexed (issue 19).

A name new to the archive looks for a stored name that ends in it ("Water Board" in
"Tamsin Valley Water Board", site/store/entity_variants.py). As `name LIKE '% Water
Board'` that read every entity, for every new name: at 80,000 articles it was a
third of a bulk write's time, growing with the archive. Names that end in it share
its last word, which this index finds.
"""

from django.db import migrations, models

BATCH = 2000


def fill_last_words(apps, schema_editor):
    entity = apps.get_model("newsbrief", "Entity")
    batch = []
    for item in entity.objects.only("pk", "name").iterator(chunk_size=BATCH):
        item.last_word = item.name.rsplit(" ", 1)[-1].lower()  # as Entity.last_word_of, frozen here
        batch.append(item)
        if len(batch) == BATCH:
            entity.objects.bulk_update(batch, ["last_word"])
            batch = []
    entity.objects.bulk_update(batch, ["last_word"])


class Migration(migrations.Migration):

    dependencies = [
        ("newsbrief", "0015_entity_page_order"),
    ]

    operations = [
        migrations.AddField(
            model_name="entity",
            name="last_word",
            field=models.CharField(db_index=True, default="", editable=False, help_text="The name's last word, lowercase.",
                                   max_length=300),
        ),
        migrations.RunPython(fill_last_words, migrations.RunPython.noop),
    ]
