"""Extraction stays bounded on hostile pages, and reads pages whose charset is a mess."""

import json
import signal
import subprocess
import sys
import time

import pytest

from newsbrief import config
from newsbrief.pipeline.errors import ExtractionError, InputError
from newsbrief.pipeline.extraction.extract import Limits, extract
from newsbrief.pipeline.types import Entry

URL = "https://valleyledger.example/2026/11/20/page.html"
PARAGRAPH = ("Café owners on the Tamsin Valley road say the new irrigation rules – announced on Monday – "
             "cost them “real money” every week, and the growers’ cooperative agrees. ")
# Hostile inputs must end with an error well within this; it is a bound, not a benchmark.
BOUND_SECONDS = 15


def _page(body: str, meta: str = "") -> str:
    return f"<html><head>{meta}<title>Irrigation row</title></head><body>{body}</body></html>"


def _entry(page: bytes) -> Entry:
    return Entry(url=URL, origin="feed.xml", page=page)


def _fails_quickly(page: bytes, match: str, limits: Limits | None = None) -> None:
    start = time.monotonic()
    with pytest.raises(ExtractionError, match=match):
        extract(_entry(page), limits)
    assert time.monotonic() - start < BOUND_SECONDS


def test_a_20_mb_page_is_refused_by_the_size_cap():
    page = _page("<article>" + f"<p>{PARAGRAPH * 5}</p>" * 25_000 + "</article>").encode()
    assert len(page) > 20_000_000
    _fails_quickly(page, "larger than the limit of 5242880 .*NEWSBRIEF_EXTRACT_MAX_BYTES")


def test_100000_nested_divs_are_refused():
    page = _page("<div>" * 100_000 + f"<p>{PARAGRAPH}</p>" + "</div>" * 100_000).encode()
    _fails_quickly(page, "levels deep")


def test_a_page_of_too_many_elements_is_refused():
    page = _page("<article>" + "<p><span>word</span></p>" * 20_000 + "</article>").encode()
    _fails_quickly(page, "more than the limit of 30000 .*NEWSBRIEF_EXTRACT_MAX_ELEMENTS")


# Run in a child of its own, which reads its own peak memory: libxml2 allocates outside
# Python's allocator (tracemalloc cannot see its trees), and this process's peak is
# whatever the tests before this one reached.
PEAK_OF_A_PAGE_OF_PARAGRAPHS = """
import json, resource
from newsbrief.pipeline.errors import ExtractionError
from newsbrief.pipeline.extraction.extract import extract
from newsbrief.pipeline.types import Entry
page = ("<html><head><title>t</title></head><body>" + "<p>x</p>" * (5 * 2**20 // 8)).encode()[:5 * 2**20]
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
try:
    extract(Entry(url="https://valleyledger.example/p.html", origin="feed.xml", page=page))
    error = ""
except ExtractionError as refused:
    error = str(refused)
extra_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before
print(json.dumps({"error": error, "extra_mib": extra_kib / 1024}))
"""


def test_a_5_mib_page_of_paragraphs_is_refused_before_its_tree_takes_the_memory():
    child = subprocess.run([sys.executable, "-c", PEAK_OF_A_PAGE_OF_PARAGRAPHS], capture_output=True, text=True,
                           timeout=120, check=True)
    result = json.loads(child.stdout.splitlines()[-1])
    assert "more than the limit of 30000 (NEWSBRIEF_EXTRACT_MAX_ELEMENTS)" in result["error"]
    assert result["extra_mib"] < 50  # its whole tree took 275 MiB; the page itself is 5 MiB


def test_the_size_cap_is_a_setting(monkeypatch):
    monkeypatch.setenv("NEWSBRIEF_EXTRACT_MAX_BYTES", "1000")
    assert config.extract_limits().max_bytes == 1000
    _fails_quickly(_page(f"<article><p>{PARAGRAPH * 20}</p></article>").encode(), "limit of 1000", config.extract_limits())


@pytest.mark.parametrize("value", ["lots", "0", "-5"])
def test_a_bad_limit_setting_is_a_clear_error(monkeypatch, value):
    monkeypatch.setenv("NEWSBRIEF_EXTRACT_TIMEOUT", value)
    with pytest.raises(InputError, match="NEWSBRIEF_EXTRACT_TIMEOUT"):
        config.extract_limits()


def test_extraction_past_its_time_limit_stops_and_leaves_no_alarm_behind():
    page = _page("<article>" + f"<div><p>{PARAGRAPH}</p></div>" * 4_000 + "</article>").encode()
    _fails_quickly(page, "took longer than 0.01 s", Limits(timeout=0.01))
    assert signal.getsignal(signal.SIGALRM) == signal.SIG_DFL
    assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)


def test_a_normal_page_is_read_within_the_limits():
    article = extract(_entry(_page(f"<article><p>{PARAGRAPH * 3}</p></article>").encode()))
    assert "irrigation rules" in article.text


def test_an_overlong_title_and_outlet_are_cut_to_the_stored_widths():
    # Stored whole, they failed on PostgreSQL ("value too long for type character varying").
    entry = Entry(url=URL, origin="feed.xml", title="Irrigation " * 60, outlet="Valley Ledger " * 30,
                  feed_html=f"<p>{PARAGRAPH * 3}</p>")
    article = extract(entry)
    assert (len(article.title), len(article.outlet)) == (500, 300)
    assert article.title.startswith("Irrigation Irrigation")


CHARSET_MESS = {
    "windows-1252 declared": _page(f"<article><p>{PARAGRAPH * 3}</p></article>",
                                   '<meta charset="windows-1252">').encode("cp1252"),
    "windows-1252 declared as utf-8": _page(f"<article><p>{PARAGRAPH * 3}</p></article>",
                                            '<meta charset="utf-8">').encode("cp1252"),
    "utf-8 declared as windows-1252": _page(f"<article><p>{PARAGRAPH * 3}</p></article>",
                                            '<meta http-equiv="Content-Type" content="text/html; charset=windows-1252">'
                                            ).encode("utf-8"),
    "windows-1252 undeclared": _page(f"<article><p>{PARAGRAPH * 3}</p></article>").encode("cp1252"),
    "utf-8 with stray invalid bytes": _page(f"<article><p>{PARAGRAPH * 3}</p></article>", '<meta charset="utf-8">')
    .encode("utf-8").replace(b"Tamsin", b"Tam\x92sin", 1),
    "NUL bytes": _page(f"<article><p>{PARAGRAPH * 3}</p></article>").encode("utf-8").replace(b"owners", b"own\x00ers"),
    "utf-16 with a byte order mark": _page(f"<article><p>{PARAGRAPH * 3}</p></article>").encode("utf-16"),
}


@pytest.mark.parametrize("name", CHARSET_MESS)
def test_pages_in_a_charset_mess_decode_to_sensible_text(name):
    article = extract(_entry(CHARSET_MESS[name]))
    assert "Café owners" in article.text or "Café own" in article.text
    assert "“real money”" in article.text and "–" in article.text and "growers’" in article.text
    assert "\ufffd" not in article.text and "\x00" not in article.text
