"""Read RSS and Atom feeds from bytes into entries (feedparser never sees a URL or a path)."""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import UTC, datetime

import feedparser
from feedparser.exceptions import CharacterEncodingOverride

from newsbrief.pipeline.errors import FeedError
from newsbrief.pipeline.types import Entry


@dataclass(frozen=True)
class Feed:
    """A parsed feed: the publication it belongs to and its entries."""

    title: str
    home_url: str
    entries: tuple[Entry, ...]


def _when(entry: dict) -> datetime | None:
    parsed = entry.get("published_parsed") or entry.get("updated_parsed")
    return datetime.fromtimestamp(calendar.timegm(parsed), tz=UTC) if parsed else None


def _authors(entry: dict) -> tuple[str, ...]:
    names = [a.get("name", "") for a in entry.get("authors", []) if a.get("name")]
    if not names and entry.get("author"):
        names = [entry["author"]]
    return tuple(names)


def _content(entry: dict) -> str:
    contents = entry.get("content") or []
    return max((c.get("value", "") for c in contents), key=len, default="") or entry.get("summary", "")


def parse_feed(data: bytes, origin: str) -> Feed:
    """Parse feed bytes; FeedError when they are not a feed newsbrief can read."""
    if not isinstance(data, bytes):
        raise TypeError("parse_feed takes the feed's bytes, never a URL or a path")
    parsed = feedparser.parse(data, sanitize_html=True, resolve_relative_uris=False)
    problem = parsed.get("bozo_exception")
    # A feed that is not well-formed may have lost entries silently: refuse it whole.
    # A charset declared wrongly but decoded anyway is fine.
    if parsed.bozo and not isinstance(problem, CharacterEncodingOverride):
        raise FeedError(f"{origin}: malformed feed: {problem}")
    if not parsed.get("version"):
        raise FeedError(f"{origin}: not an RSS, Atom or JSON feed")
    channel = parsed.feed
    title = channel.get("title", "")
    entries = tuple(
        Entry(
            url=e.get("link", ""),
            origin=origin,
            outlet=title,
            title=e.get("title", ""),
            authors=_authors(e),
            published=_when(e),
            feed_html=_content(e),
        )
        for e in parsed.entries
    )
    return Feed(title=title, home_url=channel.get("link", ""), entries=entries)
