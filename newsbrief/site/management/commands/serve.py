"""`newsbrief serve`: serve the publication with gunicorn."""

from newsbrief.site.management.base import NewsbriefCommand
from newsbrief.site.web.server import serve


class Command(NewsbriefCommand):
    help = "Serve the site with gunicorn (static files through whitenoise) until Ctrl-C."

    def add_arguments(self, parser):
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--workers", type=int, default=2)

    def handle(self, *args, host, port, workers, **options):
        self.stdout.write(f"newsbrief serving at http://{host}:{port}/ (Ctrl-C stops)")
        serve(host, port, workers)
