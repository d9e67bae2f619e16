"""The database comes from NEWSBRIEF_DATABASE_URL: SQLite in WAL mode by default, PostgreSQL by URL."""

import os
import subprocess
import sys

from newsbrief.settings import _database

PROBE = """
from django.db import connection
with connection.cursor() as c:
    c.execute("PRAGMA journal_mode"); print(c.fetchone()[0])
    c.execute("PRAGMA busy_timeout"); print(c.fetchone()[0])
"""


def test_a_sqlite_file_runs_in_wal_mode_with_a_busy_timeout(tmp_path):
    env = {**os.environ, "NEWSBRIEF_DATABASE_URL": f"sqlite:///{tmp_path}/db.sqlite3", "NEWSBRIEF_SQLITE_TIMEOUT": "7"}
    out = subprocess.run(
        [sys.executable, "-m", "newsbrief", "shell", "-v", "0", "-c", PROBE], env=env, capture_output=True, text=True, check=True
    ).stdout.split()
    assert out == ["wal", "7000"]


def test_the_default_database_is_a_file_under_var():
    db = _database("sqlite:///var/newsbrief.sqlite3")
    assert db["ENGINE"] == "django.db.backends.sqlite3"
    assert str(db["NAME"]).endswith("var/newsbrief.sqlite3")


def test_a_postgres_url_selects_postgresql():
    db = _database("postgres://news:secret@db.internal:5433/briefs")
    assert db["ENGINE"] == "django.db.backends.postgresql"
    assert (db["HOST"], db["PORT"], db["NAME"], db["USER"]) == ("db.internal", 5433, "briefs", "news")
