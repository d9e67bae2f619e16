"""Fixtures for read-mostly tests: a corpus ingested once per module, rolled back after it."""

from pathlib import Path

import pytest
from django.db import transaction

from newsbrief.site.ingest.from_files import ingest_paths
from tests.conftest import EXAMPLES


def module_corpus(*paths: Path):
    """A module-scoped fixture that ingests paths once; each test's own writes roll back to that state."""

    @pytest.fixture(scope="module")
    def corpus(django_db_setup, django_db_blocker):
        with django_db_blocker.unblock():
            # Each test runs in a savepoint inside this transaction, so ingesting once is enough.
            atomic = transaction.atomic()
            atomic.__enter__()
            try:
                ingest_paths(list(paths))
                yield
            finally:
                transaction.set_rollback(True)
                atomic.__exit__(None, None, None)

    return corpus


sample_corpus = module_corpus(EXAMPLES)
# Two outlets and the text briefs: enough for every list to have items, a fraction of the ingest time.
small_corpus = module_corpus(EXAMPLES / "valleyledger.example", EXAMPLES / "www.harbourgazette.example", EXAMPLES / "text")
