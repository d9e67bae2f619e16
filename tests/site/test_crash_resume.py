"""Nothing lost: `newsbrief poll`, killed with SIGKILL at random points while it ingests the corpus, resumes.

The poll process is killed at least 20 times, restarted each time, and finally
let finish; the database then holds every article exactly once, with the same
articles, copies, briefs and per-source counters as one uninterrupted poll of
the same corpus, and SQLite's integrity check passes.
"""

import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from contextlib import closing
from pathlib import Path

from tests.conftest import OWN_SQLITE_FILES
from tests.site.corpus_server import corpus, loopback, opml  # noqa: F401 (fixtures)

pytestmark = OWN_SQLITE_FILES

KILLS = 20
SETUP = (
    "import os, sys, django; os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'newsbrief.settings'); django.setup();"
    "from django.core.management import call_command;"
    "call_command('migrate', verbosity=0); call_command('import-opml', sys.argv[1])"
)


def _env(db) -> dict:
    return {**os.environ, "NEWSBRIEF_DATABASE_URL": f"sqlite:///{db}", "NEWSBRIEF_FETCH_ALLOW": "127.0.0.0/8"}


def _poll(db) -> subprocess.Popen:
    """`newsbrief poll` on the database; what it says goes to a file beside it."""
    with open(f"{db}.out", "w") as out:
        return subprocess.Popen([sys.executable, "-m", "newsbrief", "poll"], env=_env(db), stdout=out,
                                stderr=subprocess.STDOUT)


def _said(db) -> str:
    return Path(f"{db}.out").read_text()


def _state(db) -> dict:
    """What must come out the same however often the poll was killed."""
    with closing(sqlite3.connect(db)) as con:
        assert con.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        articles = con.execute(
            "SELECT a.url, a.content_hash, a.status, a.revision, o.url, b.id IS NOT NULL FROM newsbrief_article a"
            " LEFT JOIN newsbrief_article o ON o.id = a.duplicate_of_id"
            " LEFT JOIN newsbrief_brief b ON b.article_id = a.id ORDER BY a.url"
        ).fetchall()
        counters = con.execute(
            "SELECT url, entries_seen, entries_new, entries_duplicate, entries_blocked, entries_failed, etag"
            " FROM newsbrief_source ORDER BY url"
        ).fetchall()
        entries = con.execute("SELECT COUNT(*) FROM newsbrief_sourceentry").fetchone()[0]
    return {"articles": articles, "counters": counters, "entries": entries}


def _count(db) -> int:
    with closing(sqlite3.connect(db)) as con:
        return con.execute("SELECT COUNT(*) FROM newsbrief_article").fetchone()[0]


def _kill_at_random(process: subprocess.Popen, db, rng: random.Random, startup: float) -> bool:
    """Kill the poll at a random point (True), or let it be when it finished first (False).

    One kill in three falls anywhere in start-up and the first fetches; the others fall
    at a random moment after its next article was stored, so that each run gets on.
    (A run that gets as far as storing pays ~2.5 s of CPU to start: Python, Django,
    datasketch and spaCy; this split keeps the test near 50 s on two idle cores.)
    """
    if rng.random() < 1 / 3:
        deadline = time.monotonic() + rng.uniform(0.05, startup)
    else:
        before, deadline = _count(db), time.monotonic() + 60
        while process.poll() is None and _count(db) == before and time.monotonic() < deadline:
            time.sleep(0.02)
        deadline = time.monotonic() + rng.uniform(0, 0.3)
    while process.poll() is None and time.monotonic() < deadline:
        time.sleep(0.01)
    if process.poll() is not None:
        return False
    os.kill(process.pid, signal.SIGKILL)
    process.wait()
    return True


def test_a_poll_killed_twenty_times_ends_with_every_article_exactly_once(corpus, tmp_path):
    seed = int(os.environ.get("NEWSBRIEF_CRASH_SEED", time.time_ns() % 10**6))
    rng = random.Random(seed)
    fresh, reference, crashed = (tmp_path / f"{name}.sqlite3" for name in ("fresh", "reference", "crashed"))
    subscriptions = tmp_path / "corpus.opml"
    subscriptions.write_bytes(opml(corpus.feeds))
    started = time.monotonic()
    subprocess.run([sys.executable, "-c", SETUP, str(subscriptions)], env=_env(fresh), check=True, timeout=60)
    startup = time.monotonic() - started  # about what a poll takes before it fetches anything
    shutil.copy(fresh, reference)
    shutil.copy(fresh, crashed)
    uninterrupted = _poll(reference)  # the reference, beside the runs that are killed

    kills, counts, expected = 0, [], None
    while kills < KILLS:
        if _kill_at_random(process := _poll(crashed), crashed, rng, startup):
            kills += 1
            counts.append(_count(crashed))
            continue
        # This run finished before its kill: check it, then begin again from nothing, so kills fall mid-ingest.
        assert process.returncode == 0, _said(crashed)
        expected = expected or _expected(uninterrupted, reference)
        assert _state(crashed) == expected, f"seed {seed}"
        for suffix in ("-wal", "-shm"):
            (tmp_path / f"crashed.sqlite3{suffix}").unlink(missing_ok=True)
        shutil.copy(fresh, crashed)
    finish = _poll(crashed)
    assert finish.wait(timeout=120) == 0, _said(crashed)
    expected = expected or _expected(uninterrupted, reference)
    assert any(0 < n < len(expected["articles"]) for n in counts), f"no kill fell mid-ingest (seed {seed}): {counts}"
    state = _state(crashed)
    urls = [row[0] for row in state["articles"]]
    assert len(urls) == len(set(urls)), f"an article stored twice (seed {seed})"
    assert state == expected, f"seed {seed}"


def _expected(uninterrupted: subprocess.Popen, reference) -> dict:
    assert uninterrupted.wait(timeout=120) == 0, _said(reference)
    expected = _state(reference)
    assert len(expected["articles"]) >= 40, _said(reference)
    return expected
