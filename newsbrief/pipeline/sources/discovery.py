"""Find a site's feeds: the `<link rel="alternate">` feeds of a page, and whether a body is a feed at all."""

from __future__ import annotations

import codecs
import json
import re
from urllib.parse import urljoin, urlsplit

import lxml.etree
import lxml.html

# Feed media types, best first: RSS and Atom carry every field newsbrief reads;
# application/json alone may be any JSON, so it ranks last.
FEED_TYPES = {
    "application/atom+xml": 0,
    "application/rss+xml": 0,
    "application/rdf+xml": 1,
    "application/feed+json": 1,
    "application/json": 2,
}
# A site's comment feeds ("Comments on …", /comments/feed/) are feeds, but not of articles.
_COMMENTS = re.compile(r"\bcomments?\b", re.IGNORECASE)
# The first element of an XML document, after the prolog: declaration, comments, PIs and doctype.
# The prolog's repetition is possessive (*+): once read, it is never read again
# another way, so a hostile body cannot make the match take exponential time.
_XML_ROOT = re.compile(
    r"^\s*(?:<\?.*?\?>\s*|<!--.*?-->\s*|<!doctype[^\[>]*(?:\[[^\]]*\][^>]*)?>\s*)*+<([A-Za-z_][\w.:-]*)",
    re.IGNORECASE | re.DOTALL,
)
_FEED_ROOTS = frozenset({"rss", "feed", "rdf:rdf", "rdf"})
_JSON_FEED_VERSION = ("https://jsonfeed.org/version/", "http://jsonfeed.org/version/")
SNIFF_BYTES = 64 * 1024  # the prolog of any real feed fits here


def feed_links(html: bytes, base_url: str) -> list[str]:
    """The feeds a page announces with <link rel="alternate">, as absolute http(s) URLs, best first."""
    try:
        root = lxml.html.document_fromstring(html)
    except (lxml.etree.ParserError, ValueError):
        return []
    base = base_url
    for element in root.iter("base"):  # a <base href> changes what relative links mean
        if element.get("href"):
            base = urljoin(base_url, element.get("href").strip())
            break
    found: list[tuple[tuple[int, int, int], str]] = []
    seen: set[str] = set()
    for position, link in enumerate(root.iter("link")):
        rel = (link.get("rel") or "").lower().split()
        kind = (link.get("type") or "").split(";")[0].strip().lower()
        href = (link.get("href") or "").strip()
        if "alternate" not in rel or kind not in FEED_TYPES or not href:
            continue
        url = urljoin(base, href)
        if urlsplit(url).scheme not in ("http", "https") or url in seen:
            continue
        seen.add(url)
        comments = bool(_COMMENTS.search(link.get("title") or "") or _COMMENTS.search(urlsplit(url).path))
        found.append(((int(comments), FEED_TYPES[kind], position), url))
    return [url for _, url in sorted(found)]


def _head_text(body: bytes) -> str:
    """The start of the body as text, enough to read an XML prolog or the first JSON character."""
    head = body[:SNIFF_BYTES]
    for bom, codec in ((codecs.BOM_UTF32_LE, "utf-32-le"), (codecs.BOM_UTF32_BE, "utf-32-be"),
                       (codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be"),
                       (codecs.BOM_UTF8, "utf-8")):
        if head.startswith(bom):
            return head[len(bom):].decode(codec, errors="replace")
    if head[:2] in (b"<\x00", b"\x00<"):  # UTF-16 without a byte order mark
        return head.decode("utf-16-le" if head[0:1] == b"<" else "utf-16-be", errors="replace")
    return head.decode("latin-1")  # ASCII-compatible: enough to see markup


def _is_json_feed(body: bytes, content_type: str) -> bool:
    try:
        document = json.loads(body)
    except (ValueError, RecursionError):
        return False
    if not isinstance(document, dict):
        return False
    version = document.get("version")
    if isinstance(version, str) and version.startswith(_JSON_FEED_VERSION):
        return True
    # Some servers leave the version out; the media type and an item list still say "feed".
    return content_type == "application/feed+json" and isinstance(document.get("items"), list)


def looks_like_feed(body: bytes, content_type: str) -> bool:
    """Whether the body is an RSS, Atom or JSON feed, judged by its content (the media type can lie)."""
    content_type = content_type.split(";")[0].strip().lower()
    text = _head_text(body).lstrip("\ufeff")
    start = text.lstrip()[:1]
    if start in ("{", "["):
        return _is_json_feed(body, content_type)
    match = _XML_ROOT.match(text)
    return bool(match) and match.group(1).lower() in _FEED_ROOTS
