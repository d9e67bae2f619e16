"""Ingest files from disk: read each source, brief its entries and store them, one article per transaction."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlsplit

from django.db.models import F

from newsbrief.pipeline.duplicates.keys import web_url
from newsbrief.pipeline.sources import disk as sources
from newsbrief.pipeline.errors import InputError
from newsbrief.pipeline.process import Options, process
from newsbrief.pipeline.types import Entry
from newsbrief.site.ingest.pipeline_setup import is_stored, pipeline_options
from newsbrief.site.models import Article, Source
from newsbrief.site.store import disk_full_is_storage_full, near_duplicate_index, outlet_source, store_article
from newsbrief.site.ingest.textpages import import_text


@dataclass
class IngestReport:
    """What one ingest run did: counts, and why each failure failed."""

    new: int = 0
    duplicate: int = 0  # exact copies (not stored again) and near-duplicate copies (stored, linked, not briefed)
    failed: list[str] = field(default_factory=list)  # each names where and why
    skipped: list[str] = field(default_factory=list)  # files in the folders of a suffix newsbrief does not read

    def fail(self, error: Exception) -> None:
        """Record one failed item; newsbrief's errors name the file or URL themselves."""
        self.failed.append(str(error))


Progress = Callable[[int, int, str], None]  # (items done, items in all, the item now read)
LATEST = datetime.max.replace(tzinfo=UTC)


@dataclass(frozen=True)
class _Item:
    """One thing to store: a feed entry or page (with its source), or a text brief's path."""

    label: str
    entry: Entry | None = None
    source: Source | None = None
    text: Path | None = None
    file_uri: str = ""  # a page file's: its source when the page names no URL of its own

    @property
    def when(self) -> datetime:
        return (self.entry.published if self.entry else None) or LATEST


def _source(url: str, name: str, home_url: str, kind: str) -> Source:
    home_url = web_url(home_url)
    domain = urlsplit(home_url).hostname or ""
    source, _ = Source.objects.get_or_create(
        url=url, defaults={"name": name or domain or url, "home_url": home_url, "domain": domain, "kind": kind}
    )
    return source


def _ingest_entry(entry: Entry, source: Source | None, report: IngestReport, index, options: Options,
                  file_uri: str = "") -> None:
    try:
        processed = process(entry, replace(options, body_mode=source.body_mode if source else "condensed"),
                            is_stored=is_stored)
    except InputError as error:
        report.fail(error)
        if source:
            _tally(source.pk, entries_failed=1)
        return
    article = processed.article
    if source is None:
        source = outlet_source(article.source_domain, article.outlet, Source.Kind.PAGE, where=file_uri)
    if processed.duplicate:  # the same text is stored already: nothing was briefed for it
        _count(report, None, source)
        return
    _count(report, store_article(article, processed.brief, source, index=index, enrichment=processed.enrichment),
           source)


def _count(report: IngestReport, stored: Article | None, source: Source | None) -> None:
    """Count one item in the report and in its source's health, as polling counts its entries."""
    new = bool(stored and not stored.duplicate_of_id)
    if new:
        report.new += 1
    else:
        report.duplicate += 1
    if source_id := (stored.source_id if stored else None) or (source.pk if source else None):
        _tally(source_id, **({"entries_new": 1} if new else {"entries_duplicate": 1}))
    if stored and stored.displaced:  # originals counted new that became copies of this article's group
        report.new -= len(stored.displaced)
        report.duplicate += len(stored.displaced)
        for original in stored.displaced:
            Source.objects.filter(pk=original.source_id, entries_new__gt=0).update(
                entries_new=F("entries_new") - 1, entries_duplicate=F("entries_duplicate") + 1)


def _tally(source_id: int, **counters: int) -> None:
    Source.objects.filter(pk=source_id).update(**{name: F(name) + n for name, n in counters.items()})


def _read(path: Path, kind: str) -> list[_Item]:
    """The items one file holds: a feed's entries, a page, or a text brief."""
    if kind == "text":
        return [_Item(str(path), text=path)]
    if kind == "page":
        return [_Item(str(path), entry=sources.read_page_file(path), file_uri=path.resolve().as_uri())]
    feed = sources.read_feed_file(path)
    source = _source(path.resolve().as_uri(), feed.title, feed.home_url, Source.Kind.FEED)
    return [_Item(entry.url or str(path), entry=entry, source=source) for entry in feed.entries]


@disk_full_is_storage_full()  # a source's row or counters may be the write that fills the disk
def ingest_paths(paths: list[Path], progress: Progress | None = None) -> IngestReport:
    """Ingest every feed, page and text file under the paths; a failing file never stops the others.

    Near-duplicates are linked across all sources: the earliest published is the original.
    """
    report = IngestReport()
    items: list[_Item] = []
    for found in sources.discover(paths):
        if found.kind == "other":
            report.skipped.append(found.refused)
            continue
        if found.refused:
            report.fail(InputError(found.refused))
            continue
        try:
            items.extend(_read(found.path, found.kind))
        except InputError as error:
            report.fail(error)
        except OSError as error:
            report.fail(InputError(f"{found.path}: cannot read ({error.strerror})"))
    # Stored oldest first, across all sources: the earliest copy becomes the original,
    # and stories grow in the order the news happened.
    items.sort(key=lambda item: item.when)
    index = near_duplicate_index()  # one per run, grown as articles are stored
    options = pipeline_options()
    for done, item in enumerate(items):
        if progress:
            progress(done, len(items), item.label)
        try:
            if item.text:
                _count(report, import_text(item.text, options), None)
            else:
                _ingest_entry(item.entry, item.source, report, index, options, item.file_uri)
        except InputError as error:
            report.fail(error)
    if progress:
        progress(len(items), len(items), "")
    return report
