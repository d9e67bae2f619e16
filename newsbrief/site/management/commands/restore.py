"""`newsbrief restore PATH`: replace the database's contents with a backup made by `newsbrief backup`."""

from newsbrief.site.backups import restore
from newsbrief.site.management.base import NewsbriefCommand


class Command(NewsbriefCommand):
    help = ("Replace the database's contents with the backup at PATH, whole or not at all. "
            "The backup must be of the same database kind (SQLite or PostgreSQL).")

    def add_arguments(self, parser):
        parser.add_argument("path", help="A backup file written by `newsbrief backup`.")

    def handle(self, *args, path, **options):
        snapshot = restore(path)
        self.stdout.write(f"restored {snapshot.articles} articles and {snapshot.briefs} briefs "
                          f"({snapshot.kind}) from {path}")
