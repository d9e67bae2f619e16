"""`newsbrief cluster --in ARTICLES.jsonl --out STORIES.jsonl`: assign articles to events and threads, in order."""

from pathlib import Path

from rich.console import Console

from newsbrief import config
from newsbrief.pipeline.clustering.cluster import StoryIndex
from newsbrief.pipeline.clustering.cluster_jsonl import cluster_file, count_lines, entity_names
from newsbrief.pipeline.enrichment.enrich import enrich
from newsbrief.site.ingest.pipeline_setup import pipeline_options
from newsbrief.site.management.base import NewsbriefCommand
from newsbrief.site.management.progress import progress_bar


class Command(NewsbriefCommand):
    help = (
        "Read {id, title?, text, published?, entities?} JSON lines in order and write {id, story, thread} lines: "
        "each article joins the best-matching recent event (story) or starts one, and each event a thread. "
        "A line without entities gets those the site's enrichment finds in it. Malformed lines are reported "
        "and skipped."
    )

    def add_arguments(self, parser):
        parser.add_argument("--in", dest="source", type=Path, required=True, metavar="ARTICLES.jsonl")
        parser.add_argument("--out", dest="dest", type=Path, required=True, metavar="STORIES.jsonl")

    def handle(self, *args, source, dest, **options):
        console = Console(file=self.stdout._out, highlight=False)
        site = pipeline_options()  # the site's spaCy model and alias table: the entities readers get

        def find_entities(title: str, text: str) -> tuple[str, ...]:
            return entity_names(enrich(title, text, dict(site.aliases), site.spacy_model))  # as the site gives them

        with progress_bar(console) as progress:
            task = progress.add_task("clustering", total=count_lines(source) or None)
            report = cluster_file(source, dest, StoryIndex(config.cluster_params()),
                                  progress=lambda done: progress.update(task, completed=done),
                                  find_entities=find_entities)
        for number, why in report.skipped:
            console.print(f"  skipped line {number}: {why}", markup=False)
        console.print(
            f"articles: {report.articles}  stories: {report.stories}  threads: {report.threads}  "
            f"new: {report.new_stories}  merged: {len(report.merges)}  skipped: {len(report.skipped)}"
        )
