"""A thread's page, feeds and API; the event page's link up to its thread; the front page's cards by thread."""

import json
import re

import pytest

from newsbrief.site.models import Article, Story, Thread
from newsbrief.site.store import story_index_log
from newsbrief.site.web.story_views import ranked_stories
from tests.site.thread_corpus import ScriptedThreads, store_one_by_one, week

pytestmark = pytest.mark.django_db

CLOSURE = "Kestrel Bridge shut after inspectors find cracks in its main girders"
CONTRACT = "Aldwyn Council hands the bridge repair contract to Brannock Steel"


@pytest.fixture
def week_in_threads(monkeypatch):
    """The made-up week stored one article at a time, with threads named by the stand-in thread level."""
    monkeypatch.setattr(story_index_log, "_CACHE", story_index_log._Cached())
    monkeypatch.setattr(story_index_log, "StoryIndex", ScriptedThreads)
    monkeypatch.setattr(story_index_log, "CHECKPOINT_EVERY", 10**9)
    store_one_by_one(week())


@pytest.fixture
def bridge(week_in_threads) -> Thread:
    """The bridge's developing story: the closure, the contract and the recount folded in by the mayor's visit."""
    return Thread.objects.get(events__title=CLOSURE, merged_into=None)


def _event(title: str) -> Story:
    return Story.objects.get(title=title, merged_into=None)


def test_the_thread_page_shows_its_events_on_a_timeline_with_outlets_entities_and_who_wants_what(bridge, client):
    response = client.get(f"/t/{bridge.pk}/")
    assert response.status_code == 200
    html = response.content.decode()
    events = list(Story.objects.filter(thread=bridge, merged_into=None, size__gt=0).order_by("first_published"))
    assert len(events) >= 2
    linked = re.findall(r'<li class="event">.*?<a href="(/s/[0-9a-f-]+/)">', html, re.DOTALL)
    assert linked == [event.get_absolute_url() for event in events]  # oldest first
    # Pictures: a bar per event from its first report to its last, and the articles per day coloured by event.
    spans = re.findall(r'<rect x="[\d.]+" y="[\d.]+" width="[\d.]+" height="12" rx="2" fill="(#\w+)"><title>([^<]+)'
                       r"</title>", html)
    assert [label.split(":")[0] for _, label in spans] == [event.title for event in events]
    assert f'aria-label="{len(events)} events from ' in html
    bars = re.findall(r'height="[\d.]+" fill="(#\w+)"><title>[^<]+: (\d+) articles? \(([^)]+)\)</title>', html)
    dated = Article.objects.filter(story__in=events, published__isnull=False, status=Article.Status.OK)
    assert sum(int(n) for _, n, _ in bars) == dated.count()
    assert {colour for colour, _ in spans} == {colour for colour, _, _ in bars}
    for outlet in ("The Harbour Gazette", "The Valley Ledger", "The Calder Post"):
        assert f"<li>{outlet} <span" in html
    assert 'href="/e/' in html and ">Kestrel Bridge</a>" in html and ">Brannock Steel</a>" in html
    # Who wants what over time: the council's aims from two events, in order, with their evidence.
    council = html[html.index(">Aldwyn Council</a></h3>"):]
    council = council[:council.index("</ol>")]
    assert council.index("the bridge shut until it is safe") < council.index("the bridge open by spring")
    assert re.search(r'href="/a/[^"]+#statement-\d+"', council)
    for fmt in ("rss", "atom", "json"):
        assert f'href="/t/{bridge.pk}/feed.{fmt}"' in html


def test_an_event_page_links_up_to_its_thread(bridge, client):
    html = client.get(_event(CONTRACT).get_absolute_url()).content.decode()
    assert f'Part of a developing story: <a href="/t/{bridge.pk}/">{bridge.title}</a>' in html
    concert = Story.objects.get(title__startswith="Pier Six", merged_into=None)
    html = client.get(concert.get_absolute_url()).content.decode()
    assert f'<a href="/t/{concert.thread_id}/">Follow this story as it develops</a>' in html  # a lone event


def test_an_absorbed_thread_redirects_to_the_one_that_took_it_in(bridge, client):
    absorbed = Thread.objects.get(merged_into=bridge)
    response = client.get(f"/t/{absorbed.pk}/")
    assert response.status_code == 301 and response["Location"] == f"/t/{bridge.pk}/"
    feed = client.get(f"/t/{absorbed.pk}/feed.atom")
    assert feed.status_code == 301 and feed["Location"] == f"/t/{bridge.pk}/feed.atom"
    assert client.get(f"/api/threads/{absorbed.pk}").json()["id"] == str(bridge.pk)
    assert client.get("/t/00000000-0000-4000-8000-000000000000/").status_code == 404


def test_the_front_page_groups_the_events_of_one_thread_in_one_card(bridge, client):
    html = client.get("/").content.decode()
    cards = re.findall(r'<li class="story-card">(.*?)\n  </li>', html, re.DOTALL)
    closure, contract = _event(CLOSURE).get_absolute_url(), _event(CONTRACT).get_absolute_url()
    (card,) = [card for card in cards if closure in card]
    assert contract in card and f'href="/t/{bridge.pk}/"' in card and f"{bridge.event_count} events" in card
    ranked = [story.get_absolute_url() for story in ranked_stories() if story.thread_id == bridge.pk]
    assert sorted(ranked, key=card.index) == ranked and card.index(ranked[0]) < card.index("<ul")  # in rank order
    assert sum(contract in other for other in cards) == 1
    lone = [card for card in cards if "Pier Six" in card]
    assert len(lone) == 1 and "/t/" not in lone[0]  # a lone event's card is the event alone


def test_a_thread_has_feeds_of_every_events_briefs_in_three_formats(bridge, client):
    titles = set(Article.objects.published().filter(story__thread=bridge).values_list("title", flat=True))
    assert {CLOSURE, CONTRACT} <= titles
    rss = client.get(f"/t/{bridge.pk}/feed.rss")
    assert rss["Content-Type"].startswith("application/rss+xml")
    assert set(re.findall(r"<item><title>([^<]+)</title>", rss.content.decode())) == titles
    atom = client.get(f"/t/{bridge.pk}/feed.atom").content.decode()
    assert atom.count("<entry>") == Article.objects.published().filter(story__thread=bridge).count()
    feed = json.loads(client.get(f"/t/{bridge.pk}/feed.json").content)
    assert {item["title"] for item in feed["items"]} == titles and feed["home_page_url"].endswith(f"/t/{bridge.pk}/")


def test_the_api_lists_threads_and_gives_one_with_its_events(bridge, client):
    listed = client.get("/api/threads").json()
    live = Thread.objects.filter(merged_into=None, event_count__gt=0)
    assert listed["count"] == live.count() and str(bridge.pk) in {item["id"] for item in listed["items"]}
    detail = client.get(f"/api/threads/{bridge.pk}").json()
    events = Story.objects.filter(thread=bridge, merged_into=None, size__gt=0).order_by("first_published")
    assert [event["id"] for event in detail["events"]] == [str(event.pk) for event in events]
    assert all(event["thread_id"] == str(bridge.pk) for event in detail["events"])
    assert detail["event_count"] == len(events) and detail["page_url"].endswith(f"/t/{bridge.pk}/")
    assert detail["article_count"] == Article.objects.published().filter(story__thread=bridge).count()
    story = client.get(f"/api/stories/{_event(CONTRACT).pk}").json()
    assert story["thread_id"] == str(bridge.pk)
    assert client.get("/api/threads/00000000-0000-4000-8000-000000000000").status_code == 404
