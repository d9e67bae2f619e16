"""The original stays the original: a copy never takes its page on a date it only seems to have.

Pages carry full publication times; a copy takes over an original's page, URL and
comments only when it was published strictly earlier. With equal or missing times,
the article stored first stays the original. The original's page and the API say
how much of each copy's text is the same.
"""

import json
from datetime import UTC, datetime

import pytest

from newsbrief.pipeline import types
from newsbrief.pipeline.duplicates.keys import content_hash
from newsbrief.pipeline.process import process
from newsbrief.site.ingest.pipeline_setup import is_stored, pipeline_options
from newsbrief.site.models import Article, Comment
from newsbrief.site.store import store_article
from tests.site.conftest import reader_get

pytestmark = pytest.mark.django_db

PARAGRAPHS = [
    "The Kestrel Bridge between Port Aldwyn and the island reopened to cars on Monday afternoon, three weeks "
    "after engineers found corrosion in two of the cables that hold the western span of the crossing.",
    "The harbour authority said the repairs had cost less than feared and that lorries would be allowed back "
    "in the spring, once a second inspection of the eastern span is complete and signed off by the engineers.",
    "Shopkeepers on the island, who lost trade while the bridge was shut, said they would ask the council for "
    "a rates holiday to make up for the weeks of empty streets and cancelled deliveries before the holidays.",
    "The ferry operator, which ran extra crossings while the bridge was closed, said it would return to its "
    "winter timetable on Wednesday and thanked passengers for their patience during the busy weeks.",
]
COPY_PARAGRAPHS = [*PARAGRAPHS[:3], PARAGRAPHS[3].replace("thanked passengers", "praised its crews")]
AFTERNOON = datetime(2026, 11, 17, 16, 40, tzinfo=UTC)


def _page(paragraphs: list[str], published_time: str = "") -> bytes:
    meta = f'<meta property="article:published_time" content="{published_time}">' if published_time else ""
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    return (f"<!DOCTYPE html><html><head><title>Kestrel Bridge reopens</title>{meta}</head>"
            f"<body><article><h1>Kestrel Bridge reopens</h1>{body}</article></body></html>").encode()


def _ingest(url: str, page: bytes, published: datetime | None = None) -> Article | None:
    """An entry through the pipeline and the store, as polling takes it."""
    entry = types.Entry(url=url, origin="test", title="Kestrel Bridge reopens", published=published, page=page)
    processed = process(entry, pipeline_options(enrich=False), is_stored=is_stored)
    return store_article(processed.article, processed.brief, None)


def _store(text_paragraphs: list[str], host: str, published: datetime | None) -> Article:
    text = "\n\n".join(text_paragraphs)
    url = f"https://{host}/bridge.html"
    article = types.Article(url=url, canonical_url=url, title="Kestrel Bridge reopens", text=text,
                            source_domain=host, content_hash=content_hash(text), published=published)
    brief = types.Brief(lead=(types.BriefSentence("The bridge reopened."),), closing=())
    return store_article(article, brief, None)


def test_a_copy_whose_page_gives_the_same_afternoon_does_not_take_the_originals_page():
    # The original's feed gives 16:40; the copy's page says 16:40 too. Read as a date alone, the
    # copy's time was midnight, earlier than the original's: it took the page, URL and comments.
    original = _ingest("https://harbourgazette.example/bridge.html", _page(PARAGRAPHS), published=AFTERNOON)
    Comment.objects.create(article=original, name="Ann", email="ann@example.org", body="At last.")
    copy = _ingest("https://calderpost.example/bridge.html", _page(COPY_PARAGRAPHS, "2026-11-17T16:40:00+00:00"))
    assert copy.published == AFTERNOON
    assert Article.objects.get(pk=copy.pk).duplicate_of_id == original.pk
    assert Article.objects.get(pk=original.pk).duplicate_of_id is None
    assert list(Article.objects.get(pk=original.pk).comments.values_list("name", flat=True)) == ["Ann"]


@pytest.mark.parametrize(
    ("first_published", "later_published"),
    [(AFTERNOON, AFTERNOON), (None, None), (None, AFTERNOON), (AFTERNOON, None)],
    ids=["equal", "both missing", "first missing", "copy missing"],
)
def test_with_equal_or_missing_times_the_article_stored_first_stays_the_original(first_published, later_published):
    first = _store(PARAGRAPHS, "harbourgazette.example", first_published)
    later = _store(COPY_PARAGRAPHS, "calderpost.example", later_published)
    assert Article.objects.get(pk=later.pk).duplicate_of_id == first.pk
    assert Article.objects.get(pk=first.pk).duplicate_of_id is None


def test_a_copy_published_strictly_earlier_is_the_original():
    later = _store(PARAGRAPHS, "harbourgazette.example", AFTERNOON)
    earlier = _store(COPY_PARAGRAPHS, "calderpost.example", AFTERNOON.replace(minute=39))
    assert Article.objects.get(pk=later.pk).duplicate_of_id == earlier.pk


def test_the_originals_page_and_the_api_say_how_much_of_each_copy_is_the_same_text():
    original = _store(PARAGRAPHS, "harbourgazette.example", AFTERNOON)
    copy = Article.objects.get(pk=_store(COPY_PARAGRAPHS, "calderpost.example", AFTERNOON).pk)
    percent = int(copy.similarity * 100 + 1e-6)
    assert 80 <= percent < 100
    page = reader_get(original.get_absolute_url()).content.decode()
    assert f"calderpost.example</a> <span class=\"similarity\">({percent} % the same text)</span>" in page
    [listed] = json.loads(reader_get(f"/api/articles/{original.pk}").content)["copies"]
    assert listed["original_url"] == "https://calderpost.example/bridge.html"
    assert listed["similarity"] == pytest.approx(copy.similarity)
    assert listed["same_text_percent"] == percent
