"""`newsbrief export-text ID`: write one article's brief in the reference text layout."""

from newsbrief.site.management.base import NewsbriefCommand
from newsbrief.site.ingest.textpages import export_text


class Command(NewsbriefCommand):
    help = ("Print an article's brief in the reference text layout, which ends without a newline: a file imported "
            "with one final newline (as editors save) exports without it, and imports again as the same article.")

    def add_arguments(self, parser):
        parser.add_argument("id", help="The article's UUID.")

    def handle(self, *args, id, **options):
        self.stdout.write(export_text(id), ending="")
