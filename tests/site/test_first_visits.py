"""First visits cost a bounded number of queries, the same whatever the archive's size.

An archive of articles with entities, statements and stories (bench/web/archive.py,
written through the store's BulkWriter, with a fictional vocabulary) is measured
at two sizes, ten times apart: an uncached article, story, entity and front page,
a feed and a search each make as many queries at both sizes, and no more than
their bar.
"""

from collections import Counter
from itertools import islice

import pytest
from django.db import connection
from django.db.models import Count
from django.test.utils import CaptureQueriesContext

from bench.web.archive import Vocabulary, articles, write_archive
from newsbrief.site.models import Article, Entity, Statement, Story
from tests.site.conftest import analyze, reader_get

pytestmark = pytest.mark.django_db

# Fictional words with a skewed frequency, as in real text: a few everywhere, most rare.
FICTION = Vocabulary.of(Counter({
    word: 4000 // (rank + 1) + 1 for rank, word in enumerate(
        "the of and to a in harbour ferry council said bridge aldwyn kestrel pier tide crew rota timetable vote "
        "budget mayor quay lantern ward market tram canal lock weir dredger beacon pilot tug ballast mooring "
        "gantry slipway bollard jetty towpath foundry tannery cooper chandler ropewalk saltmarsh estuary shoal "
        "wherry lugger cutter ketch schooner barque brig sloop yawl coracle punt skiff dinghy tender launch "
        "lighter hulk pontoon caisson culvert sluice spillway reservoir cistern aqueduct viaduct causeway "
        "turnpike tollgate milestone waymark cairn barrow tumulus henge cromlech dolmen menhir".split()
    )
}))
SMALL, LARGE = 60, 600
# Queries per page as measured when this test was written (8, 4, 6, 3, 2, 4), and a little room.
BARS = {"article": 10, "story": 6, "entity": 8, "front": 5, "feed": 4, "search": 8}


def _urls() -> dict[str, str]:
    """One URL of each kind, chosen by the same rule at any size: the busiest of its kind."""
    article = Article.objects.published().annotate(n=Count("statements")).filter(n__gt=0, story__isnull=False).first()
    story = Story.objects.filter(merged_into=None).order_by("-size", "pk").first()
    entity = Entity.objects.annotate(n=Count("mentions")).order_by("-n", "pk").first()
    word = entity.name.split()[0].lower()
    return {
        "article": article.get_absolute_url(),
        "story": story.get_absolute_url(),
        "entity": entity.get_absolute_url(),
        "front": "/",
        "feed": "/feeds/latest.rss",
        "search": f"/search/?q={word}",
    }


def _queries() -> dict[str, int]:
    counts = {}
    for kind, url in _urls().items():
        with CaptureQueriesContext(connection) as queries:
            response = reader_get(url)
        assert response.status_code == 200, (url, response.status_code)
        counts[kind] = len(queries)
    return counts


def test_first_visits_make_as_many_queries_at_ten_times_the_archive(monkeypatch):
    monkeypatch.setenv("NEWSBRIEF_CACHE_SECONDS", "0")
    made = articles(LARGE, FICTION)
    write_archive(islice(made, SMALL), batch=100)
    analyze()
    small = _queries()
    write_archive(made, batch=100)
    analyze()
    assert Article.objects.count() == LARGE and Statement.objects.exists()
    large = _queries()
    assert large == small
    for kind, bar in BARS.items():
        assert large[kind] <= bar, (kind, large[kind])
