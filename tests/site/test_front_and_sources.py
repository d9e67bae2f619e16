"""The front page lists the latest briefs; each source has a page of its own."""

import pytest

from newsbrief.site.models import Article, Source

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("ingested_examples")]


def test_the_front_page_lists_the_latest_briefs_newest_first(client):
    html = client.get("/").content.decode()
    latest = list(Article.objects.published()[:40])
    assert len(latest) == 40
    positions = [html.index(f'href="{a.get_absolute_url()}"') for a in latest]
    assert positions == sorted(positions)
    first = latest[0]
    assert first.outlet_name in html
    assert first.brief.lead[:60].replace("'", "&#x27;").replace('"', "&quot;") in html


def test_every_brief_on_the_front_page_opens(client):
    for article in Article.objects.published():
        assert client.get(article.get_absolute_url()).status_code == 200


def test_each_source_page_lists_only_its_own_briefs(client):
    assert client.get("/sources/").status_code == 200
    for source in Source.objects.filter(articles__isnull=False).distinct():
        html = client.get(source.get_absolute_url()).content.decode()
        assert source.name in html
        for article in Article.objects.published().exclude(source=source)[:5]:
            assert article.get_absolute_url() not in html


def test_the_front_page_pages_on_without_counting_and_a_page_past_the_end_is_not_found(client, monkeypatch):
    monkeypatch.setattr("newsbrief.site.web.views.PAGE_SIZE", 20)
    latest = list(Article.objects.published())
    first, second = client.get("/").content.decode(), client.get("/?page=2").content.decode()
    assert 'rel="next"' in first and 'rel="prev"' not in first
    assert latest[19].get_absolute_url() in first and latest[20].get_absolute_url() not in first
    assert latest[20].get_absolute_url() in second and 'rel="prev"' in second
    last = (len(latest) - 1) // 20 + 1
    assert 'rel="next"' not in client.get(f"/?page={last}").content.decode()
    assert client.get(f"/?page={last + 1}").status_code == 404
    assert client.get("/?page=first").status_code == 200
