"""A disk that fills during an ingest: one clear line, nothing half-written, and the same ingest again finishes it.

The database lives on a tmpfs mounted small enough to fill part-way through the
examples; root makes it, and the test is skipped where no tmpfs can be mounted.
"""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from contextlib import closing

import pytest

from tests.conftest import OWN_SQLITE_FILES, ROOT

pytestmark = OWN_SQLITE_FILES
ROOM = "1500k"  # a migrated database (about 0.4 MB) and a few articles, not all of them


def _newsbrief(database, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "NEWSBRIEF_DATABASE_URL": f"sqlite:///{database}"}
    return subprocess.run([sys.executable, "-m", "newsbrief", *args], env=env, cwd=ROOT, text=True,
                          capture_output=True, timeout=600)


def _mount(folder, size: str, *options: str) -> bool:
    return subprocess.run(["mount", "-t", "tmpfs", "-o", ",".join([*options, f"size={size}"]), "tmpfs", str(folder)],
                          capture_output=True).returncode == 0


@pytest.fixture
def small_disk(tmp_path):
    """A folder on its own tmpfs of ROOM bytes, unmounted afterwards."""
    folder = tmp_path / "disk"
    folder.mkdir()
    if os.geteuid() != 0 or not _mount(folder, ROOM):
        pytest.skip("no tmpfs can be mounted here (needs root)")
    yield folder
    subprocess.run(["umount", str(folder)], check=True)


def _counts(database) -> tuple[int, int, int]:
    """Articles, briefs, and originals left without a brief (half-written ones)."""
    with closing(sqlite3.connect(database)) as db:  # closed: the disk must unmount afterwards
        assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        unbriefed = db.execute(
            "SELECT count(*) FROM newsbrief_article a LEFT JOIN newsbrief_brief b ON b.article_id = a.id"
            " WHERE b.id IS NULL AND a.duplicate_of_id IS NULL AND a.status = 'ok'").fetchone()[0]
        return (db.execute("SELECT count(*) FROM newsbrief_article").fetchone()[0],
                db.execute("SELECT count(*) FROM newsbrief_brief").fetchone()[0], unbriefed)


def test_a_full_disk_stops_the_ingest_cleanly_and_the_same_ingest_finishes_it(tmp_path, small_disk):
    clean = tmp_path / "clean.sqlite3"
    assert _newsbrief(clean, "migrate", "--noinput").returncode == 0
    (small_disk / "db.sqlite3").write_bytes(clean.read_bytes())  # migrated where there is room
    assert _newsbrief(clean, "ingest", "examples/").returncode == 0
    database = small_disk / "db.sqlite3"

    stopped = _newsbrief(database, "ingest", "examples/")

    assert stopped.returncode == 2
    assert "disk holding the database is full" in stopped.stderr and "Traceback" not in stopped.stderr
    articles, _briefs, unbriefed = _counts(database)
    assert 0 < articles < _counts(clean)[0] and unbriefed == 0

    assert _mount(small_disk, "64m", "remount")  # room again
    resumed = _newsbrief(database, "ingest", "examples/")

    assert resumed.returncode == 0, resumed.stderr
    assert _counts(database) == _counts(clean)
