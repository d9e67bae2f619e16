"""`newsbrief poll`: one round over the sources that are due."""

from rich.console import Console

from newsbrief.site.management.base import NewsbriefCommand
from newsbrief.site.management.progress import progress_bar
from newsbrief.site.ingest.polling import poll, summary


class Command(NewsbriefCommand):
    help = "Poll every source that is due once: conditional GET, politeness, robots.txt, full text, briefs."

    def handle(self, *args, **options):
        console = Console(file=self.stdout._out, highlight=False)
        with progress_bar(console) as progress:
            task = progress.add_task("polling", total=None)

            def step(done: int, total: int, name: str) -> None:
                progress.update(task, completed=done, total=total, description=f"polling {name}".strip())

            report = poll(progress=step)
        console.print(summary(report), markup=False)
        for why in report.failed:
            console.print(f"  failed: {why}", markup=False, soft_wrap=True)
