"""A full disk under the database, told apart from other database errors and named plainly."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from django.db import OperationalError

from newsbrief.pipeline.errors import StorageFull

DISK_FULL_SQLSTATE = "53100"  # PostgreSQL's disk_full
SQLITE_FULL = "database or disk is full"  # SQLite's message for SQLITE_FULL


def is_disk_full(error: BaseException) -> bool:
    """Whether a database error says the disk is full (SQLite or PostgreSQL)."""
    cause = error.__cause__
    return SQLITE_FULL in str(error) or getattr(cause, "sqlstate", None) == DISK_FULL_SQLSTATE


@contextmanager
def disk_full_is_storage_full() -> Iterator[None]:
    """Turn a full disk during a store write into StorageFull; the write's transaction has rolled back by then."""
    try:
        yield
    except OperationalError as error:
        if not is_disk_full(error):
            raise
        raise StorageFull(
            "the disk holding the database is full: what was being stored was rolled back whole;"
            " free some space and run the same command again to go on where it stopped"
        ) from error
