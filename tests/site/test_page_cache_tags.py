"""The page cache outlives writes that do not touch a page: a write makes stale the pages that show what it changed
(the article, its story and thread, its entities and source, the lists), and no others, in every process."""

import os
import subprocess
import sys
from datetime import UTC, datetime

import pytest
from django.contrib.auth.models import Group
from django.core.cache import caches
from django.db import connection

from newsbrief.pipeline import types
from newsbrief.pipeline.duplicates.keys import content_hash
from newsbrief.site.models import Article, Comment, Entity, Source, SourceEntry
from newsbrief.site.store import store_article
from newsbrief.site.store.page_generation import generation_file, invalidate, tag
from newsbrief.site.store.page_tags import row_tags
from newsbrief.site.web.caching import CACHE_ALIAS
from tests.conftest import ROOT
from tests.site.conftest import reader_get

pytestmark = pytest.mark.django_db

FERRY = ("The ferry crews of the Kestrel Bridge line voted to extend the winter timetable until March.",
         "The union said the vote carried by a wide margin after a week of talks with the operator.",
         "Passengers will keep the late sailing on Fridays, the operator said.")
FERRY_AGAIN = ("The operator of the Kestrel Bridge ferry confirmed the winter timetable now runs until March.",
               "Crews voted for the longer season last week, and the operator has agreed to pay the extra shifts.",
               "The late Friday sailing stays, the operator said on its website.")
ORCHARD = ("Apple growers in the Lindenvale valley expect a small harvest after a wet spring.",
           "The growers' cooperative said frost in April cut the blossom on most upland orchards.",
           "Prices at the autumn market are likely to rise, the cooperative warned.")


@pytest.fixture(autouse=True)
def cached_pages(monkeypatch):
    monkeypatch.setenv("NEWSBRIEF_CACHE_SECONDS", "600")
    caches[CACHE_ALIAS].clear()
    yield
    caches[CACHE_ALIAS].clear()


def _store(title: str, paragraphs: tuple[str, ...], domain: str, entity: str, day: int) -> Article:
    """An article of our own, briefed by its first sentence and naming one place, stored as polling stores one."""
    text = "\n\n".join(paragraphs)
    url = f"https://{domain}/{day}.html"
    article = types.Article(url=url, canonical_url=url, title=title, text=text, source_domain=domain,
                            content_hash=content_hash(text), published=datetime(2026, 11, day, 8, tzinfo=UTC))
    brief = types.Brief(lead=(types.BriefSentence(paragraphs[0]),),
                        closing=(types.BriefSentence(f"In summary, {paragraphs[1][0].lower()}{paragraphs[1][1:]}"),))
    enrichment = types.Enrichment(entities=(types.Entity(entity, types.EntityKind.PLACE, 2, (entity,)),))
    source, _ = Source.objects.get_or_create(url=f"https://{domain}/feed.xml", defaults={"name": domain,
                                                                                         "domain": domain})
    row = store_article(article, brief, source, enrichment=enrichment)
    assert row is not None and row.duplicate_of_id is None
    return Article.objects.select_related("story", "source").get(pk=row.pk)


@pytest.fixture
def two_events():
    """A ferry article and an orchard one: two sources, two stories, two entities."""
    ferry = _store("Ferry crews vote to extend the winter timetable", FERRY, "harbour.example", "Kestrel Bridge", 2)
    orchard = _store("A small apple harvest expected in Lindenvale", ORCHARD, "valley.example", "Lindenvale", 3)
    assert ferry.story_id != orchard.story_id
    return ferry, orchard


def _pages(article: Article) -> dict[str, str]:
    entity = Entity.objects.get(mentions__article=article)
    return {"article": article.get_absolute_url(), "story": article.story.get_absolute_url(),
            "thread": article.story.thread.get_absolute_url(), "entity": entity.get_absolute_url(),
            "source": article.source.get_absolute_url(), "story feed": f"/s/{article.story_id}/feed.rss",
            "comment feed": f"/a/{article.pk}/comments/feed/"}


LISTS = {"front": "/", "latest feed": "/feeds/latest.rss", "search": "/search/?q=timetable", "sources": "/sources/"}


def _warm(urls) -> None:
    for url in urls:
        assert reader_get(url).status_code == 200, url
        assert reader_get(url)["X-Page-Cache"] == "hit", url


def _served(urls: dict[str, str]) -> dict[str, str]:
    return {name: reader_get(url)["X-Page-Cache"] for name, url in urls.items()}


def test_a_new_article_makes_stale_its_story_entities_source_and_lists_and_nothing_else(two_events):
    ferry, orchard = two_events
    ferry_pages, orchard_pages = _pages(ferry), _pages(orchard)
    _warm([*ferry_pages.values(), *orchard_pages.values(), *LISTS.values()])
    again = _store("The ferry winter timetable runs until March", FERRY_AGAIN, "coast.example", "Kestrel Bridge", 4)
    assert again.story_id == ferry.story_id  # the same event, from another outlet

    assert _served(LISTS) == dict.fromkeys(LISTS, "miss")
    changed = _served(ferry_pages)
    # Its story (and the story's other articles, which show it), thread and entity show the new article ...
    assert {name: changed[name] for name in ("article", "story", "thread", "entity", "story feed")} == dict.fromkeys(
        ("article", "story", "thread", "entity", "story feed"), "miss")
    # ... but the first article's source lists none of coast.example's briefs, nor do its comments change.
    assert changed["source"] == "hit" and changed["comment feed"] == "hit"
    assert _served(orchard_pages) == dict.fromkeys(orchard_pages, "hit")
    assert again.title in reader_get(ferry_pages["story"]).content.decode()


def test_a_comment_makes_stale_its_article_page_and_comment_feed_only(two_events):
    ferry, orchard = two_events
    ferry_pages, orchard_pages = _pages(ferry), _pages(orchard)
    _warm([*ferry_pages.values(), *orchard_pages.values(), *LISTS.values()])
    Comment.objects.create(article=ferry, name="Ada", email="ada@example.org", body="Good news for the night shift.",
                           status=Comment.Status.APPROVED)
    changed = _served(ferry_pages)
    assert changed["article"] == "miss" and changed["comment feed"] == "miss"
    assert {name for name, state in changed.items() if state == "miss"} == {"article", "comment feed"}
    assert _served(orchard_pages) == dict.fromkeys(orchard_pages, "hit")
    assert _served(LISTS) == dict.fromkeys(LISTS, "hit")


def test_a_polled_entry_makes_stale_its_source_page_only(two_events):
    ferry, orchard = two_events
    ferry_pages = _pages(ferry)
    _warm([*ferry_pages.values(), *LISTS.values()])
    SourceEntry.objects.create(source=ferry.source, key="entry-9", fingerprint="f", outcome=SourceEntry.Outcome.FAILED)
    changed = _served(ferry_pages)
    assert {name for name, state in changed.items() if state == "miss"} == {"source"}
    assert _served(LISTS) == dict.fromkeys(LISTS, "hit")


def test_a_change_made_by_another_process_makes_the_page_stale_here(two_events):
    ferry, orchard = two_events
    _warm([ferry.get_absolute_url(), orchard.get_absolute_url()])
    # Another process (a poller, another worker) changes the ferry article's generation in the shared file.
    script = ("import sys, django; django.setup(); from newsbrief.site.store.page_generation import invalidate; "
              "invalidate(sys.argv[1])")
    database = connection.settings_dict
    if connection.vendor == "sqlite":  # beside the database file, or one for this process's in-memory database
        url = "sqlite:///" + str(generation_file()).removesuffix(".page-generations")
    else:
        url = (f"postgres://{database['USER']}:{database['PASSWORD']}@{database['HOST']}:{database['PORT']}/"
               f"{database['NAME']}")
    subprocess.run([sys.executable, "-c", script, tag("article", ferry.pk)], cwd=ROOT, check=True,
                   env={**os.environ, "DJANGO_SETTINGS_MODULE": "newsbrief.settings", "NEWSBRIEF_DATABASE_URL": url})
    assert reader_get(ferry.get_absolute_url())["X-Page-Cache"] == "miss"
    assert reader_get(orchard.get_absolute_url())["X-Page-Cache"] == "hit"


def test_a_write_inside_a_transaction_is_seen_at_once_and_again_after_it_commits(two_events,
                                                                                 django_capture_on_commit_callbacks):
    ferry, _ = two_events
    url = ferry.get_absolute_url()
    _warm([url])
    with django_capture_on_commit_callbacks() as callbacks:
        invalidate(tag("article", ferry.pk))
        assert reader_get(url)["X-Page-Cache"] == "miss"  # rendered before the commit: kept, but ...
        assert reader_get(url)["X-Page-Cache"] == "hit"
    for callback in callbacks:
        callback()  # ... the commit changes the generation again, so that copy is not served after it
    assert reader_get(url)["X-Page-Cache"] == "miss"


def test_every_model_of_the_app_has_a_decided_reach(caplog):
    """A new model must say which pages its rows show on; one that does not makes every page stale, and says so."""
    from django.apps import apps

    for model in apps.get_app_config("newsbrief").get_models():
        row_tags(model())
    assert not [record.getMessage() for record in caplog.records if "no page tags" in record.getMessage()]
    row_tags(Group(name="editors"))  # not a model of this app's: placed nowhere, so every page
    assert "no page tags" in caplog.text
