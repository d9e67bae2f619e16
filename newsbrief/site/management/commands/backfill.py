"""`newsbrief backfill INPUT --engine ray|local`: take in a corpus of HTML, text briefs, JSON Lines or WARC files."""

from pathlib import Path

from rich.console import Console

from newsbrief.site.ingest.backfill import BATCH, BackfillReport, make_engine, run_backfill
from newsbrief.site.management.base import NewsbriefCommand
from newsbrief.site.management.progress import COUNTED, phase_bars, progress_bar

# The engines stream their input: records are counted as read, the writes against known totals.
PHASES = {"process": "records read (extract, summarize, enrich)", "originals": "writing originals",
          "copies": "writing copies"}


class Command(NewsbriefCommand):
    help = ("Backfill a folder of HTML pages and text briefs, JSON Lines files (gzip too) or WARC files, "
            "on Ray or in local processes; a re-run adds nothing and a killed run resumes.")

    def add_arguments(self, parser):
        parser.add_argument("input", type=Path, help="A file or a folder of files.")
        parser.add_argument("--engine", choices=["ray", "local"], default="local")
        parser.add_argument("--address", default=None, help="Ray cluster address (ray engine); default: a local Ray.")
        parser.add_argument("--workers", type=int, default=None,
                            help="Worker processes (local: default 1) or Ray actors (default: the cluster's CPUs).")
        parser.add_argument("--batch-size", type=int, default=BATCH, help="Articles per database transaction.")
        parser.add_argument("--no-enrich", action="store_true", help="Skip entities, topics and statements.")

    def handle(self, *args, input, engine, address, workers, batch_size, no_enrich, **options):
        console = Console(file=self.stdout._out, highlight=False)
        runner = make_engine(engine, workers, address)
        try:
            with progress_bar(console, *COUNTED) as progress:
                report = run_backfill(input, runner, enrich=not no_enrich, batch_size=batch_size,
                                      progress=phase_bars(progress, PHASES))
        finally:
            runner.close()
        _print(console, input, report)


def _print(console: Console, path: Path, report: BackfillReport) -> None:
    workers = f"{report.workers} worker{'' if report.workers == 1 else 's'}"
    console.print(f"backfill of {path} with {report.engine} ({workers}), enrichment {report.enrich}",
                  markup=False, soft_wrap=True)
    console.print(f"read {report.read:,}  already stored {report.already_stored:,}  new {report.new:,}  "
                  f"near-duplicate copies {report.near_duplicates:,}  exact duplicates {report.exact_duplicates:,}  "
                  f"failed {sum(report.failures.values()):,}", soft_wrap=True)
    console.print(f"processed {report.processed:,} in {report.process_seconds + report.dedupe_seconds:,.1f} s: "
                  f"{report.articles_per_second:,.2f} articles/s (stages and duplicate detection); "
                  f"written in {report.write_seconds:,.1f} s ({report.written_per_second:,.0f} articles/s)",
                  soft_wrap=True)
    if report.peak_rss_kb:
        peak = max(report.peak_rss_kb.values()) / 1024
        console.print(f"peak memory per worker: {peak:,.0f} MiB (largest of {len(report.peak_rss_kb)})")
    if report.failures:
        console.print("failures by reason:")
        for reason, count in report.failures.most_common():
            console.print(f"  {reason}: {count:,}", markup=False)
        for message in report.examples:
            console.print(f"  e.g. {message}", markup=False, soft_wrap=True)
