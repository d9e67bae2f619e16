"""`newsbrief serve`: serve the publication with gunicorn."""

from gunicorn.app.base import BaseApplication

from newsbrief.site.management.base import NewsbriefCommand
from newsbrief.wsgi import application


# gunicorn's default access log starts with %(h)s, the client's full address; commenters'
# addresses must never reach a log line, so the format leaves it out.
ACCESS_LOG_FORMAT = '%(t)s "%(r)s" %(s)s %(b)s %(M)sms'


class _Gunicorn(BaseApplication):
    """gunicorn run in-process on newsbrief's WSGI application."""

    def __init__(self, options: dict):
        self.options = options
        super().__init__()

    def load_config(self):
        for key, value in self.options.items():
            self.cfg.set(key, value)

    def load(self):
        return application


class Command(NewsbriefCommand):
    help = "Serve the site with gunicorn (static files through whitenoise) until Ctrl-C."

    def add_arguments(self, parser):
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--workers", type=int, default=2)

    def handle(self, *args, host, port, workers, **options):
        self.stdout.write(f"newsbrief serving at http://{host}:{port}/ (Ctrl-C stops)")
        _Gunicorn({"bind": f"{host}:{port}", "workers": workers, "accesslog": "-", "access_log_format": ACCESS_LOG_FORMAT}).run()
