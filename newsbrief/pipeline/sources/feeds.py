"""Read RSS, Atom and JSON Feed from bytes into entries (feedparser never sees a URL or a path)."""

from __future__ import annotations

import calendar
import codecs
import html
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime

import feedparser
from feedparser.exceptions import CharacterEncodingOverride, NonXMLContentType

from newsbrief.pipeline.duplicates.keys import web_url
from newsbrief.pipeline.errors import FeedError
from newsbrief.pipeline.fetching.charsets import codec, decodes, detected, repaired_utf8
from newsbrief.pipeline.types import Entry

# Bozo reasons that lose nothing: a charset declared wrongly but decoded anyway (bytes in a
# legacy charset that is not declared are detected before feedparser sees them, so its
# own last resort, windows-1252, is not what decoded them), a server that calls its XML text/plain.
_HARMLESS = (CharacterEncodingOverride, NonXMLContentType)
_UTF16_32_BOMS = (codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)
# Control characters XML 1.0 forbids (NUL and the rest of C0 but tab, LF and CR):
# one stray byte would make the whole feed "not well-formed".
_XML_FORBIDDEN_CHARS = "[\x00-\x08\x0b\x0c\x0e-\x1f]"
_XML_FORBIDDEN = re.compile(_XML_FORBIDDEN_CHARS.encode("ascii"))
_DOCTYPE = re.compile(r"<!DOCTYPE", re.IGNORECASE)
_ENTITY = re.compile(r"<!ENTITY", re.IGNORECASE)
_PROLOG_ENCODING = re.compile(rb"^(\s*<\?xml[^>]*encoding\s*=\s*[\"'])([A-Za-z0-9._-]+)", re.IGNORECASE)
_HEADER_CHARSET = re.compile(r";\s*charset\s*=\s*[\"']?([A-Za-z0-9._-]+)", re.IGNORECASE)
# Markup in a title: a tag ("<img src=…>", "</b>"), never a lone "<" ("profits < forecast"),
# and a script or style element, whose content no reader sees either.
_TAG = re.compile(r"<[A-Za-z/!][^<>]*>")
_UNSEEN = re.compile(r"<(script|style)\b[^>]*>.*?</\1\s*>", re.IGNORECASE | re.DOTALL)
_MARKUP_TYPES = ("text/html", "application/xhtml+xml")
# JSON may escape half a surrogate pair ("\ud800"), which no text can be encoded with, and
# the control characters that XML forbids ("\u0000", which PostgreSQL cannot store).
_LONE_SURROGATE = re.compile("[\ud800-\udfff]")
_CONTROL = re.compile(_XML_FORBIDDEN_CHARS)
JSON_FEED_VERSIONS = ("https://jsonfeed.org/version/1", "http://jsonfeed.org/version/1")


@dataclass(frozen=True)
class Feed:
    """A parsed feed: the publication it belongs to and its entries."""

    title: str
    home_url: str  # http(s) only, else empty
    entries: tuple[Entry, ...]


def _when(entry: dict) -> datetime | None:
    parsed = entry.get("published_parsed") or entry.get("updated_parsed")
    return datetime.fromtimestamp(calendar.timegm(parsed), tz=UTC) if parsed else None


# RSS's <author> is "email (Name)"; feedparser splits it wrongly when the top-level
# domain is longer than four letters, so the name is read from the raw value.
_RSS_AUTHOR = re.compile(r"^\S+@\S+\s+\((?P<name>[^()]+)\)$")


def _authors(entry: dict) -> tuple[str, ...]:
    if match := _RSS_AUTHOR.match(entry.get("author", "").strip()):
        return (match["name"].strip(),)
    names = [a.get("name", "") for a in entry.get("authors", []) if a.get("name")]
    if not names and entry.get("author"):
        names = [entry["author"]]
    return tuple(names)


def _content(entry: dict) -> str:
    contents = entry.get("content") or []
    return max((c.get("value", "") for c in contents), key=len, default="") or entry.get("summary", "")


def _wide(data: bytes) -> bool:
    """Whether the bytes are UTF-16 or UTF-32, where NUL bytes belong to the characters."""
    return data.startswith(_UTF16_32_BOMS) or data[:2] in (b"<\x00", b"\x00<")


def _as_text(data: bytes) -> str:
    """The bytes as text good enough to look at markup: by byte order mark or the shape of "<", else latin-1."""
    for bom, encoding in zip(_UTF16_32_BOMS, ("utf-32", "utf-32", "utf-16", "utf-16"), strict=True):
        if data.startswith(bom):  # UTF-32 first: its little-endian mark begins with UTF-16's
            return data.decode(encoding, errors="replace")
    if data[:2] in (b"<\x00", b"\x00<"):
        return data.decode("utf-16-le" if data[:1] == b"<" else "utf-16-be", errors="replace")
    return data.decode("latin-1")


def _refuse_entities(text: str, origin: str) -> None:
    """FeedError for a DOCTYPE that declares entities: billion laughs and XXE are refused before parsing."""
    doctype = _DOCTYPE.search(text)
    if doctype is None:
        return
    # The internal subset ends at "]>"; a DOCTYPE without one ends at its first ">".
    end = text.find("]>", doctype.end())
    end = text.find(">", doctype.end()) if end < 0 else end
    if _ENTITY.search(text, doctype.end(), end if end >= 0 else len(text)):
        raise FeedError(f"{origin}: feed declares XML entities in its DOCTYPE (entity expansion, XXE): refused")


def _mostly_utf8(data: bytes, utf8_only: bool = False) -> bytes:
    """UTF-8 bytes with a few stray windows-1252 bytes, made valid UTF-8 (the stray ones read as windows-1252).

    feedparser would otherwise read the whole feed as ISO-8859-1 and garble every
    accented letter. Bytes that are not UTF-8 at heart are returned as they are,
    unless utf8_only (JSON is always UTF-8).
    """
    if decodes(data, "utf-8"):
        return data
    declared = _PROLOG_ENCODING.match(data)
    if declared and not utf8_only and declared.group(2).lower().replace(b"_", b"-") not in (b"utf-8", b"utf8"):
        return data  # the prolog names another charset: feedparser honours it
    text = repaired_utf8(data, always=utf8_only)
    return data if text is None else text.encode("utf-8")


def _legacy_as_utf8(data: bytes, headers: dict[str, str] | None) -> tuple[bytes, dict[str, str] | None]:
    """Bytes in a legacy charset that nothing declares (or that break the declared one), detected, as UTF-8.

    feedparser reads such bytes as windows-1252 unless the optional chardet happens
    to be installed, and flags it (CharacterEncodingOverride): KOI8-R came out as
    "ëÁË ÐÅÒÅÖÉÔØ". The prolog and the headers are made to say UTF-8 with the bytes.
    """
    if decodes(data, "utf-8"):
        return data, headers
    header = _HEADER_CHARSET.search((headers or {}).get("content-type", ""))
    prolog = _PROLOG_ENCODING.match(data)
    declared = codec(header.group(1)) if header else codec(prolog.group(2)) if prolog else None
    if decodes(data, declared) or not (found := detected(data)):
        return data, headers
    data = _PROLOG_ENCODING.sub(rb"\1utf-8", data.decode(found, errors="replace").encode("utf-8"), count=1)
    if header:
        headers = {**headers, "content-type": _HEADER_CHARSET.sub("; charset=utf-8", headers["content-type"])}
    return data, headers


def _title_text(title: str, markup: bool) -> str:
    """A title as text: markup in it (an <img> in a headline, sanitised HTML) reduced to its text.

    markup: the title is HTML (its entities are decoded too); else only tags are taken out.
    """
    if not (markup or _TAG.search(title)):
        return title
    text = _TAG.sub(" ", _UNSEEN.sub(" ", title))
    return " ".join((html.unescape(text) if markup else text).split())


def _json_text(data: bytes) -> str:
    """JSON bytes as text: UTF-8, 16 or 32 as the first bytes show (RFC 8259); stray bytes read as windows-1252."""
    encoding = json.detect_encoding(data)
    if encoding in ("utf-8", "utf-8-sig"):
        data = _mostly_utf8(data, utf8_only=True)
    return data.decode(encoding, errors="replace").lstrip("\ufeff")


def _json_date(value) -> datetime | None:
    if not isinstance(value, str) or not value.strip():
        return None
    try:
        when = datetime.fromisoformat(value.strip().replace("Z", "+00:00").replace("z", "+00:00"))
    except ValueError:
        return None
    return when.astimezone(UTC) if when.tzinfo else when.replace(tzinfo=UTC)


def _json_authors(node: dict) -> tuple[str, ...]:
    people = node.get("authors") if isinstance(node.get("authors"), list) else [node.get("author")]  # 1.1, 1.0
    return tuple(p["name"].strip() for p in people if isinstance(p, dict) and isinstance(p.get("name"), str)
                 and p["name"].strip())


def _clean_text(value: object) -> object:
    """A JSON string with each lone surrogate replaced by U+FFFD and the control characters XML forbids dropped."""
    return _CONTROL.sub("", _LONE_SURROGATE.sub("\ufffd", value)) if isinstance(value, str) else value


def _with_clean_text(pairs: list[tuple[str, object]]) -> dict:
    """A JSON object whose string values are clean text, as an XML feed's would be."""
    return {key: _clean_text(value) for key, value in pairs}


def _string(node: dict, key: str) -> str:
    value = node.get(key)
    return value.strip() if isinstance(value, str) else ""


def _parse_json_feed(data: bytes, origin: str) -> Feed:
    """A JSON Feed 1.0 or 1.1 document."""
    try:
        # strict=False: control characters in strings
        document = json.loads(_json_text(data), strict=False, object_pairs_hook=_with_clean_text)
    except (ValueError, RecursionError) as exc:
        raise FeedError(f"{origin}: malformed JSON feed: {exc}") from None
    if not isinstance(document, dict) or not _string(document, "version").startswith(JSON_FEED_VERSIONS):
        raise FeedError(f"{origin}: not an RSS, Atom or JSON feed (JSON without a jsonfeed.org version)")
    items = document.get("items")
    if not isinstance(items, list):
        raise FeedError(f"{origin}: malformed JSON feed: \"items\" is not a list")
    title = _title_text(_string(document, "title"), markup=False)
    feed_authors = _json_authors(document)
    entries = []
    for item in items:
        if not isinstance(item, dict):
            continue
        content = _string(item, "content_html")
        if not content and (plain := _string(item, "content_text") or _string(item, "summary")):
            content = "".join(f"<p>{html.escape(p)}</p>" for p in plain.split("\n\n") if p.strip())
        entries.append(Entry(
            url=_string(item, "url") or _string(item, "external_url"),
            origin=origin,
            outlet=title,
            title=_title_text(_string(item, "title"), markup=False),
            authors=_json_authors(item) or feed_authors,
            published=_json_date(item.get("date_published")) or _json_date(item.get("date_modified")),
            feed_html=content,
        ))
    return Feed(title=title, home_url=web_url(_string(document, "home_page_url")), entries=tuple(entries))


def parse_feed(data: bytes, origin: str, headers: Mapping[str, str] | None = None) -> Feed:
    """Parse feed bytes (RSS, Atom or JSON Feed, told apart by content); FeedError when newsbrief cannot read them.

    headers: the HTTP response headers, when the feed was fetched; their charset
    wins over the XML prolog's, as RFC 7303 says.
    """
    if not isinstance(data, bytes):
        raise TypeError("parse_feed takes the feed's bytes, never a URL or a path")
    text = _as_text(data.removeprefix(codecs.BOM_UTF8))
    if text.lstrip("\ufeff \t\r\n\x00")[:1] == "{":  # JSON is told from XML by its first character
        return _parse_json_feed(data, origin)
    _refuse_entities(text, origin)
    response_headers = {k.lower(): v for k, v in headers.items()} if headers else None
    if not _wide(data):
        charset = _HEADER_CHARSET.search((response_headers or {}).get("content-type", ""))
        if not charset or charset.group(1).lower() in ("utf-8", "utf8"):  # else the header's charset decides
            data = _mostly_utf8(data)
        data, response_headers = _legacy_as_utf8(data, response_headers)
        data = _XML_FORBIDDEN.sub(b"", data)
    parsed = feedparser.parse(data, sanitize_html=True, resolve_relative_uris=False, response_headers=response_headers)
    problem = parsed.get("bozo_exception")
    # A feed that is not well-formed may have lost entries silently: refuse it whole.
    if parsed.bozo and not isinstance(problem, _HARMLESS):
        raise FeedError(f"{origin}: malformed feed: {problem}")
    if not parsed.get("version"):
        raise FeedError(f"{origin}: not an RSS, Atom or JSON feed")
    channel = parsed.feed
    title = _title_text(channel.get("title", ""), channel.get("title_detail", {}).get("type") in _MARKUP_TYPES)
    entries = tuple(
        Entry(
            url=e.get("link", ""),
            origin=origin,
            outlet=title,
            title=_title_text(e.get("title", ""), e.get("title_detail", {}).get("type") in _MARKUP_TYPES),
            authors=_authors(e),
            published=_when(e),
            feed_html=_content(e),
        )
        for e in parsed.entries
    )
    return Feed(title=title, home_url=web_url(channel.get("link", "")), entries=tuple(entries))
