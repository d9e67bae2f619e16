"""The workers' side of a poll round: fetch feeds, robots.txt and pages politely; never the database.

Each worker polls one source: a conditional GET of its feed, then each new or
changed entry's page (when robots.txt allows), handed over in the feed's order
to the main thread, which stores them (site/ingest/polling.py); the source's end comes
last. Requests go through the guarded client, at most `per_host` at once per host.
"""

from __future__ import annotations

import hashlib
import logging
import queue
import threading
from collections.abc import Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from urllib.parse import urlsplit

from newsbrief.pipeline.fetching import fetch
from newsbrief.pipeline.fetching import robots
from newsbrief.pipeline.errors import FetchError, InputError
from newsbrief.pipeline.sources.feeds import parse_feed
from newsbrief.pipeline.types import Entry

log = logging.getLogger(__name__)

# How many fetched entries may wait for the main thread: bounds memory (pages are up to 10 MiB).
QUEUE_SIZE = 16


@dataclass(frozen=True)
class Job:
    """What a worker needs to poll one source, read beforehand in the main thread."""

    source_id: int
    url: str
    etag: str
    last_modified: str
    known: Mapping[str, str]  # entry key -> fingerprint of the entries already handled


@dataclass(frozen=True)
class Fetched:
    """One new or changed entry; when its page could be read, the entry holds the page's bytes and HTTP status."""

    job: Job
    entry: Entry
    key: str
    fingerprint: str
    note: str = ""  # why the page was not read
    transient: bool = False  # the page's fetch failed: worth another try at the next poll


@dataclass(frozen=True)
class FeedDone:
    """The end of one source's turn: how the feed answered, after all its entries were handed over."""

    job: Job
    status: int | None  # None: no answer at all
    headers: Mapping[str, str] = field(default_factory=dict)
    error: str = ""
    parsed: bool = False  # a feed was read: its validators may be saved
    title: str = ""
    home_url: str = ""


class Round:
    """What the workers of one round share: host limits, the robots.txt cache and the hand-over queue."""

    def __init__(self, policy: fetch.FetchPolicy, per_host: int):
        self.policy, self._per_host = policy, per_host
        self.results: queue.Queue = queue.Queue(maxsize=QUEUE_SIZE)
        self.stop = threading.Event()
        self._lock = threading.Lock()
        self._hosts: dict[str, threading.Semaphore] = {}
        self._robots: dict[str, robots.RobotsRules] = {}
        self._robots_locks: dict[str, threading.Lock] = {}

    @contextmanager
    def _host(self, url: str):
        host = (urlsplit(url).hostname or "").lower()
        with self._lock:
            limit = self._hosts.setdefault(host, threading.Semaphore(self._per_host))
        with limit:
            yield

    def get(self, url: str, **options) -> fetch.Response:
        """GET through the guard, holding one of the host's slots."""
        with self._host(url):
            return fetch.fetch(url, policy=self.policy, **options)

    def allowed(self, url: str) -> bool:
        """Whether robots.txt lets us fetch the page; read once per host and round."""
        where = robots.robots_url(url)
        with self._lock:
            lock = self._robots_locks.setdefault(where, threading.Lock())
        with lock:  # one fetch of a robots.txt, however many workers ask at once
            if where not in self._robots:
                try:
                    answer = self.get(where, raise_for_status=False)
                    self._robots[where] = robots.RobotsRules.from_response(answer.status, answer.body)
                except FetchError:
                    self._robots[where] = robots.RobotsRules.from_response(None, b"")  # unreachable: disallow
        return self._robots[where].allows(url)

    def hand_over(self, item) -> bool:
        """Queue an item for the main thread; False once the round is stopping."""
        while not self.stop.is_set():
            try:
                self.results.put(item, timeout=0.2)
                return True
            except queue.Full:
                continue
        return False


def _entry_key(entry: Entry) -> str:
    return entry.url or f"#{_fingerprint(entry)}"


def _fingerprint(entry: Entry) -> str:
    """A hash of what the feed says about an entry: when it changes, the entry is read again."""
    when = entry.published.isoformat() if entry.published else ""
    parts = "\x1f".join((entry.url, entry.title, when, entry.feed_html))
    return hashlib.sha256(parts.encode("utf-8", "surrogatepass")).hexdigest()


def _header(value: str) -> str | bytes:
    # Validators go back exactly as they came; httpx would refuse a non-ASCII str.
    return value if value.isascii() else value.encode("utf-8", "surrogateescape")


def _read_page(job: Job, entry: Entry, key: str, fingerprint: str, rnd: Round) -> Fetched:
    """The entry with its page's bytes, unless robots.txt forbids reading it or the fetch fails."""
    fetched = Fetched(job, entry, key, fingerprint)
    if urlsplit(entry.url).scheme not in ("http", "https"):
        return replace(fetched, note=f"{entry.url or 'no link'}: not an http(s) page")
    try:
        if not rnd.allowed(entry.url):
            return replace(fetched, note=f"{entry.url}: robots.txt disallows fetching the page")
        answer = rnd.get(entry.url, raise_for_status=False)  # a block page often comes as a 403 or 503
    except FetchError as error:
        return replace(fetched, note=str(error), transient=True)
    return replace(fetched, entry=replace(entry, page=answer.body, page_status=answer.status))


def poll_feed(job: Job, rnd: Round) -> None:
    """A worker's turn at one source: fetch its feed, hand over each new or changed entry, then the end."""
    done = FeedDone(job, None, error=f"{job.url}: the round stopped")
    try:
        if rnd.stop.is_set():
            return
        headers = {}
        if job.etag:
            headers["If-None-Match"] = _header(job.etag)
        if job.last_modified:
            headers["If-Modified-Since"] = _header(job.last_modified)
        try:
            answer = rnd.get(job.url, headers=headers, raise_for_status=False)
        except FetchError as error:
            done = FeedDone(job, None, error=str(error))
            return
        done = FeedDone(job, answer.status, answer.headers)
        if answer.status == 304:
            return
        if not 200 <= answer.status < 300:
            done = replace(done, error=f"{job.url}: HTTP {answer.status}")
            return
        try:
            feed = parse_feed(answer.body, job.url)
        except InputError as error:
            done = replace(done, error=str(error))
            return
        handled: set[str] = set()
        for entry in feed.entries:
            key, fingerprint = _entry_key(entry), _fingerprint(entry)
            if job.known.get(key) == fingerprint or key in handled:
                continue
            handled.add(key)
            if not rnd.hand_over(_read_page(job, entry, key, fingerprint, rnd)):
                done = FeedDone(job, None, error=f"{job.url}: the round stopped")
                return
        done = replace(done, parsed=True, title=feed.title, home_url=feed.home_url)
    except Exception as error:  # a bug must not stop the other sources; it is logged and recorded
        log.exception("polling %s", job.url)
        done = FeedDone(job, None, error=f"{job.url}: internal error: {error!r}")
    finally:
        rnd.hand_over(done)
