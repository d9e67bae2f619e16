"""Feed discovery: a page's announced feeds, best first, and telling a feed from a page by its content."""

import json
import time

import pytest

from newsbrief.pipeline.sources.discovery import feed_links, looks_like_feed
from tests.conftest import EXAMPLES

PAGE_URL = "https://www.harbourgazette.example/news/ferry.html"


def page(head: str) -> bytes:
    return f"<!DOCTYPE html><html><head><title>Gazette</title>{head}</head><body><p>Hi</p></body></html>".encode()


def test_announced_feeds_are_found_and_made_absolute():
    html = page('<link rel="alternate" type="application/rss+xml" title="Gazette" href="/rss.xml">'
                '<link rel="alternate" type="application/atom+xml" href="https://feeds.harbourgazette.example/atom">')
    assert feed_links(html, PAGE_URL) == ["https://www.harbourgazette.example/rss.xml",
                                          "https://feeds.harbourgazette.example/atom"]


def test_rss_and_atom_come_before_json_and_comment_feeds_come_last():
    html = page('<link rel="alternate" type="application/rss+xml" title="Comments on: Ferry" href="ferry/feed">'
                '<link rel="alternate" type="application/json" href="/feed.json">'
                '<link rel="alternate" type="application/feed+json" href="/feed.jsonfeed">'
                '<link rel="alternate" type="application/atom+xml" href="/atom.xml">'
                '<link rel="alternate" type="application/rss+xml" href="/comments/feed/">')
    assert feed_links(html, PAGE_URL) == [
        "https://www.harbourgazette.example/atom.xml",
        "https://www.harbourgazette.example/feed.jsonfeed",
        "https://www.harbourgazette.example/feed.json",
        "https://www.harbourgazette.example/news/ferry/feed",
        "https://www.harbourgazette.example/comments/feed/",
    ]


def test_base_href_rel_case_and_type_parameters_are_honoured():
    html = page('<base href="https://static.harbourgazette.example/sub/">'
                '<link rel="Alternate Feed" type="Application/RSS+XML; charset=utf-8" href="rss.xml">')
    assert feed_links(html, PAGE_URL) == ["https://static.harbourgazette.example/sub/rss.xml"]


def test_other_links_duplicates_and_non_http_urls_are_left_out():
    html = page('<link rel="stylesheet" type="text/css" href="/s.css">'
                '<link rel="alternate" hreflang="fr" href="/fr/ferry.html">'
                '<link rel="alternate" type="application/rss+xml" href="javascript:alert(1)">'
                '<link rel="alternate" type="application/rss+xml" href="file:///etc/passwd">'
                '<link rel="alternate" type="application/rss+xml" href="/rss.xml">'
                '<link rel="alternate" type="application/rss+xml" href="https://www.harbourgazette.example/rss.xml">'
                '<link rel="alternate" type="application/rss+xml" href="">')
    assert feed_links(html, PAGE_URL) == ["https://www.harbourgazette.example/rss.xml"]


@pytest.mark.parametrize("html", [b"", b"   ", b"\x00\xff garbage", page("")])
def test_no_feeds_gives_an_empty_list(html):
    assert feed_links(html, PAGE_URL) == []


RSS = b'<?xml version="1.0"?><rss version="2.0"><channel><title>T</title></channel></rss>'
FEEDS = {
    "rss": (RSS, "application/rss+xml"),
    "rss served as text/html": (RSS, "text/html; charset=utf-8"),
    "rss with bom, comment, doctype": (
        b'\xef\xbb\xbf<?xml version="1.0"?>\n<!-- generated -->\n<!DOCTYPE rss PUBLIC "-//Netscape Communications//'
        b'DTD RSS 0.91//EN" "http://my.netscape.com/publish/formats/rss-0.91.dtd">\n<rss version="0.91"></rss>', ""),
    "atom": (b'<feed xmlns="http://www.w3.org/2005/Atom"><title>T</title></feed>', "application/xml"),
    "rss 1.0": (b'<?xml version="1.0"?><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"/>', "text/xml"),
    "atom in utf-16": ('<?xml version="1.0" encoding="utf-16"?><feed xmlns="http://www.w3.org/2005/Atom"/>'
                       .encode("utf-16"), "application/atom+xml"),
    "json feed": (json.dumps({"version": "https://jsonfeed.org/version/1.1", "items": []}).encode(),
                  "application/json"),
    "json feed without version, typed": (b'{"title": "T", "items": []}', "application/feed+json"),
}
NOT_FEEDS = {
    "html typed as rss": (b"<!DOCTYPE html><html><body><rss></rss></body></html>", "application/rss+xml"),
    "html": (page(""), "text/html"),
    "plain json": (b'{"title": "T", "items": []}', "application/json"),
    "json list": (b"[1, 2]", "application/json"),
    "broken json": (b'{"version": ', "application/feed+json"),
    "empty": (b"", "application/rss+xml"),
    "other xml": (b'<?xml version="1.0"?><urlset/>', "application/xml"),
}


@pytest.mark.parametrize("name", FEEDS)
def test_feeds_look_like_feeds(name):
    assert looks_like_feed(*FEEDS[name])


@pytest.mark.parametrize("name", NOT_FEEDS)
def test_pages_and_other_documents_do_not(name):
    assert not looks_like_feed(*NOT_FEEDS[name])


def test_the_sample_feeds_and_pages_are_told_apart():
    feeds = [p for p in EXAMPLES.rglob("*") if p.suffix in (".xml", ".rss", ".atom") and "broken" not in p.parts]
    pages = list(EXAMPLES.rglob("*.html"))
    assert feeds and pages
    assert all(looks_like_feed(p.read_bytes(), "") for p in feeds)
    assert not any(looks_like_feed(p.read_bytes(), "application/rss+xml") for p in pages)


@pytest.mark.parametrize("body", [b"<!--x-->" * 8000, b"<!doctype a [" + b"]" * 60000, b"<?" * 30000])
def test_a_hostile_prolog_is_judged_quickly(body):
    start = time.monotonic()
    assert not looks_like_feed(body, "application/rss+xml")
    assert time.monotonic() - start < 5  # a bound on an attack, not a benchmark
