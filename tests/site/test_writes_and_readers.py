"""Writes do not starve readers: pages served by a real server stay 200 while another process writes articles.

A database of its own (a SQLite file, or a fresh PostgreSQL database when the suite
runs on PostgreSQL) with a small archive; `newsbrief serve` (2 workers, page cache
off, so that every request reads the database; debug on, so that an error page names
its exception) on loopback; a writer process storing articles through the store a few
per transaction (bench/web/under_writes.py), while reader threads fetch the front
page, the feed, a search, and article, story and entity pages. Not one answer may be
an error or say "database is locked", and the readers must see the writes land.
"""

import gzip
import json
import os
import random
import re
import subprocess
import threading
import time
import urllib.error
import urllib.request
import uuid

import pytest
from django.db import connection

from bench.web.__main__ import PYTHON, free_port, running
from tests.conftest import ROOT

pytestmark = pytest.mark.django_db
LOCKED = "database is locked"
WORDS = ("the of and to a in harbour ferry council said bridge kestrel pier tide crew rota timetable vote budget "
         "mayor quay lantern ward market tram canal lock weir dredger beacon pilot tug ballast mooring gantry "
         "slipway bollard jetty towpath foundry tannery cooper chandler ropewalk saltmarsh estuary shoal").split()


@pytest.fixture
def database_url(tmp_path):
    """A database for this test alone, of the kind the suite runs on; dropped afterwards."""
    if connection.vendor == "sqlite":
        yield f"sqlite:///{tmp_path / 'site.sqlite3'}"
        return
    import psycopg

    name = f"newsbrief_writes_{uuid.uuid4().hex[:8]}"
    settings = connection.settings_dict
    server = f"postgres://{settings['USER']}:{settings['PASSWORD']}@{settings['HOST']}:{settings['PORT']}"
    with psycopg.connect(f"{server}/postgres", autocommit=True) as admin:
        admin.execute(f"CREATE DATABASE {name}")
    yield f"{server}/{name}"
    with psycopg.connect(f"{server}/postgres", autocommit=True) as admin:
        admin.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


@pytest.fixture
def vocabulary(tmp_path):
    """A fictional corpus, its words skewed in frequency as real text is, for the synthetic articles."""
    rng = random.Random(3)
    path = tmp_path / "fiction.jsonl.gz"
    with gzip.open(path, "wt", encoding="utf-8") as out:
        for _ in range(200):
            text = " ".join(rng.choices(WORDS, weights=[len(WORDS) - i for i in range(len(WORDS))], k=80))
            out.write(json.dumps({"text": text}) + "\n")
    return path


def _write(url: str, vocabulary, count: int, batch: int) -> subprocess.Popen:
    return subprocess.Popen([PYTHON, "-m", "bench.web.under_writes", "write", url, str(count), str(vocabulary),
                             "--batch", str(batch)], cwd=ROOT, env=_env(url), stdout=subprocess.PIPE, text=True)


def _env(url: str) -> dict:
    return {**os.environ, "NEWSBRIEF_DATABASE_URL": url, "NEWSBRIEF_CACHE_SECONDS": "0", "NEWSBRIEF_DEBUG": "1",
            "DJANGO_SETTINGS_MODULE": "newsbrief.settings"}


def _get(url: str) -> tuple[int, str, float]:
    began = time.monotonic()
    try:
        with urllib.request.urlopen(url, timeout=60) as response:
            status, body = response.status, response.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as error:
        status, body = error.code, error.read().decode("utf-8", "replace")
    return status, body, time.monotonic() - began


def test_pages_stay_answered_while_articles_are_written(database_url, vocabulary):
    subprocess.run([PYTHON, "-m", "newsbrief", "migrate", "--noinput"], cwd=ROOT, env=_env(database_url), check=True,
                   capture_output=True)
    first = _write(database_url, vocabulary, 40, 20)
    assert first.wait(300) == 0
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    serve = [PYTHON, "-m", "newsbrief", "serve", "--host", "127.0.0.1", "--port", str(port), "--workers", "2"]
    with running(serve, base + "/", _env(database_url)):
        front = _get(base + "/")[1]
        article = re.search(r'href="(/a/[^"]+)"', front).group(1)
        page = _get(base + article)[1]
        paths = ["/", "/feeds/latest.rss", "/search/?q=harbour+ferry", article,
                 re.search(r'href="(/s/[^"/]+/)"', page).group(1), re.search(r'href="(/e/[^"]+)"', page).group(1)]
        answers: list[tuple[str, int, str, float]] = []
        writer = _write(database_url, vocabulary, 200, 4)  # 50 transactions, as a busy poll writes them
        stop = threading.Event()

        def read(offset: int) -> None:
            n = offset
            while not stop.is_set():
                path = paths[n % len(paths)]
                answers.append((path, *_get(base + path)))
                n += 1

        readers = [threading.Thread(target=read, args=(i,)) for i in range(4)]
        for reader in readers:
            reader.start()
        try:
            assert writer.wait(300) == 0
        finally:
            stop.set()
            for reader in readers:
                reader.join(120)
    written = json.loads(writer.stdout.read().strip().splitlines()[-1])["written"]
    assert written == 200
    failed = [(path, status) for path, status, body, _ in answers if status != 200 or LOCKED in body]
    assert not failed, f"{len(failed)} of {len(answers)} requests failed while writing: {failed[:5]}"
    newest = {re.search(r'href="(/a/[^"]+)"', body).group(1) for path, _, body, _ in answers if path == "/"}
    assert len(newest) >= 2, "the readers never saw a write land: the test did not overlap them"
    seconds = sorted(latency for *_, latency in answers)
    p99 = seconds[int(len(seconds) * 0.99) - 1]
    print(f"{len(answers)} reads while writing 200 articles, p99 {p99 * 1000:.0f} ms")
    assert p99 < 10, f"readers waited {p99:.1f} s: they wait on the writer's lock"
