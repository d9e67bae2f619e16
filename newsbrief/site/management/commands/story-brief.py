"""`newsbrief story-brief --in ARTICLES.jsonl --out BRIEFS.jsonl`: one brief per story from all its outlets."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError
from rich.console import Console

from newsbrief import config
from newsbrief.pipeline.briefs.story_brief_jsonl import story_briefs_jsonl
from newsbrief.pipeline.errors import InputError
from newsbrief.site.management.progress import COUNTED, progress_bar


class Command(BaseCommand):
    help = (
        "Read {id, title?, text, published?, outlet?, story} JSON lines and write one line per story: "
        "{story, lead, key_points, closing, agree, differ, coverage, provenance}, every sentence an outlet's own, "
        "with its place. Malformed lines are reported with their number and skipped."
    )
    requires_system_checks = []  # reads and writes files only: no database, no models

    def add_arguments(self, parser):
        parser.add_argument("--in", dest="in_path", required=True, metavar="ARTICLES.jsonl")
        parser.add_argument("--out", dest="out_path", required=True, metavar="BRIEFS.jsonl")

    def handle(self, *args, in_path: str, out_path: str, **options):
        try:
            with open(in_path, "rb") as fh:
                total = sum(1 for _ in fh)
        except OSError as exc:
            raise CommandError(f"{in_path}: cannot read the input: {exc.strerror or exc}", returncode=1) from exc
        with progress_bar(Console(stderr=True), *COUNTED) as progress:
            task = progress.add_task("briefing stories", total=total)
            try:
                report = story_briefs_jsonl(in_path, out_path, on_line=lambda n: progress.update(task, completed=n),
                                            spacy_model=config.value("NEWSBRIEF_SPACY_MODEL"))
            except InputError as exc:
                raise CommandError(str(exc), returncode=1) from exc
        for error in report.errors:
            self.stderr.write(f"{in_path}:{error.line}: skipped: {error.message}")
        self.stderr.write(f"{report.written} stories briefed from {report.read - len(report.errors)} of {report.read} "
                          f"articles into {out_path}; {len(report.errors)} lines skipped")
        if report.read and not report.written:
            raise CommandError("no story could be briefed", returncode=1)
