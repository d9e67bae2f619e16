"""WSGI entry of the minimal app (gunicorn bench.web.minimal.wsgi:application)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.web.minimal.settings")
application = get_wsgi_application()
