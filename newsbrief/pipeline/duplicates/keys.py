"""Recognise copies: canonical URLs and content hashes."""

from __future__ import annotations

import hashlib
import re
from dataclasses import replace
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from newsbrief.pipeline.types import Article

# Parameters that identify a campaign or a click, never the article itself.
_TRACKING = re.compile(
    r"^(utm_\w+|fbclid|gclid|dclid|msclkid|mc_cid|mc_eid|igshid|yclid|_hsenc|_hsmi|ref|ref_src|cmpid|ocid|smid)$",
    re.IGNORECASE,
)
_DEFAULT_PORTS = {"http": 80, "https": 443}


def web_url(url: str) -> str:
    """The URL if it is http(s), else empty: a javascript: or data: link is never kept or linked."""
    return url.strip() if urlsplit(url.strip()).scheme.lower() in _DEFAULT_PORTS else ""


def canonical_url(url: str) -> str:
    """The URL without tracking parameters, fragment, default port or case in scheme and host."""
    if not url:
        return ""
    parts = urlsplit(url.strip())
    scheme = parts.scheme.lower()
    host = (parts.hostname or "").lower()
    if parts.port and parts.port != _DEFAULT_PORTS.get(scheme):
        host = f"{host}:{parts.port}"
    query = urlencode([(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if not _TRACKING.match(k)])
    return urlunsplit((scheme, host, parts.path or "/", query, ""))


def content_hash(text: str) -> str:
    """A hash of the text that ignores differences in whitespace and case."""
    normal = " ".join(text.split()).casefold()
    return hashlib.sha256(normal.encode("utf-8")).hexdigest()


def keyed(article: Article) -> Article:
    """The article with its keys: the canonical form of the URL it names itself by, and the hash of its text."""
    return replace(article, canonical_url=canonical_url(article.canonical_url), content_hash=content_hash(article.text))
