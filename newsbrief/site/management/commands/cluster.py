"""`newsbrief cluster --in ARTICLES.jsonl --out STORIES.jsonl`: assign articles to stories, in order."""

from pathlib import Path

from rich.console import Console

from newsbrief import config
from newsbrief.pipeline.clustering.cluster import StoryIndex
from newsbrief.pipeline.clustering.cluster_jsonl import cluster_file, count_lines
from newsbrief.site.management.base import NewsbriefCommand
from newsbrief.site.management.progress import progress_bar


class Command(NewsbriefCommand):
    help = (
        "Read {id, title?, text, published?, entities?} JSON lines in order and write {id, story} lines: "
        "each article joins the best-matching recent story or starts one. Malformed lines are reported and skipped."
    )

    def add_arguments(self, parser):
        parser.add_argument("--in", dest="source", type=Path, required=True, metavar="ARTICLES.jsonl")
        parser.add_argument("--out", dest="dest", type=Path, required=True, metavar="STORIES.jsonl")

    def handle(self, *args, source, dest, **options):
        console = Console(file=self.stdout._out, highlight=False)
        with progress_bar(console) as progress:
            task = progress.add_task("clustering", total=count_lines(source) or None)
            report = cluster_file(source, dest, StoryIndex(config.cluster_params()),
                                  progress=lambda done: progress.update(task, completed=done))
        for number, why in report.skipped:
            console.print(f"  skipped line {number}: {why}", markup=False)
        console.print(
            f"articles: {report.articles}  stories: {report.stories}  new: {report.new_stories}  "
            f"merged: {len(report.merges)}  skipped: {len(report.skipped)}"
        )
