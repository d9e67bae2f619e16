"""Reserved in the migration chain (filled in by the work that owns it)."""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ("newsbrief", "0011_integrity"),
    ]

    operations = []
