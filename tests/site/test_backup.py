"""Backups taken while `newsbrief ingest` runs restore to an intact database holding exactly what they saw.

The test runs on the suite's own kind of database: a SQLite file, or, when
NEWSBRIEF_DATABASE_URL is PostgreSQL, a scratch database beside the suite's.
Ingest runs in its own process; backups are taken again and again until it ends,
and one taken part-way is restored with `newsbrief restore` over the finished database.
"""

import os
import secrets
import sqlite3
import subprocess
import sys
import time
from contextlib import closing, contextmanager
from urllib.parse import urlsplit

import dj_database_url
import pytest

from newsbrief.pipeline.errors import BackupError, InputError
from newsbrief.site.backups import backup, restore
from tests.conftest import EXAMPLES, ON_POSTGRESQL, ROOT, SUITE_URL

# An article with no brief must be a copy of another or a blocked page: one transaction stores both.
BRIEFLESS = (
    "SELECT COUNT(*) FROM newsbrief_article a WHERE a.duplicate_of_id IS NULL AND a.status <> 'blocked'"
    " AND NOT EXISTS (SELECT 1 FROM newsbrief_brief b WHERE b.article_id = a.id)"
)
COUNTS = "SELECT (SELECT COUNT(*) FROM newsbrief_article), (SELECT COUNT(*) FROM newsbrief_brief)"


@pytest.fixture
def live(tmp_path):
    """The URL of an empty database of the suite's kind, outside the test database."""
    if not ON_POSTGRESQL:
        yield f"sqlite:///{tmp_path}/live.sqlite3"
        return
    import psycopg

    name = f"newsbrief_backup_{secrets.token_hex(4)}"
    with psycopg.connect(SUITE_URL, autocommit=True) as admin:
        admin.execute(f"CREATE DATABASE {name}")
    try:
        yield urlsplit(SUITE_URL)._replace(path=f"/{name}").geturl()
    finally:
        with psycopg.connect(SUITE_URL, autocommit=True) as admin:
            admin.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


@contextmanager
def _connect(url: str):
    """A DB-API connection to the database at url (SQLite or PostgreSQL)."""
    if url.startswith("sqlite:"):
        with closing(sqlite3.connect(dj_database_url.parse(url)["NAME"])) as con:
            yield con
    else:
        import psycopg

        with psycopg.connect(url) as con:
            yield con


def _state(url: str) -> tuple[int, int]:
    """Articles and briefs in the database, once its integrity and every article's brief are checked."""
    with _connect(url) as con:
        if url.startswith("sqlite:"):
            assert con.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        assert con.execute(BRIEFLESS).fetchone()[0] == 0
        return tuple(con.execute(COUNTS).fetchone())


def _newsbrief(url: str, *args: str, **popen) -> subprocess.Popen:
    env = {**os.environ, "NEWSBRIEF_DATABASE_URL": url}
    return subprocess.Popen([sys.executable, "-m", "newsbrief", *args], env=env, cwd=ROOT, text=True,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, **popen)


def _run(url: str, *args: str) -> subprocess.CompletedProcess:
    process = _newsbrief(url, *args)
    out, err = process.communicate(timeout=120)
    return subprocess.CompletedProcess(process.args, process.returncode, out, err)


def test_a_backup_taken_during_an_ingest_restores_to_exactly_what_it_saw(live, tmp_path):
    assert _run(live, "migrate", "-v0").returncode == 0
    database = dj_database_url.parse(live)
    ingest = _newsbrief(live, "ingest", str(EXAMPLES))
    taken = []
    while ingest.poll() is None:
        path = tmp_path / f"during-{len(taken)}.backup"
        taken.append((path, backup(path, database)))
        time.sleep(0.2)
    out, err = ingest.communicate()
    assert ingest.returncode == 0, err
    finished = _state(live)
    during = [(path, snapshot) for path, snapshot in taken if 0 < snapshot.articles < finished[0]]
    assert during, f"no backup fell in the middle of the ingest: {[s for _, s in taken]}, then {finished}"
    path, snapshot = during[len(during) // 2]

    restored = _run(live, "restore", str(path))

    assert restored.returncode == 0, restored.stderr
    assert f"restored {snapshot.articles} articles and {snapshot.briefs} briefs" in restored.stdout
    assert _state(live) == (snapshot.articles, snapshot.briefs)


def test_a_damaged_backup_changes_nothing(live, tmp_path):
    assert _run(live, "migrate", "-v0").returncode == 0
    assert _run(live, "ingest", str(EXAMPLES / "valleyledger.example")).returncode == 0
    database, before = dj_database_url.parse(live), _state(live)
    whole = tmp_path / "whole.backup"
    backup(whole, database)
    damaged = tmp_path / "damaged.backup"
    damaged.write_bytes(whole.read_bytes()[: whole.stat().st_size * 2 // 3])
    with _connect(live) as con:  # a change the damaged backup must not undo
        con.execute("DELETE FROM newsbrief_brief WHERE id = (SELECT MIN(id) FROM newsbrief_brief)")
        con.commit()

    with pytest.raises((InputError, BackupError)):
        restore(damaged, database)

    assert _state_unchecked(live) == (before[0], before[1] - 1)


def _state_unchecked(url: str) -> tuple[int, int]:
    with _connect(url) as con:
        return tuple(con.execute(COUNTS).fetchone())


@pytest.mark.parametrize(
    "content, message",
    [
        (None, "no such backup file"),
        (b"<html>not a backup</html>", "is not a newsbrief backup: neither a SQLite database nor a pg_dump archive"),
    ],
)
def test_restore_refuses_what_is_not_a_backup(live, tmp_path, content, message):
    path = tmp_path / "file.backup"
    if content is not None:
        path.write_bytes(content)
    with pytest.raises(InputError, match=message):
        restore(path, dj_database_url.parse(live))


def test_restore_refuses_a_backup_of_the_other_kind_of_database(live, tmp_path):
    other = tmp_path / "other.backup"
    if ON_POSTGRESQL:
        with closing(sqlite3.connect(other)) as con:
            con.execute("CREATE TABLE newsbrief_article (id INTEGER PRIMARY KEY)")
        expected = "is a SQLite backup, but this database is PostgreSQL"
    else:
        other.write_bytes(b"PGDMP\x01\x0f\x00" + bytes(100))
        expected = "is a PostgreSQL backup, but this database is SQLite"
    with pytest.raises(InputError, match=expected):
        restore(other, dj_database_url.parse(live))


def test_restore_refuses_a_database_that_is_not_newsbrief(live, tmp_path):
    foreign = tmp_path / "foreign.backup"
    if ON_POSTGRESQL:
        foreign.write_bytes(b"PGDMP" + secrets.token_bytes(200))
        expected = "cannot read it as a pg_dump archive"
    else:
        with closing(sqlite3.connect(foreign)) as con:
            con.execute("CREATE TABLE notes (body TEXT)")
        expected = "is a SQLite database but not a newsbrief backup"
    with pytest.raises(InputError, match=expected):
        restore(foreign, dj_database_url.parse(live))


def test_the_commands_say_what_they_did_and_what_went_wrong(live, tmp_path):
    assert _run(live, "migrate", "-v0").returncode == 0
    copy = tmp_path / "copy.backup"

    made = _run(live, "backup", str(copy))
    missing = _run(live, "restore", str(tmp_path / "missing.backup"))

    assert made.returncode == 0, made.stderr
    assert made.stdout.startswith("backed up 0 articles and 0 briefs")
    assert copy.exists() and not list(tmp_path.glob(".*partial"))
    assert missing.returncode == 2
    assert "missing.backup: no such backup file" in missing.stderr
