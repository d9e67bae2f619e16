"""Extraction keeps the article: text in any layout, its tables, a title and a URL from the page, no headline twice."""

import pytest

from newsbrief.pipeline.errors import ExtractionError
from newsbrief.pipeline.extraction.extract import extract
from newsbrief.pipeline.extraction.headline import without_headline
from newsbrief.pipeline.types import Entry

URL = "https://www.calderpost.example/2026/12/02/night-ferry.html"
HEADLINE = "Night ferry to run all winter after harbour board vote"
PARAGRAPHS = [
    "The Port Aldwyn harbour board voted on Tuesday evening to keep the night ferry to Kestrel Island running "
    "through the winter, reversing a decision it took in the spring.",
    "Islanders had collected more than two thousand signatures against the cut, saying that nurses and "
    "dock workers on late shifts had no other way home after ten o'clock.",
    "The board's chair, Wilhelmina Osei, said the crossing would cost the port about forty thousand pounds "
    "more each winter, and that fares for visitors from the mainland would rise in January.",
    "The ferry operators' union welcomed the vote but asked the board to publish the safety review of the "
    "older vessel, which has been waiting for a new engine since the autumn storms.",
    "A final timetable is due next week; until then the last boat leaves the harbour at half past eleven, "
    "with a second crossing on Friday and Saturday nights.",
]


def _page(body: str, head: str = f"<title>{HEADLINE}</title>") -> bytes:
    return (f"<!DOCTYPE html><html lang='en'><head>{head}</head><body><nav><a href='/'>Home</a>"
            f"<a href='/news/'>News</a></nav>{body}<footer>© The Calder Post</footer></body></html>").encode()


def test_an_article_laid_out_in_spans_is_read_whole():
    # trafilatura's fast mode kept only the first paragraph of such a page; its full cascade keeps all.
    body = "<div class='story'>" + "".join(f"<div class='x'><span>{p}</span></div>" for p in PARAGRAPHS) + "</div>"
    article = extract(Entry(url=URL, origin="feed.xml", page=_page(body)))
    assert all(p in article.text for p in PARAGRAPHS)


STANDINGS = [("Port Aldwyn Rovers", 9, 21), ("Kestrel Island United", 9, 19), ("Tamsin Valley Athletic", 9, 14)]


def test_a_table_that_is_the_article_is_kept():
    table = "<table><tr><th>Club</th><th>Played</th><th>Points</th></tr>" + "".join(
        f"<tr><td>{club}</td><td>{played}</td><td>{points}</td></tr>" for club, played, points in STANDINGS) + "</table>"
    body = f"<article><h1>Valley league standings</h1><p>{PARAGRAPHS[0]}</p><p>{PARAGRAPHS[1]}</p>{table}</article>"
    article = extract(Entry(url=URL, origin="feed.xml", page=_page(body, "<title>Valley league standings</title>")))
    rows = [p for p in article.paragraphs if "Rovers" in p or "United" in p or "Athletic" in p]
    assert len(rows) == 3 and "21" in rows[0] and "19" in rows[1]
    assert not any(set(p) <= set("|-: ") for p in article.paragraphs)  # no markdown rule between header and rows


def test_the_page_gives_the_title_when_neither_the_feed_nor_trafilatura_has_one():
    # A page that shows nothing without JavaScript: its text comes from the feed, its title from its <title>.
    page = _page("<div id='app'></div><script src='/app.js'></script>")
    entry = Entry(url=URL, origin="feed.xml", title="", page=page,
                  feed_html="".join(f"<p>{p}</p>" for p in PARAGRAPHS[:2]))
    assert extract(entry).title == HEADLINE


@pytest.mark.parametrize(("head", "title"), [
    (f"<meta property='og:title' content='{HEADLINE}'><title></title>", HEADLINE),
    ("<title></title>", "Harbour board votes"),  # the page's <h1>
])
def test_the_title_falls_back_on_og_title_then_the_first_heading(head, title):
    page = _page("<h1>Harbour board votes</h1><div id='app'></div>", head)
    entry = Entry(url=URL, origin="feed.xml", page=page, feed_html="".join(f"<p>{p}</p>" for p in PARAGRAPHS[:2]))
    assert extract(entry).title == title


def test_a_page_without_any_title_is_still_refused_by_name():
    entry = Entry(url=URL, origin="feed.xml", page=_page("<div id='app'></div>", head=""),
                  feed_html="".join(f"<p>{p}</p>" for p in PARAGRAPHS[:2]))
    with pytest.raises(ExtractionError, match=f"feed.xml: article at {URL} has no title"):
        extract(entry)


def test_a_page_names_itself_by_og_url_when_it_has_no_canonical_link():
    og_url = "https://www.calderpost.example/news/night-ferry"
    page = _page("<article>" + "".join(f"<p>{p}</p>" for p in PARAGRAPHS) + "</article>",
                 f"<title>{HEADLINE}</title><meta property='og:url' content='{og_url}'>")
    article = extract(Entry(url="", origin="night-ferry.html", page=page))
    assert (article.url, article.canonical_url, article.source_domain) == (og_url, og_url, "www.calderpost.example")


def test_a_page_that_names_no_url_keeps_the_one_it_was_fetched_from_or_none():
    page = _page("<article>" + "".join(f"<p>{p}</p>" for p in PARAGRAPHS) + "</article>")
    fetched = extract(Entry(url=URL, origin="feed.xml", page=page))
    assert (fetched.url, fetched.canonical_url, fetched.source_domain) == (URL, URL, "www.calderpost.example")
    from_a_file = extract(Entry(url="", origin="night-ferry.html", page=page))
    assert (from_a_file.url, from_a_file.source_domain) == ("", "")  # the site gives it a source of its own


@pytest.mark.parametrize("feed_title", [
    f"{HEADLINE} - Calder Post",
    f"{HEADLINE} | The Calder Post",
    f"{HEADLINE} — calderpost.example",
    f"Calder Post | {HEADLINE}",
    HEADLINE,
])
def test_the_headline_is_not_left_at_the_top_of_the_text_whatever_the_feed_adds_to_it(feed_title):
    body = f"<article><h1>{HEADLINE}</h1>" + "".join(f"<p>{p}</p>" for p in PARAGRAPHS) + "</article>"
    article = extract(Entry(url=URL, origin="feed.xml", title=feed_title, page=_page(body, "<title>x</title>")))
    assert article.title == feed_title  # the title is the feed's, as sent
    assert article.paragraphs[0] == PARAGRAPHS[0]


def test_a_first_paragraph_that_only_resembles_the_headline_stays():
    text = "Night ferry to run all winter, the board says, but at a price\n\n" + PARAGRAPHS[0]
    assert without_headline(text, [f"{HEADLINE} - Calder Post"]) == text
    assert without_headline(f"{HEADLINE}.\n\n{PARAGRAPHS[0]}", [f"{HEADLINE} - Calder Post"]) == PARAGRAPHS[0]
