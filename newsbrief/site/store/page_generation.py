"""The page cache's generation: what a write changes so that no page rendered before it is served again.

Pages are cached per process (site/web/caching.py) under a key that holds two
generations: this process's own, changed at once by a write, and the shared one,
a small file beside the SQLite database (or var/page-cache-generation) that every
worker and command reads, changed once the write's transaction commits. The store
changes both after each of its writes, whichever path they came by; the web's
signal receivers and the admin's bulk moderation change them after any other write.
"""

from __future__ import annotations

import itertools
import os
import secrets
from pathlib import Path

from django.conf import settings
from django.db import transaction

DEFAULT_GENERATION_FILE = Path("var/page-cache-generation")

_local = itertools.count()
_local_generation = next(_local)


def generation_file() -> Path:
    """The shared generation's file: beside a SQLite database file (one per database), else var/."""
    database = settings.DATABASES["default"]
    name = str(database.get("NAME") or "")
    if database["ENGINE"].endswith("sqlite3") and name and name != ":memory:" and not name.startswith("file:"):
        return Path(name + ".page-generation")
    return DEFAULT_GENERATION_FILE


def shared_generation() -> str:
    """The generation all processes share; '' when none was written yet."""
    try:
        return generation_file().read_text()
    except OSError:
        return ""


def local_generation() -> int:
    """This process's generation."""
    return _local_generation


def bump_shared() -> None:
    """Change the shared generation: every process's cached pages become stale."""
    path = generation_file()
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f"{path.name}.{os.getpid()}.{secrets.token_hex(4)}")
    temporary.write_text(secrets.token_hex(8))
    os.replace(temporary, path)  # atomic: a reader sees the old value or the new one


def bump_local() -> None:
    """Change this process's generation (its pages become stale now, before the write commits)."""
    global _local_generation
    _local_generation = next(_local)


def invalidate() -> None:
    """Make every cached page stale: in this process now, in every process once the transaction commits."""
    bump_local()
    transaction.on_commit(_after_commit)


def _after_commit() -> None:
    bump_local()  # again: a page rendered between the write and its commit showed the old data
    bump_shared()
