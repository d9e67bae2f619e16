"""`newsbrief import-text FILE...`: import briefs in the reference text layout."""

from pathlib import Path

from newsbrief.site.management.base import NewsbriefCommand
from newsbrief.site.ingest.textpages import import_text


class Command(NewsbriefCommand):
    help = "Import files in the reference text layout; a malformed file is refused whole."

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="+", type=Path)

    def handle(self, *args, files, **options):
        for path in files:
            article = import_text(path)
            if article:
                self.stdout.write(f"imported {article.id} {article.get_absolute_url()}")
            else:
                self.stdout.write(f"{path}: already imported")
