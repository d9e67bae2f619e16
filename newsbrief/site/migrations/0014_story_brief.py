"""A story's brief from all its outlets and the compact state it is updated from (issue 18)."""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("newsbrief", "0013_search"),
    ]

    operations = [
        migrations.AddField(
            model_name="story",
            name="brief",
            field=models.JSONField(blank=True, default=dict, help_text="The story brief and its compact state."),
        ),
    ]
