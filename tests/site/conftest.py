"""Fixtures shared by the site's tests: articles and corpora, stored the way the site stores them."""

from pathlib import Path

import pytest
from django.db import connection, transaction
from django.test import Client

from newsbrief.pipeline import types
from newsbrief.pipeline.duplicates.keys import content_hash
from newsbrief.site.ingest.from_files import ingest_paths
from newsbrief.site.ingest.textpages import import_text
from newsbrief.site.store import store_article
from tests.conftest import EXAMPLES


@pytest.fixture
def article(ferry_brief):
    """The ferry brief (tests/fixtures), imported as one published article."""
    return import_text(ferry_brief)


@pytest.fixture
def ingested_examples():
    """The sample corpus (examples/) ingested into this test's database; the ingest's report."""
    return ingest_paths([EXAMPLES])


@pytest.fixture
def store_text():
    """Store a made-up article of this text, with a one-sentence brief, through the store: its row, or None."""

    def store(text: str, url: str = "https://a.example/x.html", domain: str = "a.example"):
        article = types.Article(url=url, canonical_url=url, title="A title", text=text, source_domain=domain,
                                content_hash=content_hash(text))
        brief = types.Brief(lead=(types.BriefSentence("Lead."),), closing=(types.BriefSentence("In summary, x."),))
        return store_article(article, brief, None)

    return store


def analyze() -> None:
    """Planner statistics for the rows just written, as a live PostgreSQL's autovacuum keeps them.

    Autovacuum cannot see the rows of a test's open transaction, so without this the
    planner works from whatever an earlier test left and may pick a plan of minutes for a
    query of milliseconds (a whole static export took ten times as long late in the suite).
    SQLite's planner statistics come from migration 0013.
    """
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


def module_corpus(*paths: Path):
    """A module-scoped fixture for read-mostly tests: paths ingested once, each test's own writes rolled back.

    Its value is the ingest's report.
    """

    @pytest.fixture(scope="module")
    def corpus(django_db_setup, django_db_blocker):
        with django_db_blocker.unblock():
            # Each test runs in a savepoint inside this transaction, so ingesting once is enough.
            atomic = transaction.atomic()
            atomic.__enter__()
            try:
                report = ingest_paths(list(paths))
                analyze()
                yield report
            finally:
                transaction.set_rollback(True)
                atomic.__exit__(None, None, None)

    return corpus


sample_corpus = module_corpus(EXAMPLES)
# Two outlets and the text briefs: enough for every list to have items, a fraction of the ingest time.
small_corpus = module_corpus(
    EXAMPLES / "valleyledger.example", EXAMPLES / "www.harbourgazette.example", EXAMPLES / "text"
)


def reader_get(url: str):
    """A GET by a new reader: no cookies at all, so the page cache may answer."""
    return Client(enforce_csrf_checks=True).get(url)
