"""Page generations: one per object a page shows, so that a write makes stale the cached pages it changed, no others.

A tag names what pages show (page_tags.py says which tags a write changes):
"article:<id>", "story:<id>", "thread:<id>", "entity:<id>", "source:<id>"; LISTS,
the pages that list the newest briefs (front page, latest feeds, search results,
the sources list, the about page); and SITE, which every page shows (a restore, an
editor's change the store cannot place). Each tag has a generation: a random token,
replaced by a fresh one whenever a write changes what the tag covers. A page is cached
with the generations of its tags as they were read before its data (site/web/caching.py)
and served again only while they are unchanged.

Tokens are only ever replaced by fresh random ones, never restored, so a lost or
overwritten generation (an evicted key, a write racing another) can make a page
stale needlessly, never make a stale one current. A tag read with no generation yet
gets a fresh one, which the page then carries.

Where the generations are kept, for every process and command to share:
- by default in a file of 8-byte slots beside the SQLite database (in var/ for
  PostgreSQL), one slot per tag hash (2^20 slots, 8 MiB, sparse): every worker and
  command on this host reads it; two tags sharing a slot only invalidate together;
- with NEWSBRIEF_CACHE_URL, in that shared cache (Redis; settings.py names the
  "page-generations" cache), so that every web server agrees.
"""

from __future__ import annotations

import functools
import hashlib
import os
import re
import secrets
import tempfile
from collections.abc import Iterable
from pathlib import Path

from django.conf import settings
from django.core.cache import caches
from django.db import transaction

SITE = "site"
LISTS = "lists"
KINDS = ("article", "story", "thread", "entity", "source")
GENERATIONS_ALIAS = "page-generations"
GENERATIONS_DIR = Path("var")
SLOTS = 1 << 20
_ABSENT = bytes(8)


def tag(kind: str, pk) -> str:
    """The tag of one object that pages show: kind is one of KINDS."""
    if kind not in KINDS:
        raise ValueError(f"page tag: unknown kind {kind!r} (one of {', '.join(KINDS)})")
    return f"{kind}:{pk}"


def generation_file() -> Path:
    """The generations' file, one per database: beside a SQLite database file; for an in-memory one (tests), one
    per process, as its database is; else in var/, named after the database."""
    database = settings.DATABASES["default"]
    name = str(database.get("NAME") or "")
    if not database["ENGINE"].endswith("sqlite3"):
        return GENERATIONS_DIR / f"{re.sub(r'[^A-Za-z0-9_.-]', '_', name)}.page-generations"
    if name and name != ":memory:" and not name.startswith("file:") and "mode=memory" not in name:
        return Path(name + ".page-generations")
    return Path(tempfile.gettempdir()) / f"newsbrief-in-memory-{os.getpid()}.page-generations"


def generations(tags: Iterable[str]) -> tuple[str, ...]:
    """The current generation of each tag, in order; a tag without one is given a fresh one."""
    tags = tuple(tags)
    if GENERATIONS_ALIAS in settings.CACHES:
        return _cache_generations(tags)
    return _file_generations(generation_file(), tags)


def invalidate(*tags: str) -> None:
    """Make the pages that show these tags stale: at once, and again once the transaction commits.

    At once, so that no page rendered from here to the commit is kept as current in
    any process (this one's own reads see the write already); again after the commit,
    because a page rendered in between showed the data as it was before it.
    """
    tags = tuple(dict.fromkeys(tags))
    if not tags:
        return
    _change(tags)
    transaction.on_commit(lambda: _change(tags))


def invalidate_everything() -> None:
    """Make every cached page stale, in every process (a restore, a change no tag describes)."""
    invalidate(SITE)


def _change(tags: tuple[str, ...]) -> None:
    if GENERATIONS_ALIAS in settings.CACHES:
        cache = caches[GENERATIONS_ALIAS]
        cache.set_many({tag: secrets.token_hex(8) for tag in tags})
    else:
        fd = _open(generation_file())
        for slot in sorted({_slot(tag) for tag in tags}):
            os.pwrite(fd, _fresh_token(), slot * 8)


def _cache_generations(tags: tuple[str, ...]) -> tuple[str, ...]:
    cache = caches[GENERATIONS_ALIAS]
    found = cache.get_many(tags)
    if missing := {tag: secrets.token_hex(8) for tag in tags if tag not in found}:
        cache.set_many(missing)
        found.update(missing)
    return tuple(found[tag] for tag in tags)


def _file_generations(path: Path, tags: tuple[str, ...]) -> tuple[str, ...]:
    fd = _open(path)
    out = []
    for tag in tags:
        offset = _slot(tag) * 8
        token = os.pread(fd, 8, offset)
        if token == _ABSENT or len(token) < 8:
            token = _fresh_token()
            os.pwrite(fd, token, offset)
        out.append(token.hex())
    return tuple(out)


def _slot(tag: str) -> int:
    return int.from_bytes(hashlib.blake2b(tag.encode(), digest_size=8).digest(), "little") % SLOTS


def _fresh_token() -> bytes:
    while (token := secrets.token_bytes(8)) == _ABSENT:
        pass
    return token


@functools.cache
def _open(path: Path) -> int:
    """The file's descriptor, opened once per process (pread and pwrite need no shared position)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    if os.fstat(fd).st_size < SLOTS * 8:
        os.ftruncate(fd, SLOTS * 8)  # sparse: slots never written take no disk
    return fd
