"""`newsbrief run`: serve the site with gunicorn and poll the sources, in one process."""

from newsbrief import config
from newsbrief.site.management.base import NewsbriefCommand
from newsbrief.site.ingest.polling import Poller
from newsbrief.site.web.server import serve


class Command(NewsbriefCommand):
    help = ("Serve the site (like `serve`) and run a poll round every NEWSBRIEF_RUN_POLL_EVERY seconds in a "
            "thread of gunicorn's master process: the embedded default, one process to run.")

    def add_arguments(self, parser):
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--workers", type=int, default=2)
        parser.add_argument("--poll-every", type=float, default=None,
                            help="Seconds between poll rounds (default: NEWSBRIEF_RUN_POLL_EVERY).")

    def handle(self, *args, host, port, workers, poll_every, **options):
        every = poll_every or config.value("NEWSBRIEF_RUN_POLL_EVERY")
        poller = Poller(every, say=lambda line: self.stdout.write(line))
        self.stdout.write(f"newsbrief serving at http://{host}:{port}/ and polling every {every:g} s (Ctrl-C stops)")
        # The poller starts once the workers are forked, in the master only, and stops with it.
        serve(host, port, workers, when_ready=lambda server: poller.start(), on_exit=lambda server: poller.stop())
