"""Settings of the minimal app: a database, a template directory, nothing else."""

import os
from pathlib import Path

SECRET_KEY = "bench-minimal-not-secret"
DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
ROOT_URLCONF = "bench.web.minimal.urls"
INSTALLED_APPS: list[str] = []
MIDDLEWARE: list[str] = []
DATABASES = {"default": {
    "ENGINE": "django.db.backends.sqlite3",
    "NAME": os.environ.get("BENCH_MINIMAL_DB", ":memory:"),
    # As newsbrief's own setting (NEWSBRIEF_CONN_MAX_AGE), so both pay the same for a connection.
    "CONN_MAX_AGE": None if os.environ.get("BENCH_MINIMAL_CONN_MAX_AGE") == "none"
    else int(os.environ.get("BENCH_MINIMAL_CONN_MAX_AGE", "0")),
}}
TEMPLATES = [{"BACKEND": "django.template.backends.django.DjangoTemplates", "DIRS": [Path(__file__).parent / "templates"]}]
USE_TZ = True
