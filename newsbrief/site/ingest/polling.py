"""One poll round over the sources that are due: fetch politely, brief each new entry, store it, keep health.

Workers fetch (feeds, robots.txt, article pages: pipeline/fetching/rounds.py) in a thread
pool, at most NEWSBRIEF_POLL_HOST_CONCURRENCY requests at once per host; they never
touch the database. The main thread briefs and stores what they hand over, one entry per
transaction, in the order each source listed them. A source's validators (ETag,
Last-Modified) and its next poll are saved only after all of its entries are
stored, so a round killed at any point is simply done again, skipping what is
already stored: entries are recorded by key and fingerprint in SourceEntry.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from urllib.parse import urlsplit

from django.db import connections, transaction
from django.db.models import F, Q
from django.utils import timezone

from newsbrief import config
from newsbrief.pipeline.fetching import fetch
from newsbrief.pipeline.fetching import politeness
from newsbrief.pipeline.duplicates.keys import web_url
from newsbrief.pipeline.errors import BlockedPageError, InputError
from newsbrief.pipeline.process import Options, Processed, blocked_article, process
from newsbrief.pipeline.fetching.rounds import FeedDone, Fetched, Job, Round, poll_feed
from newsbrief.site.ingest.pipeline_setup import is_stored, pipeline_options
from newsbrief.site.ingest.round_record import record_round
from newsbrief.site.models import Article, Source, SourceEntry
from newsbrief.site.store import near_duplicate_index, store_article
from newsbrief.site.store.page_generation import SITE, invalidate, tag
from newsbrief.site.store.planner_statistics import refresh_if_grown

log = logging.getLogger(__name__)

Progress = Callable[[int, int, str], None]  # (sources done, sources due, the source just done)

RETRY = "retry"  # not a SourceEntry.Outcome: nothing is recorded, the entry is read again next poll
PAGE_NOT_FETCHED = "page not fetched, briefed from the feed text: "
_COUNTERS = {
    SourceEntry.Outcome.NEW: "entries_new",
    SourceEntry.Outcome.REVISION: "entries_new",
    SourceEntry.Outcome.DUPLICATE: "entries_duplicate",
    SourceEntry.Outcome.BLOCKED: "entries_blocked",
    SourceEntry.Outcome.FAILED: "entries_failed",
}


@dataclass
class PollReport:
    """What one round did: sources polled, entries stored by outcome, and why each failure failed."""

    sources: int = 0
    not_modified: int = 0
    new: int = 0
    duplicate: int = 0
    blocked: int = 0
    failed_sources: int = 0
    failed: list[str] = field(default_factory=list)  # sources and entries; each names where and why

    def count(self, outcome: str, error: str, displaced: int = 0) -> None:
        """Count one entry's outcome, and the originals it made copies (they were counted new)."""
        self.new -= displaced
        self.duplicate += displaced
        if outcome in (SourceEntry.Outcome.NEW, SourceEntry.Outcome.REVISION):
            self.new += 1
        elif outcome == SourceEntry.Outcome.DUPLICATE:
            self.duplicate += 1
        elif outcome == SourceEntry.Outcome.BLOCKED:
            self.blocked += 1
        else:
            self.failed.append(error)


def _store_entry(item: Fetched, source: Source, index, options: Options) -> tuple[str, str, int]:
    """Run one entry through the pipeline and store it in its own transaction, with its record and counters.

    Returns the outcome, the error (when it failed, or why its page was not read) and how
    many originals became its copies. RETRY: nothing was kept (a page that could not be
    fetched and no feed text to fall back on, a bug, a locked database), so the entry is
    read again at the next poll.
    """
    entry = item.entry
    processed, reason, error = None, "", ""
    try:
        processed = process(entry, replace(options, body_mode=source.body_mode), is_stored=is_stored)
        if item.transient:  # briefed all the same, but the failed fetch belongs in the source's health
            error = f"{PAGE_NOT_FETCHED}{item.note}"
    except BlockedPageError as blocked:  # extraction decides: the page, or its error status, says so
        reason = blocked.reason
    except InputError as failure:
        error = f"{failure} ({item.note})" if item.note else str(failure)
        if item.transient:
            return RETRY, error, 0
    except Exception as failure:  # a bug in one entry must not stop the round
        log.exception("briefing %s", entry.url)
        return RETRY, f"{entry.url}: internal error: {failure!r}", 0
    try:
        return _record(item, source, index, processed, reason, error)
    except Exception as failure:  # nothing of the entry was kept: the transaction rolled back
        log.exception("storing %s", entry.url)
        return RETRY, f"{entry.url}: not stored: {failure!r}", 0


def _record(item: Fetched, source: Source, index, processed: Processed | None, reason: str,
            error: str) -> tuple[str, str, int]:
    """The transaction of one entry: its article (or none), its record, the source's counters."""
    entry = item.entry
    with transaction.atomic():
        row = None
        if reason:
            row = store_article(blocked_article(entry), None, source, blocked_reason=reason)
            outcome = SourceEntry.Outcome.BLOCKED
        elif processed is None:
            outcome = SourceEntry.Outcome.FAILED
        elif processed.duplicate:  # the same text is stored already: nothing was briefed for it
            outcome = SourceEntry.Outcome.DUPLICATE
        else:
            row = store_article(processed.article, processed.brief, source, index=index,
                                enrichment=processed.enrichment)
            outcome = _outcome(row)
        _, created = SourceEntry.objects.update_or_create(
            source=source,
            key=item.key,
            defaults={"fingerprint": item.fingerprint, "outcome": outcome, "article": row,
                      "error": error or (f"blocked: {reason}" if reason else "")},
        )
        counters = {_COUNTERS[outcome]: F(_COUNTERS[outcome]) + 1}
        if created:
            counters["entries_seen"] = F("entries_seen") + 1
        Source.objects.filter(pk=source.pk).update(**counters)
        if row is not None and row.displaced:
            _now_copies(row.displaced)
    return outcome, error, len(row.displaced) if row is not None else 0


def _now_copies(articles: list[Article]) -> None:
    """Count entries stored as new originals that have since become copies as duplicates."""
    entries = SourceEntry.objects.filter(article__in=articles, outcome=SourceEntry.Outcome.NEW)
    for entry in entries:
        Source.objects.filter(pk=entry.source_id, entries_new__gt=0).update(
            entries_new=F("entries_new") - 1, entries_duplicate=F("entries_duplicate") + 1
        )
    entries.update(outcome=SourceEntry.Outcome.DUPLICATE)


def _outcome(row: Article | None) -> str:
    if row is None or row.duplicate_of_id:
        return SourceEntry.Outcome.DUPLICATE
    return SourceEntry.Outcome.REVISION if row.revision > 1 else SourceEntry.Outcome.NEW


def min_interval(source: Source) -> timedelta:
    """The shortest time between two polls of the source."""
    if source.min_interval:
        return timedelta(seconds=source.min_interval)
    return timedelta(seconds=config.value("NEWSBRIEF_POLL_MIN_INTERVAL"))


def _finish_source(source: Source, done: FeedDone, now: datetime, retry: str = "", page_error: str = "") -> None:
    """Save how the source answered: next poll, health, and (after a parsed feed) its validators.

    retry: why some entries are to be read again; the validators are then kept as
    they were, or a 304 would hide those entries. page_error: a page that could not
    be fetched, its entry briefed from the feed text. last_error is the latest round's
    problem, empty after a round without one.
    """
    failures = source.consecutive_failures + 1 if done.error else 0
    fields = {
        "last_polled": now,
        "consecutive_failures": failures,
        "next_poll": politeness.next_poll(
            now, status=done.status, headers=done.headers, failures=failures, min_interval=min_interval(source)
        ),
    }
    fields["last_error"] = done.error or retry or page_error
    if not done.error:
        fields["last_success"] = now
    if done.parsed and not retry:
        fields["etag"] = done.headers.get("etag", "")
        fields["last_modified"] = done.headers.get("last-modified", "")
        home = web_url(done.home_url)
        if home and not source.home_url:
            fields.update(home_url=home, domain=urlsplit(home).hostname or source.domain)
        if done.title and source.name in ("", source.domain, source.url):
            fields["name"] = done.title[:300]
    Source.objects.filter(pk=source.pk).update(**fields)
    # Its page shows its health; a new name shows wherever its briefs do (once per source: every page).
    invalidate(SITE if fields.get("name", source.name) != source.name else tag("source", source.pk))


def due_sources(now: datetime) -> list[Source]:
    """The web sources whose next poll has come."""
    web = Q(url__startswith="http://") | Q(url__startswith="https://")
    due = Q(next_poll__isnull=True) | Q(next_poll__lte=now)
    return list(Source.objects.filter(web, due, kind=Source.Kind.FEED).order_by("next_poll", "pk"))


def _jobs(sources: list[Source]) -> list[Job]:
    known: dict[int, dict[str, str]] = {s.pk: {} for s in sources}
    rows = SourceEntry.objects.filter(source__in=sources).values_list("source_id", "key", "fingerprint")
    for source_id, key, fingerprint in rows.iterator(chunk_size=2000):
        known[source_id][key] = fingerprint
    return [Job(s.pk, s.url, s.etag, s.last_modified, known[s.pk]) for s in sources]


def poll(
    *, now: datetime | None = None, policy: fetch.FetchPolicy | None = None, progress: Progress | None = None
) -> PollReport:
    """Poll every due source once; a failing source or entry is recorded and never stops the others."""
    started = time.monotonic()
    now = now or timezone.now()
    policy = policy or config.fetch_policy()
    sources = due_sources(now)
    by_id = {s.pk: s for s in sources}
    report = PollReport(sources=len(sources))
    if not sources:
        return report
    jobs = _jobs(sources)
    index = near_duplicate_index()
    options = pipeline_options()  # once a round: the settings and the alias table as the round begins
    rnd = Round(policy, config.value("NEWSBRIEF_POLL_HOST_CONCURRENCY"))
    workers = min(config.value("NEWSBRIEF_POLL_WORKERS"), len(jobs))
    finished, retry, page_errors = 0, {}, {}
    if progress:
        progress(0, len(jobs), "")
    with ThreadPoolExecutor(max_workers=workers, thread_name_prefix="poll") as pool:
        try:
            for job in jobs:
                pool.submit(poll_feed, job, rnd)
            while finished < len(jobs):
                item = rnd.results.get()
                source = by_id[item.job.source_id]
                if isinstance(item, FeedDone):
                    _finish_source(source, item, now, retry.get(source.pk, ""), page_errors.get(source.pk, ""))
                    report.not_modified += item.status == 304
                    if item.error:
                        report.failed_sources += 1
                        report.failed.append(item.error)
                    finished += 1
                    if progress:
                        progress(finished, len(jobs), source.name)
                else:
                    outcome, error, displaced = _store_entry(item, source, index, options)
                    report.count(outcome, error, displaced)
                    if outcome == RETRY:
                        retry.setdefault(source.pk, error)
                    elif error.startswith(PAGE_NOT_FETCHED):
                        page_errors.setdefault(source.pk, error)
        finally:
            rnd.stop.set()  # on an error or Ctrl-C here, workers stop at their next hand-over
            pool.shutdown(cancel_futures=True)
    record_round(timezone.now(), time.monotonic() - started, len(jobs))  # for /metrics, in whatever process serves it
    if report.new:
        refresh_if_grown()  # a site that grows by polling alone gets planner statistics too
    return report


class Poller:
    """Runs a poll round every few seconds in a background thread: `newsbrief run` serves and polls at once."""

    def __init__(self, every: float, say: Callable[[str], None] = print):
        self.every, self._say = every, say
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop, name="newsbrief-poller", daemon=True)

    def start(self) -> None:
        """Start polling, the first round at once."""
        self._thread.start()

    def stop(self, wait: float = 10) -> None:
        """Stop after the round in progress."""
        self._stop.set()
        if self._thread.is_alive():
            self._thread.join(wait)

    def _loop(self) -> None:
        while not self._stop.is_set():
            try:
                report = poll()
                if report.sources:
                    self._say(f"poll: {summary(report)}")
            except Exception:  # the site keeps serving; the next round tries again
                log.exception("poll round failed")
            finally:
                connections.close_all()  # this thread's connections only
            self._stop.wait(self.every)


def summary(report: PollReport) -> str:
    """One line of a round's counts."""
    return (
        f"sources: {report.sources}  not modified: {report.not_modified}  new: {report.new}  "
        f"duplicate: {report.duplicate}  blocked: {report.blocked}  failed: {len(report.failed)}"
    )
