"""`newsbrief sources`: the followed sources and their health, as a table."""

from rich.console import Console
from rich.table import Table

from newsbrief.site.management.base import NewsbriefCommand
from newsbrief.site.ingest.following import followed


def _when(value) -> str:
    return value.strftime("%Y-%m-%d %H:%M") if value else "-"


class Command(NewsbriefCommand):
    help = "List the followed sources with their health: last success and error, failures, entry counts."

    def handle(self, *args, **options):
        console = Console(file=self.stdout._out, highlight=False, width=200)
        table = Table(title="Sources")
        for column in ("id", "name", "feed", "last success", "next poll", "failures", "seen", "new", "duplicate",
                       "blocked", "failed", "last error"):
            table.add_column(column, overflow="fold")
        for s in followed():
            table.add_row(
                str(s.pk), s.name, s.url, _when(s.last_success), _when(s.next_poll), str(s.consecutive_failures),
                str(s.entries_seen), str(s.entries_new), str(s.entries_duplicate), str(s.entries_blocked),
                str(s.entries_failed), s.last_error,  # the latest round's problem: empty once a round has none
            )
        console.print(table)
