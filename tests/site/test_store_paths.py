"""Both ways into the store, one article at a time and a backfill's batches: the same rows, the same side effects."""

import json
from datetime import UTC, datetime, timedelta

import pytest
from django.core.cache import caches

from newsbrief.pipeline import types
from newsbrief.pipeline.duplicates import neardup
from newsbrief.pipeline.duplicates.keys import content_hash
from newsbrief.scale.local_engine import LocalEngine
from newsbrief.site.ingest.backfill import run_backfill
from newsbrief.site.models import Article, Brief, Entity, Mention, Source, Statement, Story, StoryLog
from newsbrief.site.store import BulkArticle, BulkWriter, outlet_source, store_article
from newsbrief.site.store.page_generation import LISTS, generations
from newsbrief.site.web import search
from newsbrief.site.web.caching import CACHE_ALIAS
from tests.site.conftest import reader_get

pytestmark = pytest.mark.django_db

BACKFILLED = "Harbour Pilots Agree a New Winter Rota"


@pytest.fixture
def cached_pages(monkeypatch):
    """The page cache on, with pages kept far longer than any test runs: only a write can make one stale."""
    monkeypatch.setenv("NEWSBRIEF_CACHE_SECONDS", "86400")
    caches[CACHE_ALIAS].clear()
    yield
    caches[CACHE_ALIAS].clear()



def _backfill(tmp_path, django_capture_on_commit_callbacks):
    """Backfill one new article of the outlet already stored (so no new source), committing as a real run does."""
    text = "\n\n".join([
        "The harbour pilots of Port Aldwyn agreed on Thursday to a new winter rota that puts two pilots on every "
        "night shift until the Kestrel Bridge reopens.",
        "The pilots' association said the rota spares the tugboat crews the longest shifts of the season, and the "
        "harbour master called it a fair settlement after three weeks of talks.",
        "Ships waiting at the outer anchorage will be brought in by the order they arrived, the harbour office said.",
    ])
    record = {"id": "rota-1", "title": BACKFILLED, "text": text, "published": "2026-11-26T08:00:00Z",
              "url": "https://harbourgazette.example/news/pilots-rota.html"}
    (tmp_path / "archive.jsonl").write_text(json.dumps(record) + "\n", encoding="utf-8")
    with django_capture_on_commit_callbacks(execute=True):  # what runs once each batch's transaction commits
        report = run_backfill(tmp_path, LocalEngine(1), enrich=False)
    assert report.new == 1


def test_a_cached_front_page_shows_what_a_backfill_adds_at_once(
        article, cached_pages, tmp_path, django_capture_on_commit_callbacks):
    assert reader_get("/")["X-Page-Cache"] == "miss"
    assert reader_get("/")["X-Page-Cache"] == "hit"
    shared = generations([LISTS])
    _backfill(tmp_path, django_capture_on_commit_callbacks)
    assert generations([LISTS]) != shared  # every other worker and process stops serving its lists too
    front = reader_get("/")
    assert front["X-Page-Cache"] == "miss" and BACKFILLED in front.content.decode()


def test_search_finds_a_backfilled_article_at_once(article, tmp_path, django_capture_on_commit_callbacks):
    _backfill(tmp_path, django_capture_on_commit_callbacks)
    hits = search.search("pilots rota").hits
    assert [hit.article.title for hit in hits] == [BACKFILLED]


# -- the same rows by either path ---------------------------------------------

START = datetime(2026, 11, 20, 7, 0, tzinfo=UTC)
HARBOUR = types.Entity("Port Aldwyn", types.EntityKind.PLACE, 3, ("Port Aldwyn", "Aldwyn"))
HARBOUR_AS_ORG = types.Entity("Port Aldwyn", types.EntityKind.ORG, 1, ("Port Aldwyn",))
FERRIES = types.Entity("Bluewake Ferries", types.EntityKind.ORG, 2, ("Bluewake Ferries", "Bluewake"))
LONG_NAME = types.Entity("The " + "very " * 80 + "long committee", types.EntityKind.ORG, 1, ("the committee",))


def _statement(actor: types.Entity, aim: str) -> types.Statement:
    return types.Statement(actor.name, actor.kind, "wants", aim, types.Polarity.WANTS,
                           f" {actor.name} wants {aim}. ", types.Span(1, 0, 40))


def _inputs() -> list[BulkArticle]:
    """Four articles of one outlet: three stories' worth, a revision of the first, and kinds that disagree."""
    made = []
    for n, (topic, entities, statements, url) in enumerate([
        ("ferry timetable", (HARBOUR, FERRIES), (_statement(FERRIES, "a longer timetable"),), "ferries.html"),
        ("bridge repairs", (HARBOUR_AS_ORG, LONG_NAME), (_statement(LONG_NAME, "the bridge shut"),), "bridge.html"),
        ("pier concert", (HARBOUR,), (_statement(types.Entity("Mara Ilves", types.EntityKind.PERSON, 0), "a stage"),),
         "concert.html"),
        ("ferry timetable", (HARBOUR, FERRIES), (), "ferries.html"),  # the first, revised
    ]):
        words = topic.split()
        text = "\n\n".join(f"Paragraph {p} of story {n % 3} on the {topic}: the {words[0]} and its {words[1]} "
                           f"came up again at meeting {p * 7 + n} of the {words[1]} board." for p in range(6))
        url = f"https://harbourgazette.example/news/{url}"
        article = types.Article(url=url, canonical_url=url, title=f"The {topic}, day {n}", text=text,
                                source_domain="harbourgazette.example", content_hash=content_hash(text),
                                outlet="The Harbour Gazette", published=START + timedelta(hours=n))
        brief = types.Brief(lead=(types.BriefSentence(f"The {topic}.", types.Span(0, 0, 10)),),
                            closing=(types.BriefSentence("In summary, it goes on.", None, "extractive"),),
                            body=((types.BriefSentence(text.split("\n\n")[1]),),), method="extractive")
        enrichment = types.Enrichment(entities, (topic, words[0]), statements)
        made.append(BulkArticle(id=f"00000000-0000-4000-8000-00000000000{n}", article=article, origin=url,
                                signature=neardup.signature(text), brief=brief, enrichment=enrichment))
    return made


def _rows() -> dict:
    """What the database holds of the articles, keyed by title (the stories' ids are the index's own)."""
    title = {pk: t for pk, t in Article.objects.values_list("pk", "title")}
    story_of = dict(Article.objects.values_list("title", "story_id"))
    return {
        "articles": sorted(Article.objects.values_list(
            "title", "url", "canonical_url", "text", "outlet", "source__url", "source__name", "source__kind",
            "published", "content_hash", "text_origin", "status", "revision", "revision_of__title", "duplicate_of",
            "signature", "topics")),
        "briefs": sorted(Brief.objects.values_list(
            "article__title", "lead", "key_points", "body", "closing", "method", "provenance", "notes")),
        "entities": sorted(Entity.objects.values_list("name", "kind")),
        "mentions": sorted(Mention.objects.values_list("article__title", "entity__name", "count", "surface_forms",
                                                       "kind")),
        "statements": sorted(Statement.objects.values_list(
            "article__title", "actor__name", "cue", "aim", "polarity", "evidence", "paragraph", "start", "end")),
        "sources": sorted(Source.objects.values_list("url", "name", "domain", "kind")),
        "logged": sorted((title[pk], names) for pk, names in StoryLog.objects.values_list("article_id", "entities")),
        "stories": sorted(
            (sorted(t for t, s in story_of.items() if s == story.pk), story.size, story.outlets, story.title,
             story.lead, story.topics, story.first_published, story.last_published)
            for story in Story.objects.filter(merged_into=None, size__gt=0)),
    }


def _wipe() -> None:
    for model in (Article, Story, Entity, Source):
        model.objects.all().delete()


def test_one_article_at_a_time_and_a_bulk_batch_write_the_same_rows():
    for item in _inputs():
        source = outlet_source(item.article.source_domain, item.article.outlet, Source.Kind.PAGE)
        assert store_article(item.article, item.brief, source, article_id=item.id, enrichment=item.enrichment)
    one_by_one = _rows()
    _wipe()
    written = BulkWriter().originals(_inputs())
    assert written.stored == 4 and written.failures == ()
    bulk = _rows()
    for part in one_by_one:
        assert bulk[part] == one_by_one[part], part
    assert Entity.objects.get(name="Port Aldwyn").kind == Entity.Kind.PLACE  # most articles' kind
    assert Article.objects.get(title="The ferry timetable, day 3").revision == 2
    assert len(Entity.objects.get(kind=Entity.Kind.ORGANIZATION, name__startswith="The very").name) == 300
