"""OPML subscription lists: nested outlines read in order; malformed or hostile files refused by name."""

import time

import pytest

from newsbrief.pipeline.errors import InputError
from newsbrief.pipeline.sources.opml import Subscription, read_opml

OPML = b"""<?xml version="1.0" encoding="utf-8"?>
<opml version="2.0">
  <head><title>My subscriptions</title></head>
  <body>
    <outline text="Veradia">
      <outline text="The Harbour Gazette" type="rss" xmlUrl="https://www.harbourgazette.example/feed.xml"
               htmlUrl="https://www.harbourgazette.example/"/>
      <outline text="Regions">
        <outline title="Valley Ledger" text="Ledger" xmlurl="  https://valleyledger.example/feed.xml "/>
      </outline>
    </outline>
    <outline text="Calder Evening Post" XMLURL="https://calderpost.example/rss.xml"/>
    <outline text="Gazette again" xmlUrl="https://www.harbourgazette.example/feed.xml"/>
    <outline text="A folder with nothing in it"/>
  </body>
</opml>"""


def test_nested_outlines_are_read_in_order_each_url_once():
    assert read_opml(OPML, "subs.opml") == [
        Subscription("https://www.harbourgazette.example/feed.xml", "The Harbour Gazette"),
        Subscription("https://valleyledger.example/feed.xml", "Valley Ledger"),
        Subscription("https://calderpost.example/rss.xml", "Calder Evening Post"),
    ]


def test_subscriptions_are_frozen():
    with pytest.raises(AttributeError):
        read_opml(OPML, "subs.opml")[0].url = "x"


def test_an_opml_1_file_in_windows_1252_is_read():
    data = ('<?xml version="1.0" encoding="windows-1252"?><opml version="1.0"><body>'
            '<outline text="Café Crónica" xmlUrl="https://cronica.example/rss"/></body></opml>').encode("cp1252")
    assert read_opml(data, "x.opml") == [Subscription("https://cronica.example/rss", "Café Crónica")]


def test_an_empty_body_gives_no_subscriptions():
    assert read_opml(b"<opml version='2.0'><head/><body/></opml>", "x.opml") == []


@pytest.mark.parametrize("data, message", [
    (b"", "malformed OPML"),
    (b"<opml><body><outline", "malformed OPML"),
    (b"not xml at all", "malformed OPML"),
    (b'<?xml version="1.0"?><rss version="2.0"><channel/></rss>', "not an OPML file"),
])
def test_a_bad_file_is_refused_with_its_name(data, message):
    with pytest.raises(InputError, match=f"^subs.opml: {message}"):
        read_opml(data, "subs.opml")


XXE = b"""<?xml version="1.0"?>
<!DOCTYPE opml [<!ENTITY secret SYSTEM "file:///etc/hostname">]>
<opml version="2.0"><body><outline text="&secret;" xmlUrl="https://x.example/&secret;"/></body></opml>"""
LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE opml [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">
<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;"><!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">
<!ENTITY e "&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;"><!ENTITY f "&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;">
<!ENTITY g "&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;"><!ENTITY h "&g;&g;&g;&g;&g;&g;&g;&g;&g;&g;">]>
<opml version="2.0"><body><outline text="&h;" xmlUrl="https://x.example/"/></body></opml>"""


@pytest.mark.parametrize("data", [XXE, LAUGHS], ids=["XXE", "billion laughs"])
def test_entity_attacks_are_refused(data):
    start = time.monotonic()
    with pytest.raises(InputError, match="^subs.opml: OPML refused"):
        read_opml(data, "subs.opml")
    assert time.monotonic() - start < 5  # a bound on an attack, not a benchmark


def test_a_plain_doctype_is_harmless():
    data = b'<?xml version="1.0"?><!DOCTYPE opml><opml><body><outline xmlUrl="https://x.example/f"/></body></opml>'
    assert read_opml(data, "x.opml") == [Subscription("https://x.example/f", "")]
