"""`newsbrief add-source URL`: follow a feed, given its URL or a page that links to it."""

from newsbrief.site.management.base import NewsbriefCommand
from newsbrief.site.models import BodyMode
from newsbrief.site.ingest.following import add_source


class Command(NewsbriefCommand):
    help = "Follow a feed: its URL, or a page whose <link rel=\"alternate\"> names it. Fetched through the guard."

    def add_arguments(self, parser):
        parser.add_argument("url")
        parser.add_argument("--name", default="", help="The source's name (default: the feed's title).")
        parser.add_argument("--min-interval", type=int, default=None,
                            help="Seconds between two polls (default: NEWSBRIEF_POLL_MIN_INTERVAL).")
        parser.add_argument("--body-mode", choices=BodyMode.values, default=BodyMode.CONDENSED,
                            help="How much of each article a brief may republish.")

    def handle(self, *args, url, name, min_interval, body_mode, **options):
        source, created = add_source(url, name=name, min_interval=min_interval, body_mode=body_mode)
        verb = "following" if created else "already following"
        self.stdout.write(f"{verb} {source.name}: {source.url} (source {source.pk})")
