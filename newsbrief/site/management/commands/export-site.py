"""`newsbrief export-site DIR [--base-url URL]`: write the publication as static files for any static host."""

from rich.console import Console

from newsbrief.site.web.export import export_site
from newsbrief.site.management.base import NewsbriefCommand
from newsbrief.site.management.progress import COUNTED, phase_bars, progress_bar

PHASES = {"rendering": "rendering pages and feeds", "writing": "writing files"}


class Command(NewsbriefCommand):
    help = "Write the whole publication (pages, feeds, CSS, sitemap.xml) as static files under DIR."

    def add_arguments(self, parser):
        parser.add_argument("directory", help="Where to write the site (created if missing).")
        parser.add_argument(
            "--base-url",
            help="The URL the copy will be served from: links become absolute under it, and feeds and "
            "the sitemap use it (without it, pages link relatively and feeds root-relatively).",
        )

    def handle(self, *args, directory, base_url=None, **options):
        console = Console(file=self.stdout._out, highlight=False)
        with progress_bar(console, *COUNTED) as progress:
            result = export_site(directory, base_url=base_url, progress=phase_bars(progress, PHASES))
        console.print(
            f"exported {len(result.pages)} pages, {len(result.feeds)} feeds, "
            f"{len(result.assets)} static files and {result.sitemap} to {directory}",
            markup=False, soft_wrap=True,
        )
