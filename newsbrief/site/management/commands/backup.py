"""`newsbrief backup PATH`: a consistent copy of the database, taken while ingest and readers carry on."""

from newsbrief.site.backups import backup
from newsbrief.site.management.base import NewsbriefCommand


class Command(NewsbriefCommand):
    help = ("Write a consistent copy of the database to PATH while the site runs: a SQLite file, "
            "or a pg_dump archive (custom format) on PostgreSQL. Restore it with `newsbrief restore PATH`.")

    def add_arguments(self, parser):
        parser.add_argument("path", help="The backup file to write (replaced whole if it exists).")

    def handle(self, *args, path, **options):
        snapshot = backup(path)
        self.stdout.write(f"backed up {snapshot.articles} articles and {snapshot.briefs} briefs "
                          f"({snapshot.kind}) to {path}")
