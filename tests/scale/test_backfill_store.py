"""A backfill stores what the store path stores, and feeds the site's one story index."""

import shutil
from pathlib import Path

import pytest

from newsbrief.scale.local_engine import LocalEngine
from newsbrief.site.ingest.backfill import run_backfill
from newsbrief.site.ingest.from_files import ingest_paths
from newsbrief.site.models import Article, Entity, EntityAlias, Mention, Statement, Story
from tests.conftest import EXAMPLES

pytestmark = pytest.mark.django_db
EDDA = "www.harbourgazette.example/news/2026/11/22/saltmarsh-quay-evacuated-storm-edda.html"


def enrichment_by_text() -> dict[str, tuple]:
    """Each original's mentions, statements and topics, keyed by its text (ids differ between the two paths)."""
    found = {}
    for article in Article.objects.filter(duplicate_of=None, status=Article.Status.OK):
        mentions = sorted(
            Mention.objects.filter(article=article).values_list("entity__name", "count", "surface_forms", "kind")
        )
        statements = sorted(Statement.objects.filter(article=article).values_list(
            "actor__name", "cue", "aim", "polarity", "paragraph", "start", "end"))
        found[article.text] = (mentions, statements, article.topics)
    return found


@pytest.fixture(scope="module")
def pages(tmp_path_factory) -> Path:
    """The examples' HTML pages alone: the backfill and ingest read them alike."""
    root = tmp_path_factory.mktemp("pages")
    for page in EXAMPLES.rglob("*.html"):
        target = root / page.relative_to(EXAMPLES)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(page, target)
    return root


def test_a_backfill_stores_the_mentions_statements_and_topics_that_ingest_stores(pages):
    ingest_paths([pages])
    ingested = enrichment_by_text()
    Article.objects.all().delete()
    Entity.objects.all().delete()
    run_backfill(pages, LocalEngine(2), enrich=True)
    backfilled = enrichment_by_text()
    shared = ingested.keys() & backfilled.keys()
    assert len(shared) >= 30
    assert any(statements for _, statements, _ in backfilled.values())
    assert all(topics for _, _, topics in backfilled.values())
    for text in shared:
        assert backfilled[text] == ingested[text]
    assert Entity.objects.get(name="Port Aldwyn").kind == Entity.Kind.PLACE  # most articles' kind, not the first's


def test_a_backfill_makes_one_entity_per_name_and_applies_the_alias_table(pages):
    EntityAlias.objects.create(alias="Bank of Veradia", name="Veradian central bank")
    run_backfill(pages, LocalEngine(1), enrich=True)
    names = list(Entity.objects.values_list("name", flat=True))
    assert len(names) == len(set(names))
    assert "Veradian central bank" in names and "Bank of Veradia" not in names


def test_backfilled_stories_have_totals_topics_a_central_lead_and_take_later_articles(pages):
    edda = pages / EDDA
    held_back = edda.read_bytes()
    edda.unlink()
    try:
        run_backfill(pages, LocalEngine(2), enrich=True)
    finally:
        edda.write_bytes(held_back)
    for story in Story.objects.filter(merged_into=None, size__gt=0):
        members = Article.objects.filter(story=story)
        assert story.size == members.count() and story.outlets >= 1
        assert story.lead and story.topics and story.central_id in set(members.values_list("pk", flat=True))
    storm = Article.objects.get(title__contains="Storm Edda", source_domain="www.veradiastandard.example").story
    ingest_paths([edda])  # the store path, after the backfill: it finds the backfilled story
    assert Article.objects.get(canonical_url__endswith="saltmarsh-quay-evacuated-storm-edda.html").story == storm
