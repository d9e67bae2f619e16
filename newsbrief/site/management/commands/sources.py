"""`newsbrief sources`: every source and its health, followed (polled) or read by ingest, as a table."""

from rich.console import Console
from rich.table import Table
from rich.text import Text

from newsbrief.site.management.base import NewsbriefCommand
from newsbrief.site.ingest.following import every_source


def _when(value) -> str:
    return value.strftime("%Y-%m-%d %H:%M") if value else "-"


class Command(NewsbriefCommand):
    help = ("List every source with its health: whether it is followed (polled), last success and error, "
            "failures, entry counts.")

    def handle(self, *args, **options):
        console = Console(file=self.stdout._out, highlight=False, width=200)
        table = Table(title="Sources")
        for column in ("id", "name", "url", "followed", "last success", "next poll", "failures", "seen", "new",
                       "duplicate", "blocked", "failed", "last error"):
            table.add_column(column, overflow="fold")
        for s in every_source():
            polled = s.followed  # polling fields mean nothing for what only ingest reads
            cells = (
                str(s.pk), s.name, s.url, "yes (polled)" if polled else "no (ingest)",
                _when(s.last_success) if polled else "-", _when(s.next_poll) if polled else "-",
                str(s.consecutive_failures) if polled else "-",
                str(s.entries_seen) if polled else "-", str(s.entries_new), str(s.entries_duplicate),
                str(s.entries_blocked), str(s.entries_failed),
                s.last_error,  # the latest round's problem: empty once a round has none
            )
            table.add_row(*(Text(cell) for cell in cells))  # names and errors come from feeds: never markup
        console.print(table)
