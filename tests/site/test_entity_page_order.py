"""An entity page reads its newest mentions from their own index and shows what the full sort would.

Mentions and statements carry their article's dates (the store copies them), so
the page's lists are read newest first and stop at the page (migration 0015).
What the page shows must be what sorting all the entity's published articles by
date shows: the same articles in the same order, page after page.
"""

import re
from collections import Counter

import pytest
from django.db.models import Count, F

from bench.web.archive import Vocabulary, articles, write_archive
from newsbrief.site.models import Article, Entity, Mention, Statement
from newsbrief.site.web.story_views import PAGE_SIZE
from tests.site.conftest import reader_get

pytestmark = pytest.mark.django_db

WORDS = Vocabulary.of(Counter({
    word: 400 // (rank + 1) + 1 for rank, word in enumerate(
        "the of and to a in harbour ferry council said bridge pier tide crew rota timetable vote budget mayor quay "
        "lantern ward market tram canal lock weir dredger beacon pilot tug ballast mooring gantry slipway".split()
    )
}))


def _listed(html: str) -> list[str]:
    """The article links of the page's coverage list, in order."""
    coverage = html.split('id="coverage-heading"', 1)[1]
    return re.findall(r'<a href="(/a/[^"]+)">', coverage)


def test_mentions_and_statements_carry_their_articles_dates():
    write_archive(articles(120, WORDS), batch=50)
    assert Mention.objects.exists() and Statement.objects.exists()
    assert not Mention.objects.exclude(article_published=F("article__published")).exists()
    assert not Mention.objects.exclude(article_ingested=F("article__ingested")).exists()
    assert not Statement.objects.exclude(article_published=F("article__published")).exists()


def test_the_busiest_entity_lists_its_articles_newest_first_page_after_page(monkeypatch):
    monkeypatch.setenv("NEWSBRIEF_CACHE_SECONDS", "0")
    write_archive(articles(400, WORDS), batch=100)
    entity = Entity.objects.annotate(n=Count("mentions")).order_by("-n", "pk").first()
    expected = [a.get_absolute_url() for a in Article.objects.published().filter(mentions__entity=entity)]
    assert len(expected) > PAGE_SIZE  # the test needs a second page
    shown = []
    for number in (1, 2):
        response = reader_get(f"{entity.get_absolute_url()}?page={number}")
        assert response.status_code == 200
        shown += _listed(response.content.decode())
    assert shown == expected[: 2 * PAGE_SIZE]


def test_the_coverage_chart_counts_each_article_on_its_day_in_utc(monkeypatch):
    monkeypatch.setenv("NEWSBRIEF_CACHE_SECONDS", "0")
    write_archive(articles(300, WORDS), batch=100)
    entity = Entity.objects.annotate(n=Count("mentions")).order_by("-n", "pk").first()
    dates = sorted(Article.objects.published().filter(mentions__entity=entity).values_list("published", flat=True))
    html = reader_get(entity.get_absolute_url()).content.decode()
    first, last = (f"{d.day} {d:%b %Y}" for d in (dates[0], dates[-1]))
    assert f"{len(dates)} articles from {first} to {last}, at most" in html
