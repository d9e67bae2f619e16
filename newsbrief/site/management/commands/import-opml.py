"""`newsbrief import-opml FILE`: follow every feed an OPML file subscribes to."""

from pathlib import Path

from newsbrief.site.management.base import NewsbriefCommand
from newsbrief.site.ingest.following import import_opml


class Command(NewsbriefCommand):
    help = "Follow the feeds of an OPML subscription list; a malformed file is refused whole."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)

    def handle(self, *args, file, **options):
        report = import_opml(file)
        for source in report.added:
            self.stdout.write(f"following {source.name}: {source.url}")
        self.stdout.write(f"added: {len(report.added)}  already followed: {report.existing}  "
                          f"refused: {len(report.refused)}")
        for why in report.refused:
            self.stdout.write(f"  refused: {why}")
