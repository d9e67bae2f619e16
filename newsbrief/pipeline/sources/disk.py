"""Find what to ingest on disk: feed files (with the pages they link to), HTML pages and text briefs."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from urllib.parse import unquote, urlsplit

from newsbrief.pipeline.errors import InputError
from newsbrief.pipeline.sources.feeds import Feed, parse_feed
from newsbrief.pipeline.types import Entry

FEED_SUFFIXES = {".xml", ".rss", ".atom", ".json"}  # .json: a JSON Feed
PAGE_SUFFIXES = {".html", ".htm"}
TEXT_SUFFIXES = {".txt"}
WHAT_IS_READ = "feeds (.xml, .rss, .atom, .json), pages (.html, .htm) and text briefs (.txt)"


@dataclass(frozen=True)
class SourceFile:
    """One file to ingest and what kind of file it is."""

    path: Path
    kind: str  # "feed", "page", "text", or "other": a file in a folder of a suffix newsbrief does not read
    refused: str = ""  # why the file is not to be read (a link out of its folder, its suffix); empty when it is


def _kind(path: Path) -> str | None:
    suffix = path.suffix.lower()
    if suffix in FEED_SUFFIXES:
        return "feed"
    if suffix in PAGE_SUFFIXES:
        return "page"
    if suffix in TEXT_SUFFIXES:
        return "text"
    return None


def _suffix(path: Path) -> str:
    return f"'{path.suffix}'" if path.suffix else "suffix-less"


def local_page(feed_path: Path, url: str) -> Path | None:
    """The file that mirrors a feed link: its URL path under the feed's folder, if that file exists.

    A folder of feed files is laid out as a mirror of the outlet's web root, so a link
    https://host/news/a.html from host/feed.xml is read from host/news/a.html.
    """
    root = feed_path.parent.resolve()
    path = unquote(urlsplit(url).path).lstrip("/")
    if not path:
        return None
    candidate = (root / path).resolve()
    if not candidate.is_relative_to(root) or not candidate.is_file():
        return None  # never read outside the feed's folder, whatever the link says
    return candidate


def discover(paths: list[Path]) -> list[SourceFile]:
    """The files under the given paths, in a stable order; pages that a feed links to are left out.

    A link in a folder to a file outside it comes back refused, with the reason, so
    that the caller reports it and reads the rest: a folder is ingested, not what it points to.
    So does a file in a folder of a suffix newsbrief does not read (kind "other"), for the
    caller to say what it left out; a file of such a suffix named on its own is an InputError.
    """
    found: list[SourceFile] = []
    for path in paths:
        if not path.exists():
            raise InputError(f"{path}: no such file or folder")
        if not path.is_dir():  # a file named on its own is read, link or not: its reader chose it
            if not (kind := _kind(path)):
                raise InputError(f"{path}: newsbrief does not read {_suffix(path)} files; it reads {WHAT_IS_READ}")
            found.append(SourceFile(path, kind))
            continue
        root = path.resolve()
        for file in sorted(p for p in path.rglob("*") if p.is_file()):
            if not (kind := _kind(file)):
                found.append(SourceFile(file, "other", f"{file}: not read ({_suffix(file)} file)"))
                continue
            inside = file.resolve().is_relative_to(root)
            found.append(SourceFile(file, kind, "" if inside else f"{file}: a link to a file outside {path}; not read"))
    linked: set[Path] = set()
    for source in found:
        if source.kind == "feed" and not source.refused:
            linked.update(_linked_pages(source.path))
    return [s for s in found if not (s.kind == "page" and s.path.resolve() in linked)]


def _linked_pages(feed_path: Path) -> Iterator[Path]:
    try:
        feed = parse_feed(feed_path.read_bytes(), str(feed_path))
    except InputError:
        return
    for entry in feed.entries:
        if page := local_page(feed_path, entry.url):
            yield page


def read_feed_file(path: Path) -> Feed:
    """A feed file's entries, each with its page's bytes when the mirror has the page."""
    feed = parse_feed(path.read_bytes(), str(path))
    entries = []
    for entry in feed.entries:
        page = local_page(path, entry.url)
        entries.append(entry if page is None else replace(entry, page=page.read_bytes()))
    return Feed(feed.title, feed.home_url, tuple(entries))


def read_page_file(path: Path) -> Entry:
    """A standalone HTML file as an entry; its URL comes from the page's own metadata."""
    return Entry(url="", origin=str(path), page=path.read_bytes())
