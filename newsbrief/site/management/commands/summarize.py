"""`newsbrief summarize --in ARTICLES.jsonl --out BRIEFS.jsonl`: briefs for a file of articles."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, TextColumn, TimeRemainingColumn

from newsbrief import config
from newsbrief.pipeline.briefs.summarize_jsonl import summarize_jsonl
from newsbrief.pipeline.errors import InputError
from newsbrief.pipeline.briefs.summarize import BODY_MODES
from newsbrief.site.management.progress import progress_bar


class Command(BaseCommand):
    help = "Summarize JSON lines {id, title?, text} into JSON lines {id, lead, key_points, body, closing}."
    requires_system_checks = []  # reads and writes files only: no database, no models

    def add_arguments(self, parser):
        parser.add_argument("--in", dest="in_path", required=True, help="input JSON Lines file of articles")
        parser.add_argument("--out", dest="out_path", required=True, help="output JSON Lines file of briefs")
        parser.add_argument("--body", choices=BODY_MODES, default="condensed", help="body mode (default: condensed)")

    def handle(self, *args, in_path: str, out_path: str, body: str, **options):
        try:
            with open(in_path, "rb") as fh:
                total = sum(1 for _ in fh)
        except OSError as exc:
            raise CommandError(f"{in_path}: cannot read the input: {exc.strerror or exc}", returncode=1) from exc
        columns = (TextColumn("summarizing"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn())
        with progress_bar(Console(stderr=True), *columns) as progress:
            task = progress.add_task("summarize", total=total)
            try:
                report = summarize_jsonl(
                    in_path, out_path, body_mode=body, on_line=lambda n: progress.update(task, completed=n),
                    spacy_model=config.value("NEWSBRIEF_SPACY_MODEL"), rewrite=config.llm_endpoint(),
                )
            except InputError as exc:
                raise CommandError(str(exc), returncode=1) from exc
        for error in report.errors:
            self.stderr.write(f"{in_path}:{error.line}: skipped: {error.message}")
        self.stderr.write(
            f"{report.written} of {report.read} articles summarized into {out_path};"
            f" {len(report.errors)} lines skipped"
        )
        if report.read and not report.written:
            raise CommandError("no article could be summarized", returncode=1)
