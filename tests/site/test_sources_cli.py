"""The commands that follow sources: add-source (with feed discovery), import-opml, poll, sources, run."""

import io
import os
import subprocess
import sys
import time

import httpx
import pytest
from django.core.management import CommandError, call_command

from newsbrief.pipeline.errors import AddressNotAllowed, InputError
from newsbrief.site.models import Article, Source
from newsbrief.site.ingest.following import add_source, import_opml
from tests.site.corpus_server import Answer, corpus, loopback, opml  # noqa: F401 (fixtures)
from tests.site.test_serve import _free_port, _wait_for
from tests.conftest import EXAMPLES, OWN_SQLITE_FILES

pytestmark = pytest.mark.django_db

HOME_PAGE = (b'<!DOCTYPE html><html><head><title>Valley Ledger</title>'
             b'<link rel="alternate" type="application/rss+xml" title="News" href="/valleyledger.example/feed.xml">'
             b"</head><body><p>Welcome.</p></body></html>")


def test_add_source_takes_a_feed_url(corpus):
    source, created = add_source(corpus.server.url("/valleyledger.example/feed.xml"))
    assert created and source.kind == Source.Kind.FEED
    assert source.name == "Valley Ledger" and source.url == corpus.server.url("/valleyledger.example/feed.xml")
    assert add_source(source.url) == (source, False)


def test_add_source_discovers_the_feed_a_page_links_to(corpus):
    corpus.server.routes["/valleyledger.example/"] = Answer(200, HOME_PAGE, (("Content-Type", "text/html"),))
    source, created = add_source(corpus.server.url("/valleyledger.example/"))
    assert created and source.url == corpus.server.url("/valleyledger.example/feed.xml")
    assert corpus.server.paths() == ["/valleyledger.example/", "/valleyledger.example/feed.xml"]


def test_add_source_says_when_a_page_names_no_feed(corpus):
    corpus.server.routes["/plain.html"] = Answer(200, b"<html><body><p>No feed.</p></body></html>",
                                                 (("Content-Type", "text/html"),))
    with pytest.raises(InputError, match="no feed found"):
        add_source(corpus.server.url("/plain.html"))
    assert not Source.objects.exists()


def test_add_source_goes_through_the_guard(corpus, monkeypatch):
    monkeypatch.delenv("NEWSBRIEF_FETCH_ALLOW")
    with pytest.raises(AddressNotAllowed):
        add_source(corpus.server.url("/valleyledger.example/feed.xml"))


def test_the_add_source_command_prints_the_source_and_fails_cleanly(corpus):
    out = io.StringIO()
    call_command("add-source", corpus.server.url("/valleyledger.example/feed.xml"), "--min-interval", "3600",
                 stdout=out)
    assert "following Valley Ledger" in out.getvalue()
    assert Source.objects.get().min_interval == 3600
    with pytest.raises(CommandError) as error:
        call_command("add-source", "ftp://example.org/feed.xml")
    assert error.value.returncode == 2 and "not an http or https URL" in str(error.value)


def test_import_opml_follows_each_feed_once_and_refuses_what_is_not_http(corpus, tmp_path):
    path = tmp_path / "subs.opml"
    path.write_bytes(opml(corpus.feeds, extra='<outline type="rss" text="x" xmlUrl="file:///etc/passwd"/>'))
    report = import_opml(path)
    assert len(report.added) == 6 and report.existing == 0
    assert len(report.refused) == 1 and "file:///etc/passwd" in report.refused[0]
    assert corpus.server.requests == []  # nothing is fetched before the next poll
    again = import_opml(path)
    assert again.added == [] and again.existing == 6
    out = io.StringIO()
    call_command("import-opml", str(path), stdout=out)
    assert "added: 0  already followed: 6  refused: 1" in out.getvalue()


def test_a_malformed_opml_file_is_refused_whole(tmp_path):
    path = tmp_path / "bad.opml"
    path.write_bytes(b'<opml version="2.0"><body><outline xmlUrl="https://a.example/f.xml"/>')
    with pytest.raises(CommandError) as error:
        call_command("import-opml", str(path))
    assert error.value.returncode == 2 and str(path) in str(error.value)
    assert not Source.objects.exists()


def test_poll_and_sources_commands_print_counts_and_health(corpus):
    corpus.follow()
    corpus.server.routes["/gone.xml"] = Answer(500, b"")
    corpus.follow(corpus.server.url("/gone.xml"))
    out = io.StringIO()
    call_command("poll", stdout=out)
    assert "sources: 7" in out.getvalue() and "new: " in out.getvalue()
    assert "failed: " in out.getvalue() and "gone.xml: HTTP 500" in out.getvalue()
    out = io.StringIO()
    call_command("sources", stdout=out)
    table = out.getvalue()
    assert "Valley Ledger" in table and "HTTP 500" in table
    assert "last success" in table and "blocked" in table


@OWN_SQLITE_FILES
def test_run_serves_the_site_and_polls_in_the_same_process(corpus, tmp_path):
    env = {**os.environ, "NEWSBRIEF_DATABASE_URL": f"sqlite:///{tmp_path}/run.sqlite3",
           "NEWSBRIEF_FETCH_ALLOW": "127.0.0.0/8"}
    cli = [sys.executable, "-m", "newsbrief"]
    subprocess.run([*cli, "migrate", "-v0"], env=env, check=True)
    subprocess.run([*cli, "add-source", corpus.server.url("/valleyledger.example/feed.xml")], env=env, check=True,
                   capture_output=True)
    port = _free_port()
    process = subprocess.Popen([*cli, "run", "--port", str(port), "--workers", "1", "--poll-every", "1"], env=env,
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        _wait_for(f"http://127.0.0.1:{port}/", process, seconds=90)  # slow to boot on a loaded 2-core CI machine
        deadline = time.monotonic() + 60  # the first round starts once gunicorn is ready
        while "Storm Edda floods valley roads" not in (front := httpx.get(f"http://127.0.0.1:{port}/", timeout=5).text):
            assert time.monotonic() < deadline, front
            time.sleep(0.3)
    finally:
        process.terminate()
        process.wait(timeout=15)
    assert Article.objects.count() == 0  # it wrote its own database, not the test's


def test_the_admin_shows_each_source_s_health(corpus, admin_client):
    corpus.server.routes["/gone.xml"] = Answer(500, b"")
    (source,) = corpus.follow(corpus.server.url("/gone.xml"))
    call_command("poll", stdout=io.StringIO())
    listing = admin_client.get("/admin/newsbrief/source/").content.decode()
    assert "Consecutive failures" in listing and "Entries blocked" in listing
    page = admin_client.get(f"/admin/newsbrief/source/{source.pk}/change/").content.decode()
    assert "gone.xml: HTTP 500" in page and "Last success" in page


def test_sources_lists_every_source_and_says_which_are_followed(ingested_examples, corpus):
    (polled,) = corpus.follow(corpus.server.url("/valleyledger.example/feed.xml"))
    out = io.StringIO()
    call_command("sources", stdout=out)
    rows = {line.split("│")[1].strip(): line for line in out.getvalue().splitlines() if line.count("│") > 3}
    from_files = Source.objects.exclude(pk=polled.pk)
    assert from_files.count() >= 6
    for source in from_files:
        assert source.name in rows[str(source.pk)] and "no (ingest)" in rows[str(source.pk)]
    assert "yes (polled)" in rows[str(polled.pk)]
    assert sum(source.entries_new for source in from_files) == ingested_examples.new
    assert sum(source.entries_duplicate for source in from_files) == ingested_examples.duplicate


def test_a_source_page_shows_the_source_s_health(corpus, client):
    corpus.server.routes["/gone.xml"] = Answer(500, b"")
    (gone,) = corpus.follow(corpus.server.url("/gone.xml"))
    (ledger,) = corpus.follow(corpus.server.url("/valleyledger.example/feed.xml"))
    call_command("poll", stdout=io.StringIO())
    ledger.refresh_from_db()
    page = client.get(f"/sources/{gone.pk}/").content.decode()
    assert "Followed: polled" in page and "Last polled: <time" in page and "last success: never" in page
    assert "consecutive failures: 1" in page and "Last error: " in page and "gone.xml: HTTP 500" in page
    page = client.get(f"/sources/{ledger.pk}/").content.decode()
    assert f"Entries: {ledger.entries_new} new · 0 duplicate · 0 blocked · 0 failed" in page
    assert ledger.entries_new > 0 and "last success: <time" in page and "Last error" not in page
    call_command("ingest", str(EXAMPLES / "calderpost.example"), stdout=io.StringIO())
    read = Source.objects.get(url__startswith="file:")
    page = client.get(f"/sources/{read.pk}/").content.decode()
    assert read.entries_new > 0 and "Not followed: read by ingest" in page and "Last polled" not in page
    assert f"Entries: {read.entries_new} new" in page
