"""Near-duplicates: the wire story republished by three outlets is one original and two linked copies."""

import shutil

import pytest

from newsbrief.site.ingest.from_files import ingest_paths
from newsbrief.site.models import Article, Brief, Comment
from tests.conftest import EXAMPLES

pytestmark = pytest.mark.django_db

WIRE = {
    "valleyledger.example": "/2026/11/21/storm-edda-red-warning.html",
    "www.veradiastandard.example": "/news/2026/11/21/storm-edda-red-warning.html",
    "news.coastlineradio.example": "/2026/11/21/storm-edda-gusts-forecast.html",
}


def _wire(host: str) -> Article:
    return Article.objects.get(canonical_url=f"https://{host}{WIRE[host]}")


def _only(tmp_path, *hosts: str):
    """A corpus of just these outlets."""
    for host in hosts:
        shutil.copytree(EXAMPLES / host, tmp_path / host)
    return [tmp_path / host for host in hosts]


def test_the_wire_story_is_one_original_and_two_linked_copies():
    report = ingest_paths([EXAMPLES])
    original = _wire("valleyledger.example")  # 10:30, the earliest of the three
    assert original.duplicate_of is None and Brief.objects.filter(article=original).exists()
    for host in ("www.veradiastandard.example", "news.coastlineradio.example"):
        copy = _wire(host)
        assert copy.duplicate_of == original
        assert 0.8 <= copy.similarity < 1
        assert not Brief.objects.filter(article=copy).exists()
    published = list(Article.objects.published())
    assert original in published and len(published) == report.new
    assert Article.objects.filter(duplicate_of__isnull=False).count() == 2


def test_stories_that_only_share_a_topic_are_not_copies():
    ingest_paths([EXAMPLES])
    copies = Article.objects.filter(duplicate_of__isnull=False)
    assert {c.canonical_url for c in copies} == {
        f"https://{host}{path}" for host, path in WIRE.items() if host != "valleyledger.example"
    }


def test_the_earliest_is_the_original_even_when_it_arrives_last(tmp_path):
    coastline, standard, valley = _only(
        tmp_path, "news.coastlineradio.example", "www.veradiastandard.example", "valleyledger.example"
    )
    ingest_paths([coastline])
    early_copy = _wire("news.coastlineradio.example")
    Comment.objects.create(article=early_copy, name="Ann", email="ann@example.org", body="Windy here.")
    ingest_paths([standard])  # 10:55: earlier than Coastline's 11:20, so it takes over
    assert _wire("news.coastlineradio.example").duplicate_of == _wire("www.veradiastandard.example")
    ingest_paths([valley])  # 10:30: the earliest of all
    original = _wire("valleyledger.example")
    assert set(original.copies.all()) == {_wire("news.coastlineradio.example"), _wire("www.veradiastandard.example")}
    assert Brief.objects.filter(article__in=original.copies.all()).count() == 0
    assert list(original.comments.values_list("name", flat=True)) == ["Ann"]


def test_the_index_is_rebuilt_from_stored_signatures_in_a_later_run(tmp_path):
    valley, coastline = _only(tmp_path, "valleyledger.example", "news.coastlineradio.example")
    ingest_paths([valley])
    assert len(_wire("valleyledger.example").signature) > 0
    report = ingest_paths([coastline])
    assert _wire("news.coastlineradio.example").duplicate_of == _wire("valleyledger.example")
    assert report.duplicate == 1


def test_ingesting_the_copies_again_adds_nothing():
    ingest_paths([EXAMPLES])
    count = Article.objects.count()
    again = ingest_paths([EXAMPLES])
    assert again.new == 0 and Article.objects.count() == count


def test_the_original_page_says_who_else_published_it(client):
    ingest_paths([EXAMPLES])
    original = _wire("valleyledger.example")
    page = client.get(original.get_absolute_url()).content.decode()
    assert "Also published by" in page
    for host in ("www.veradiastandard.example", "news.coastlineradio.example"):
        copy = _wire(host)
        assert f'<a href="{copy.url}" rel="noopener">{copy.outlet_name}</a>' in page


def test_an_article_without_copies_says_nothing_of_copies(client):
    ingest_paths([EXAMPLES])
    lone = Article.objects.published().exclude(pk=_wire("valleyledger.example").pk).first()
    assert "Also published by" not in client.get(lone.get_absolute_url()).content.decode()


def test_a_copy_s_page_leads_to_the_original(client):
    ingest_paths([EXAMPLES])
    copy = _wire("news.coastlineradio.example")
    answer = client.get(copy.get_absolute_url())
    assert answer.status_code == 302 and answer["Location"] == _wire("valleyledger.example").get_absolute_url()


def test_a_changed_text_at_the_same_url_is_a_revision_not_a_copy(store_text):
    text = "\n\n".join(f"Paragraph {n} says something rather long about the harbour and its ferries." for n in range(8))
    first = store_text(text)
    second = store_text(text + "\n\nA correction was added.")
    assert second.revision == 2 and second.revision_of == first and second.duplicate_of is None
    assert list(Article.objects.published()) == [second]
    assert store_text(text + "\n\nA correction was added.") is None


def test_the_same_text_elsewhere_is_an_exact_duplicate_and_not_stored(store_text):
    text = "\n\n".join(f"Paragraph {n} says something rather long about the harbour and its ferries." for n in range(8))
    store_text(text)
    assert store_text(text, "https://b.example/y.html", domain="b.example") is None
    assert Article.objects.count() == 1
