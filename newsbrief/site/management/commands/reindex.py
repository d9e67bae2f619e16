"""`newsbrief reindex`: rebuild the search index from the stored briefs."""

from newsbrief.site.management.base import NewsbriefCommand
from newsbrief.site.store import rebuild_search_index


class Command(NewsbriefCommand):
    help = "Rebuild the search index from every stored brief (after a restore or a raw SQL edit)."

    def handle(self, *args, **options):
        self.stdout.write(f"indexed {rebuild_search_index()} briefs")
