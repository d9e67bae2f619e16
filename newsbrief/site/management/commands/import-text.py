"""`newsbrief import-text FILE...`: import briefs in the reference text layout."""

from pathlib import Path

from newsbrief.site.management.base import NewsbriefCommand
from newsbrief.site.ingest.textpages import import_text_page


class Command(NewsbriefCommand):
    help = ("Import files in the reference text layout; a malformed file is refused whole. A file whose id or "
            "text is stored already names the article that holds it: export-text takes that id.")

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="+", type=Path)

    def handle(self, *args, files, **options):
        for path in files:
            result = import_text_page(path)
            held = result.article
            if result.new:
                self.stdout.write(f"imported {held.id} {held.get_absolute_url()}")
            else:
                self.stdout.write(f"{path}: already imported as {held.id} {held.get_absolute_url()}")
