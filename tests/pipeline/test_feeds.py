"""Every feed dialect is read from bytes; entity attacks are refused; a charset mess still decodes."""

import json
import time
from datetime import UTC, datetime

import pytest

from newsbrief.pipeline.errors import FeedError
from newsbrief.pipeline.sources.feeds import parse_feed

ITEM_TITLE = "Kestrel bridge reopens after repairs"
ITEM_URL = "https://calderpost.example/news/local/kestrel-bridge-reopens.html"
BODY = "The Kestrel bridge reopened to traffic on Friday after six weeks of repairs, the council said."

RSS_091 = f"""<?xml version="1.0"?>
<!DOCTYPE rss PUBLIC "-//Netscape Communications//DTD RSS 0.91//EN"
  "http://my.netscape.com/publish/formats/rss-0.91.dtd">
<rss version="0.91"><channel><title>Calder Evening Post</title><link>https://calderpost.example/</link>
<description>News</description><language>en</language>
<item><title>{ITEM_TITLE}</title><link>{ITEM_URL}</link><description>{BODY}</description></item>
</channel></rss>"""
RSS_092 = f"""<?xml version="1.0"?>
<rss version="0.92"><channel><title>Calder Evening Post</title><link>https://calderpost.example/</link>
<description>News</description>
<item><title>{ITEM_TITLE}</title><link>{ITEM_URL}</link><description>{BODY}</description></item>
</channel></rss>"""
RSS_10 = f"""<?xml version="1.0"?>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/"
         xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel rdf:about="https://calderpost.example/"><title>Calder Evening Post</title>
<link>https://calderpost.example/</link><description>News</description>
<items><rdf:Seq><rdf:li rdf:resource="{ITEM_URL}"/></rdf:Seq></items></channel>
<item rdf:about="{ITEM_URL}"><title>{ITEM_TITLE}</title><link>{ITEM_URL}</link>
<description>{BODY}</description><dc:date>2026-11-21T08:30:00Z</dc:date><dc:creator>Ana Halloran</dc:creator></item>
</rdf:RDF>"""
RSS_20 = f"""<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/"><channel><title>Calder Evening Post</title>
<link>https://calderpost.example/</link><description>News</description>
<item><title>{ITEM_TITLE}</title><link>{ITEM_URL}</link><description>{BODY}</description>
<pubDate>Sat, 21 Nov 2026 08:30:00 GMT</pubDate><dc:creator>Ana Halloran</dc:creator></item>
</channel></rss>"""
ATOM = f"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Calder Evening Post</title>
<link href="https://calderpost.example/"/><id>urn:calder</id><updated>2026-11-21T08:30:00Z</updated>
<entry><title>{ITEM_TITLE}</title><link href="{ITEM_URL}"/><id>urn:calder:1</id>
<published>2026-11-21T08:30:00Z</published><updated>2026-11-21T08:30:00Z</updated>
<author><name>Ana Halloran</name></author><content type="html">&lt;p&gt;{BODY}&lt;/p&gt;</content></entry>
</feed>"""


def _json_feed(version: str) -> str:
    item = {"id": "1", "url": ITEM_URL, "title": ITEM_TITLE, "content_html": f"<p>{BODY}</p>",
            "date_published": "2026-11-21T09:30:00+01:00"}
    document = {"version": f"https://jsonfeed.org/version/{version}", "title": "Calder Evening Post",
                "home_page_url": "https://calderpost.example/", "items": [item]}
    if version == "1":
        item["author"] = {"name": "Ana Halloran"}
    else:
        item["authors"] = [{"name": "Ana Halloran"}]
    return json.dumps(document)


DIALECTS = {"RSS 0.91": RSS_091, "RSS 0.92": RSS_092, "RSS 1.0": RSS_10, "RSS 2.0": RSS_20, "Atom 1.0": ATOM,
            "JSON Feed 1.0": _json_feed("1"), "JSON Feed 1.1": _json_feed("1.1")}


@pytest.mark.parametrize("dialect", DIALECTS)
def test_every_dialect_is_read(dialect):
    feed = parse_feed(DIALECTS[dialect].encode("utf-8"), "calder.feed")
    assert feed.title == "Calder Evening Post"
    assert feed.home_url == "https://calderpost.example/"
    [entry] = feed.entries
    assert (entry.url, entry.title, entry.outlet, entry.origin) == (ITEM_URL, ITEM_TITLE, "Calder Evening Post",
                                                                     "calder.feed")
    assert BODY in entry.feed_html


@pytest.mark.parametrize("dialect", ["RSS 1.0", "RSS 2.0", "Atom 1.0", "JSON Feed 1.0", "JSON Feed 1.1"])
def test_dates_and_authors_are_kept(dialect):
    [entry] = parse_feed(DIALECTS[dialect].encode("utf-8"), "calder.feed").entries
    assert entry.published == datetime(2026, 11, 21, 8, 30, tzinfo=UTC)
    assert entry.authors == ("Ana Halloran",)


def test_json_feed_text_content_becomes_escaped_paragraphs():
    document = {"version": "https://jsonfeed.org/version/1.1", "title": "T",
                "items": [{"id": "1", "external_url": ITEM_URL, "content_text": "First <b>part</b>.\n\nSecond."}]}
    [entry] = parse_feed(json.dumps(document).encode(), "t").entries
    assert entry.url == ITEM_URL
    assert entry.feed_html == "<p>First &lt;b&gt;part&lt;/b&gt;.</p><p>Second.</p>"


@pytest.mark.parametrize("data, message", [
    (b"{", "malformed JSON feed"),
    (b'{"version": "1", "items": []}', "not an RSS, Atom or JSON feed"),
    (b'{"version": "https://jsonfeed.org/version/1.1", "items": {}}', "items"),
    (b'{"version": "https://jsonfeed.org/version/1.1", "items": ' + b"[" * 100_000 + b"]" * 100_000 + b"}",
     "malformed JSON feed"),
    (b"<rss version='2.0'><channel><title>x</title><item>", "malformed feed"),
    (b"<html><body>Not a feed</body></html>", "not an RSS, Atom or JSON feed"),
])
def test_broken_feeds_fail_with_the_origin_named(data, message):
    with pytest.raises(FeedError, match=f"broken.feed: .*{message}"):
        parse_feed(data, "broken.feed")


def test_a_url_is_never_parsed():
    with pytest.raises(TypeError):
        parse_feed("https://calderpost.example/rss.xml", "x")


BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE rss [
<!ENTITY lol "lol">
<!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
<!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
<!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
<!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
<!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
<!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
<!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<rss version="2.0"><channel><title>Laughs</title>
<item><title>&lol9;</title><link>https://x.example/a</link></item></channel></rss>"""
XXE_FILE = b"""<?xml version="1.0"?>
<!DOCTYPE rss [<!ENTITY secret SYSTEM "file:///etc/hostname">]>
<rss version="2.0"><channel><title>XXE</title>
<item><title>Leak &secret;</title><link>https://x.example/a</link><description>&secret;</description></item>
</channel></rss>"""
XXE_PARAMETER = b"""<?xml version="1.0"?>
<!DOCTYPE rss [<!ENTITY % remote SYSTEM "http://127.0.0.1:9/evil.dtd"> %remote;]>
<rss version="2.0"><channel><title>XXE</title><item><title>x</title></item></channel></rss>"""


@pytest.mark.parametrize("data", [BILLION_LAUGHS, XXE_FILE, XXE_PARAMETER, BILLION_LAUGHS.decode().encode("utf-16")],
                         ids=["billion laughs", "XXE file", "XXE parameter entity", "billion laughs in UTF-16"])
def test_entity_attacks_are_refused_quickly(data):
    start = time.monotonic()
    with pytest.raises(FeedError, match="hostile.feed: feed declares XML entities"):
        parse_feed(data, "hostile.feed")
    assert time.monotonic() - start < 5  # a bound on an attack, not a benchmark


def test_a_doctype_without_entities_is_read():
    assert parse_feed(RSS_091.encode(), "t").entries[0].title == ITEM_TITLE


TITLE = "Café owners say “real money” – again"


def _rss(encoding: str | None, bytes_in: str) -> bytes:
    prolog = f'<?xml version="1.0" encoding="{encoding}"?>' if encoding else ""
    return (prolog + f"<rss version='2.0'><channel><title>Café news</title><item><title>{TITLE}</title>"
            f"<link>{ITEM_URL}</link><description>{TITLE}. {BODY}</description></item></channel></rss>"
            ).encode(bytes_in)


CHARSET_MESS = {
    "prolog utf-8, bytes windows-1252": (_rss("utf-8", "cp1252"), None),
    "prolog windows-1252, bytes windows-1252": (_rss("windows-1252", "cp1252"), None),
    "no prolog, bytes windows-1252": (_rss(None, "cp1252"), None),
    "prolog windows-1252, header utf-8, bytes utf-8": (
        _rss("windows-1252", "utf-8"), {"Content-Type": "application/rss+xml; charset=utf-8"}),
    "prolog utf-8, header windows-1252, bytes windows-1252": (
        _rss("utf-8", "cp1252"), {"Content-Type": "application/xml; charset=windows-1252"}),
    "text/plain header": (_rss("utf-8", "utf-8"), {"Content-Type": "text/plain"}),
    "utf-8 with stray invalid bytes": (_rss("utf-8", "utf-8").replace(b"bridge", b"bri\x92dge"), None),
    "NUL and control bytes": (_rss("utf-8", "utf-8").replace(b"Kestrel", b"Kes\x00tr\x07el"), None),
    "utf-16": (_rss("utf-16", "utf-16"), None),
}


@pytest.mark.parametrize("name", CHARSET_MESS)
def test_feeds_in_a_charset_mess_decode_to_sensible_text(name):
    data, headers = CHARSET_MESS[name]
    feed = parse_feed(data, "mess.feed", headers)
    [entry] = feed.entries
    assert feed.title == "Café news"
    assert entry.title == TITLE
    assert "\ufffd" not in entry.feed_html and "\x00" not in entry.feed_html
    assert "Kestrel bridge" in entry.feed_html or "bri’dge" in entry.feed_html


def test_json_feed_with_an_invalid_byte_still_reads():
    data = _json_feed("1.1").encode().replace(b"Calder", b"Cal\x92der", 1)
    assert parse_feed(data, "t").title == "Cal’der Evening Post"


def test_json_feed_text_is_as_clean_as_an_xml_feeds():
    # Stored, a lone surrogate failed with a UnicodeEncodeError, and NUL on PostgreSQL with a DataError.
    data = _json_feed("1.1").replace("Calder", "Cal\\ud800der", 1)
    data = data.replace(ITEM_TITLE, "Kestrel\\u0000 \\udfff\\u0001 bridge")
    feed = parse_feed(data.encode(), "t")
    assert (feed.title, feed.entries[0].title) == ("Cal\ufffdder Evening Post", "Kestrel \ufffd bridge")


@pytest.mark.parametrize("encoding", ["utf-8-sig", "utf-16", "utf-16-le", "utf-16-be", "utf-32"])
def test_json_feed_in_any_unicode_encoding_is_read(encoding):
    assert parse_feed(_json_feed("1.1").encode(encoding), "t").entries[0].title == ITEM_TITLE


def test_an_rss_author_in_email_form_gives_the_name_whatever_the_domain():
    data = (
        b'<?xml version="1.0"?><rss version="2.0"><channel><title>T</title><link>https://t.example/</link>'
        b"<item><title>A</title><link>https://t.example/a</link>"
        b"<author>ines.marr@harbourgazette.example (Ines Marr)</author></item></channel></rss>"
    )
    assert parse_feed(data, "t.xml").entries[0].authors == ("Ines Marr",)


def _rss_titled(title: str) -> bytes:
    return (f'<?xml version="1.0"?><rss version="2.0"><channel><title>Calder Evening Post</title><item>'
            f"<title>{title}</title><link>{ITEM_URL}</link><description>{BODY}</description></item>"
            "</channel></rss>").encode()


def _atom_titled(title: str) -> bytes:
    return ('<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>Calder Evening Post</title>'
            f'<entry><id>tag:calderpost.example,2026:1</id>{title}<link href="{ITEM_URL}"/>'
            f"<summary>{BODY}</summary></entry></feed>").encode()


MARKUP_TITLES = {
    "an image in a CDATA title": _rss_titled(f'<![CDATA[<img src="https://calderpost.example/i.jpg"> {ITEM_TITLE}]]>'),
    "escaped markup in an RSS title": _rss_titled(f"&lt;b&gt;Kestrel&lt;/b&gt; bridge reopens after repairs"),
    "an Atom html title": _atom_titled(f'<title type="html">&lt;img src="i.jpg"&gt;{ITEM_TITLE}</title>'),
    "an Atom xhtml title": _atom_titled('<title type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml">Kestrel '
                                        "<em>bridge</em> reopens after repairs</div></title>"),
    "a JSON Feed title": _json_feed("1.1").replace(ITEM_TITLE, f"<img src='i.jpg'>{ITEM_TITLE}<br/>").encode(),
}


@pytest.mark.parametrize("name", MARKUP_TITLES)
def test_markup_in_a_title_is_reduced_to_its_text(name):
    assert parse_feed(MARKUP_TITLES[name], "t").entries[0].title == ITEM_TITLE


@pytest.mark.parametrize(("title", "expected"), [
    ("Profits &lt; forecast as the harbour &amp; docks slow", "Profits < forecast as the harbour & docks slow"),
    ("<![CDATA[Tom &amp; Jerry's café]]>", "Tom & Jerry's café"),
    ("<![CDATA[5 < 6, the council says]]>", "5 < 6, the council says"),
])
def test_a_title_that_only_looks_like_markup_keeps_its_text(title, expected):
    assert parse_feed(_rss_titled(title), "t").entries[0].title == expected


def test_a_script_in_a_title_leaves_no_trace():
    title = "Harbour board &lt;script&gt;alert(1)&lt;/script&gt; approves night ferry trial"
    assert parse_feed(_rss_titled(title), "t").entries[0].title == "Harbour board approves night ferry trial"
