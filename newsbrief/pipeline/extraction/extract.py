"""Turn an entry's page (or, failing that, its feed content) into an article's text and metadata.

This is the one place that decides whether a page is a block page (consent wall,
captcha, bot challenge): `extract` raises BlockedPageError for one, whatever path
the entry came by. The keys that recognise copies are not set here but by the
next step (`pipeline/process.py`, with `duplicates/keys.py`).
"""

from __future__ import annotations

import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from urllib.parse import urlsplit

import lxml.etree
import lxml.html
import trafilatura
from trafilatura.settings import set_date_params

from newsbrief.pipeline.extraction import main_text
from newsbrief.pipeline.extraction.blocked import block_reason, count_words
from newsbrief.pipeline.extraction.headline import without_headline
from newsbrief.pipeline.extraction.page_facts import page_title, page_url
from newsbrief.pipeline.duplicates.keys import web_url
from newsbrief.pipeline.fetching.charsets import page_text
from newsbrief.pipeline.errors import BlockedPageError, ExtractionError
from newsbrief.pipeline.types import Article, Entry

# The feed's own text replaces the page's when the page gives less than this share of
# it: extraction then most likely caught a teaser or a paywall stub, not the article.
MIN_SHARE_OF_FEED_TEXT = 0.5
# An article has prose: this many words in paragraphs of at least PROSE_LINE_WORDS words.
# When the article element is empty, trafilatura falls back to the page's menus and
# sign-up boxes, which are short lines; the shortest real briefs have a few sentences.
MIN_PROSE_WORDS = 40
PROSE_LINE_WORDS = 8
# libxml2's HTML parser stops at 256 levels of nesting (without XML_PARSE_HUGE) and
# drops the rest of the page; a tree that reaches this depth was cut short. The
# deepest of the 181 pages of bench/extract nests 51 levels.
MAX_DEPTH = 250
# The widths of the stored columns (site/models/articles.py): a longer title or outlet
# name, which any feed may send, is cut to fit rather than failing the store.
MAX_TITLE, MAX_OUTLET = 500, 300


@dataclass(frozen=True)
class Limits:
    """Bounds on the work one page may cost: its bytes, its parsed elements and the seconds taken."""

    max_bytes: int = 5 * 1024 * 1024
    # trafilatura costs about 90 µs per element (20,000 short paragraphs took 1.8 s,
    # 100,000 took 12 s, on one core); the largest of the 181 real pages of
    # bench/extract parses to 1,596 elements, so 30,000 leaves room for big pages
    # and bounds the worst to about 3 s (6 s for a page read twice: extraction/main_text.py).
    max_elements: int = 30_000
    timeout: float = 20.0  # a backstop; only applies on the main thread (it uses SIGALRM)


class _Overtime(BaseException):
    """The time limit passed; a BaseException so that no `except Exception` in a library swallows it."""


@contextmanager
def _time_limit(seconds: float, what: str) -> Iterator[None]:
    """ExtractionError when the block runs past seconds; a no-op off the main thread or if SIGALRM is taken."""
    usable = (
        hasattr(signal, "setitimer")
        and threading.current_thread() is threading.main_thread()
        and signal.getsignal(signal.SIGALRM) in (signal.SIG_DFL, signal.SIG_IGN, None)
        and signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)
    )
    if not usable:
        yield
        return

    def expire(_signum, _frame):
        raise _Overtime

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    except _Overtime:
        raise ExtractionError(f"{what}: extraction took longer than {seconds:g} s") from None
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


# The page is fed to the counting parser this much at a time: the count is looked at
# between chunks, so a page of too many elements is refused within a chunk of the limit.
COUNT_CHUNK = 64 * 1024


class _ElementCount:
    """A parser target that counts the elements it is told of, and how deep they nest, and keeps nothing else."""

    def __init__(self):
        self.elements = self.depth = self.deepest = 0

    def start(self, tag, attrib) -> None:
        self.elements += 1
        self.depth += 1
        self.deepest = max(self.deepest, self.depth)

    def end(self, tag) -> None:
        self.depth -= 1

    def close(self) -> int:
        return self.elements


def _refuse_too_many_elements(page: bytes | str, limits: Limits, what: str) -> None:
    """ExtractionError as soon as the page opens more elements than the limit, or nests too deep, while parsing.

    The tree of a page of short elements takes some 60 times its bytes (a 5 MiB page of
    `<p>` reached 275 MiB before its tree could be counted); this count builds no tree.
    """
    count = _ElementCount()
    parser = lxml.etree.HTMLParser(target=count, collect_ids=False, remove_comments=True, remove_pis=True)
    for start in range(0, len(page), COUNT_CHUNK):
        parser.feed(page[start:start + COUNT_CHUNK])
        if count.deepest > MAX_DEPTH:
            raise ExtractionError(f"{what}: page nests elements more than {MAX_DEPTH} levels deep")
        if count.elements > limits.max_elements:
            raise ExtractionError(f"{what}: page has over {count.elements} elements, more than the limit of"
                                  f" {limits.max_elements} (NEWSBRIEF_EXTRACT_MAX_ELEMENTS)")


def _check_tree(tree: lxml.html.HtmlElement, limits: Limits, what: str) -> None:
    """ExtractionError for a parsed page too large or too deep to extract within bounds."""
    elements = int(tree.xpath("count(//*)"))  # counted in C: no Python object per element
    if elements > limits.max_elements:
        raise ExtractionError(f"{what}: page has {elements} elements, more than the limit of {limits.max_elements}"
                              " (NEWSBRIEF_EXTRACT_MAX_ELEMENTS)")
    if tree.xpath("boolean(" + "/*" * MAX_DEPTH + ")"):  # an element MAX_DEPTH levels down
        raise ExtractionError(f"{what}: page nests elements more than {MAX_DEPTH} levels deep")


@dataclass(frozen=True)
class _Reading:
    """What the page gives: trafilatura's metadata (None when it finds no text), the text, and the page's own facts."""

    doc: trafilatura.settings.Document | None = None
    text: str = ""
    language: str = ""
    title: str = ""  # the page's og:title, <title> or <h1>, for when trafilatura's metadata has none
    url: str = ""  # the page's og:url, likewise


def _read_page(entry: Entry, limits: Limits) -> _Reading:
    """trafilatura's reading of the page and what its markup says of itself.

    BlockedPageError for a block page; ExtractionError for a page past the limits.
    """
    page, what = entry.page or b"", f"{entry.origin}: {entry.url or 'the page'}"
    if entry.page_status >= 300:
        # An error page is no article, though a block page often comes as one (a 403, a 503):
        # only that is decided; the feed's text stands in for the article.
        if reason := block_reason(page, entry.page_status):
            raise BlockedPageError(what, reason)
        return _Reading()
    if len(page) > limits.max_bytes:
        raise ExtractionError(f"{what}: page of {len(page)} bytes is larger than the limit of {limits.max_bytes}"
                              " (NEWSBRIEF_EXTRACT_MAX_BYTES)")
    with _time_limit(limits.timeout, what):
        markup = page_text(page)  # by its BOM, as UTF-8, by its meta charset, else detected
        _refuse_too_many_elements(markup, limits, what)  # before the tree, which would cost the memory
        tree = trafilatura.load_html(markup)
        if tree is None:
            return _Reading()
        _check_tree(tree, limits, what)
        if reason := block_reason(page, tree=tree):
            raise BlockedPageError(what, reason)
        language = (tree.get("lang") or "").split("-")[0].lower()
        doc, text = main_text.read(tree, entry.url or None, date_extraction_params=_date_params())
    return _Reading(doc, text, language, page_title(tree), page_url(tree))


def _paragraphs(text: str) -> str:
    """One paragraph per non-empty line, separated by one blank line."""
    return "\n\n".join(" ".join(line.split()) for line in text.splitlines() if line.strip())


def _prose_words(text: str) -> int:
    counts = (count_words(paragraph) for paragraph in text.split("\n\n"))
    return sum(n for n in counts if n >= PROSE_LINE_WORDS)


def _feed_text(html: str) -> str:
    if not html.strip():
        return ""
    root = lxml.html.fromstring(f"<div>{html}</div>")
    blocks = root.xpath("//p|//li|//blockquote|//h2|//h3") or [root]
    return _paragraphs("\n".join(block.text_content() for block in blocks))


def _date_params() -> dict:
    """trafilatura's date search with the time of day and zone kept: its default output keeps only the date."""
    return {**set_date_params(), "outputformat": "%Y-%m-%dT%H:%M:%S%z"}


def _published(value: str | None) -> datetime | None:
    """The page's publication time, timezone-aware (a time given without a zone is taken as UTC)."""
    if not value:
        return None
    try:
        when = datetime.fromisoformat(value)
    except ValueError:
        return None
    return when.replace(tzinfo=UTC) if when.tzinfo is None else when


def extract(entry: Entry, limits: Limits | None = None) -> Article:
    """The article an entry stands for, without its keys; ExtractionError when neither page nor feed has text.

    BlockedPageError when the page is a block page, consent wall or captcha, judged with
    its HTTP status (Entry.page_status: the page of an error status is never the text);
    ExtractionError when it breaks a limit (see Limits; the edges build them from NEWSBRIEF_EXTRACT_*).
    """
    limits = limits or Limits()
    reading = _read_page(entry, limits) if entry.page else _Reading()
    doc = reading.doc
    text_of_page = _paragraphs(reading.text)
    if _prose_words(text_of_page) < MIN_PROSE_WORDS:
        text_of_page = ""
    feed_text = _feed_text(entry.feed_html)
    if _prose_words(feed_text) < PROSE_LINE_WORDS:
        feed_text = ""
    if text_of_page and len(text_of_page) >= MIN_SHARE_OF_FEED_TEXT * len(feed_text):
        text, origin = text_of_page, "page"
    elif feed_text:
        text, origin = feed_text, "feed"
    else:
        raise ExtractionError(f"{entry.origin}: no article text in {entry.url or 'the page'}")
    named_url = web_url(doc.url or "") if doc and doc.url else ""
    named_url = named_url or reading.url  # as the page names itself: canonical link, else og:url
    url = web_url(entry.url) or named_url  # the URL it was fetched from, else the one it names itself by
    page_titles = [doc.title if doc and doc.title else "", reading.title]
    title = next((t for t in [entry.title, *page_titles] if t.strip()), "")
    if not title:
        raise ExtractionError(f"{entry.origin}: article at {url or 'the page'} has no title")
    text = without_headline(text, [title, *page_titles])
    authors = entry.authors or (tuple(a.strip() for a in doc.author.split(";")) if doc and doc.author else ())
    return Article(
        url=url,
        canonical_url=named_url or url,  # as the page names itself; normalised with the other keys
        title=" ".join(title.split())[:MAX_TITLE],
        text=text,
        source_domain=urlsplit(named_url or url).hostname or "",
        content_hash="",
        outlet=(entry.outlet or (doc.sitename if doc and doc.sitename else ""))[:MAX_OUTLET],
        authors=authors,
        published=entry.published or _published(doc.date if doc else None),
        language=reading.language,
        text_origin=origin,
    )
