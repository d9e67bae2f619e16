"""Any feed bytes, through parse, extract, brief, store and render, end in newsbrief's own error or in inert output.

The feeds are built from hostile pieces (script and data URLs, handlers, markup
that has slipped past sanitisers, control characters, DOCTYPE declarations,
stray bytes) in RSS, Atom and JSON Feed, some with an article page of the same
pieces. Whatever comes of them, no exception but a NewsbriefError escapes, and
the article page and the latest feed carry no live markup.
"""

import json
from dataclasses import replace
from xml.sax.saxutils import escape, quoteattr

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newsbrief.pipeline.errors import NewsbriefError
from newsbrief.pipeline.process import Options, process
from newsbrief.pipeline.sources.feeds import parse_feed
from newsbrief.site.ingest.pipeline_setup import is_stored
from newsbrief.site.store import store_article
from tests.hostile.live_markup import live_in_feed, live_parts

pytestmark = pytest.mark.django_db

HOSTILE_PIECES = (
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "<svg><script>alert(1)</script></svg>",
    "<svg onload=alert(1)>",
    '<math><mtext><table><mglyph><style><img src=x onerror=alert(1)></style></mglyph></table></mtext></math>',
    '<noscript><p title="</noscript><img src=x onerror=alert(1)>">',
    '<a href="javascript:alert(1)" onclick="alert(2)">link</a>',
    '<a href="&#106;avascript:alert(1)">entity</a>',
    '<iframe srcdoc="<script>alert(1)</script>"></iframe>',
    '<object data="data:text/html,<script>alert(1)</script>"></object>',
    "&lt;script&gt;alert(1)&lt;/script&gt;",
    "<!--><script>alert(1)</script>-->",
    "]]>",
    "\x00", "\x01", "\x0b", "\x1b", "\x7f", "\ufeff", "\u202e", "\ud800",
    '"', "'", "&", "&amp;", "&#0;", "&lol;",
)
PROSE = (
    "The harbour board approved a three-month trial of a night ferry to the outer islands on Monday evening. ",
    "Fishing crews said the broken gauge had left them guessing at the depth over the bar for three weeks. ",
    "The council said forty stalls had been booked so far, among them bakers, fishmongers and cider makers. ",
    "The trust said the crane would unload the timber boats on market days from April, beside the customs house. ",
)
URLS = (
    "javascript:alert(1)", " JaVaScRiPt:alert(1)", "java\tscript:alert(1)", "&#106;avascript:alert(1)",
    "data:text/html,<script>alert(1)</script>", "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
    "vbscript:msgbox(1)", "//evil.example/", "https://prop.example/a.html",
    'https://prop.example/b.html"><script>alert(1)</script>', "",
)
DOCTYPES = ("", "<!DOCTYPE rss>", '<!DOCTYPE rss [<!ENTITY lol "lol">]>',
            '<!DOCTYPE rss [<!ENTITY x SYSTEM "file:///etc/passwd">]>')

texts = st.lists(st.one_of(st.sampled_from(HOSTILE_PIECES), st.sampled_from(PROSE), st.text(max_size=12)),
                 max_size=8).map("".join)
urls = st.one_of(st.sampled_from(URLS), st.text(max_size=20))
# An item's text: hostile pieces around enough prose for a brief, most of the time, so that most get rendered.
bodies = st.one_of(texts, st.tuples(texts, st.sampled_from(PROSE), texts).map(lambda t: t[0] + t[1] * 4 + t[2]))
titles = st.one_of(texts, st.tuples(texts, st.sampled_from(PROSE)).map("".join))
items = st.lists(st.tuples(titles, urls, bodies, st.booleans()), min_size=1, max_size=3)


def _rss(doctype: str, title: str, link: str, entries) -> str:
    def body(text: str, raw: bool) -> str:  # raw: as the feed's authors write it, in CDATA (which may break)
        return f"<![CDATA[{text}]]>" if raw else escape(text)

    parts = "".join(
        f"<item><title>{escape(t)}</title><link>{escape(u)}</link><enclosure url={quoteattr(u)} type=\"audio/mpeg\"/>"
        f"<description>{body(d, raw)}</description></item>"
        for t, u, d, raw in entries
    )
    return (f'<?xml version="1.0" encoding="utf-8"?>{doctype}<rss version="2.0"><channel><title>{escape(title)}</title>'
            f"<link>{escape(link)}</link>{parts}</channel></rss>")


def _atom(doctype: str, title: str, link: str, entries) -> str:
    parts = "".join(
        f"<entry><title type=\"html\">{escape(t)}</title><link href={quoteattr(u)}/><id>urn:x:{n}</id>"
        f"<updated>2026-02-08T08:00:00Z</updated>"
        f"<content type=\"{'html' if raw else 'text'}\">{escape(d)}</content></entry>"
        for n, (t, u, d, raw) in enumerate(entries)
    )
    return (f'<?xml version="1.0" encoding="utf-8"?>{doctype.replace("rss", "feed")}'
            f'<feed xmlns="http://www.w3.org/2005/Atom"><title>{escape(title)}</title><link href={quoteattr(link)}/>'
            f"<id>urn:x:feed</id><updated>2026-02-08T08:00:00Z</updated>{parts}</feed>")


def _json(doctype: str, title: str, link: str, entries) -> str:
    return json.dumps({
        "version": "https://jsonfeed.org/version/1.1", "title": title, "home_page_url": link,
        "items": [
            {"id": str(n), "url": u, "external_url": u, "title": t, ("content_html" if raw else "content_text"): d}
            for n, (t, u, d, raw) in enumerate(entries)
        ],
    })


@st.composite
def feed_bytes(draw) -> bytes:
    """A feed of hostile pieces as RSS, Atom or JSON Feed, its bytes sometimes cut or with bytes spliced in."""
    write = draw(st.sampled_from((_rss, _atom, _json)))
    text = write(draw(st.one_of(st.just(""), st.sampled_from(DOCTYPES))), draw(texts), draw(urls), draw(items))
    data = text.encode("utf-8", "surrogatepass")
    if draw(st.integers(0, 3)) == 0:
        at = draw(st.integers(0, len(data)))
        data = data[:at] + draw(st.binary(max_size=8)) + data[at + draw(st.integers(0, 4)):]
    return data


@st.composite
def pages(draw) -> bytes | None:
    """None, or an article page of prose and hostile pieces, its canonical link one of the hostile URLs."""
    if draw(st.booleans()):
        return None
    paragraphs = "".join(f"<p>{draw(texts)}{PROSE[n % len(PROSE)] * 3}</p>" for n in range(draw(st.integers(1, 4))))
    return (f'<html><head><title>{draw(texts)}</title><link rel="canonical" href={quoteattr(draw(urls))}>'
            f"</head><body><article>{paragraphs}</article></body></html>").encode("utf-8", "surrogatepass")


OPTIONS = Options(enrich=False)  # enrichment reads only the stored text, and would cost most of the time


@settings(max_examples=60, deadline=None, derandomize=True, database=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(data=feed_bytes(), page=pages())
def test_any_feed_ends_in_our_error_or_in_inert_pages_and_feeds(client, data, page):
    with transaction.atomic():  # each example on the database as the test found it, so each is repeatable
        _ingest_and_render(client, data, page)
        transaction.set_rollback(True)


def _ingest_and_render(client, data: bytes, page: bytes | None) -> None:
    try:
        feed = parse_feed(data, "property.xml")
    except NewsbriefError:
        return
    for entry in feed.entries[:2]:
        try:
            processed = process(replace(entry, page=page) if page else entry, OPTIONS, is_stored=is_stored)
        except NewsbriefError:
            continue
        if processed.duplicate or not (stored := store_article(processed.article, processed.brief, None)):
            continue
        response = client.get(stored.get_absolute_url(), follow=True)  # a copy redirects to its original
        assert response.status_code == 200
        assert live_parts(response.content.decode()) == []
    for fmt in ("rss", "atom", "json"):
        response = client.get(f"/feeds/latest.{fmt}")
        assert response.status_code == 200
        assert live_in_feed(response.content, fmt) == []
