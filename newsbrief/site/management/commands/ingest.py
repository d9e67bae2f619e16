"""`newsbrief ingest PATH...`: ingest feed files, HTML pages and text briefs from disk."""

from pathlib import Path

from rich.console import Console

from newsbrief.site.ingest.from_files import ingest_paths
from newsbrief.site.management.base import NewsbriefCommand
from newsbrief.site.management.progress import progress_bar, short_label


class Command(NewsbriefCommand):
    help = "Ingest RSS/Atom feed files (with the pages they link to), HTML files and text briefs."

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", type=Path)

    def handle(self, *args, paths, **options):
        console = Console(file=self.stdout._out, highlight=False)
        with progress_bar(console) as progress:
            task = progress.add_task("ingesting", total=None)

            def step(done: int, total: int, path: str) -> None:
                progress.update(task, completed=done, total=total, description=f"ingesting {short_label(path)}")

            report = ingest_paths(paths, progress=step)
        console.print(f"new: {report.new}  duplicate: {report.duplicate}  failed: {len(report.failed)}"
                      + (f"  skipped: {len(report.skipped)}" if report.skipped else ""))
        for why in report.failed:
            console.print(f"  failed: {why}", markup=False, soft_wrap=True)
        for why in report.skipped:
            console.print(f"  skipped: {why}", markup=False, soft_wrap=True)
