"""Each story's brief from all its outlets (issue 18), stored with the story and shown on its pages, API and feed."""

from __future__ import annotations

import json

import feedparser
import pytest

from newsbrief.site import store
from newsbrief.site.models import Article, Story
from newsbrief.site.store.story_briefs import refresh_story_briefs
from newsbrief.site.web.brief_method import STORY_METHODS

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("sample_corpus")]


def _briefed(min_outlets: int = 2) -> Story:
    story = (Story.objects.filter(merged_into=None, outlets__gte=min_outlets).exclude(brief={})
             .order_by("-outlets", "pk").first())
    assert story is not None
    return story


def test_every_story_holds_a_brief_whose_sentences_are_its_members_words_at_their_place():
    live = Story.objects.filter(merged_into=None, size__gt=0)
    assert live.exists()
    for story in live:
        brief = story.brief["brief"]
        members = {str(a.pk): a for a in Article.objects.current().filter(story=story)}
        assert set(story.brief["state"]["members"]) == set(members)
        for entry in brief["provenance"]:
            article = members[entry["article"]]
            paragraph = [p for p in article.text.split("\n\n") if p.strip()][entry["paragraph"]]
            source = " ".join(paragraph[entry["start"] : entry["end"]].split())
            shown = entry["text"].removeprefix("In summary, ")
            # The words stand within the span (an article brief may leave a dateline off the front) …
            assert shown.removesuffix(" …").lower() in source.lower()
            assert entry["outlet"] == article.outlet_name


def test_a_story_brief_is_written_again_only_when_its_members_change():
    story = _briefed()
    marked = {**story.brief, "brief": {**story.brief["brief"], "method": "left alone"}}
    Story.objects.filter(pk=story.pk).update(brief=marked)
    store.refresh_stories(story.pk)  # totals recomputed, members the same: the brief is not rewritten
    assert Story.objects.get(pk=story.pk).brief["brief"]["method"] == "left alone"
    leaving = Article.objects.filter(story=story, duplicate_of=None).order_by("published").last()
    Article.objects.filter(pk=leaving.pk).update(story=None)
    refresh_story_briefs([str(story.pk)])
    rewritten = Story.objects.get(pk=story.pk).brief
    assert rewritten["brief"]["method"] == "extractive"
    assert str(leaving.pk) not in rewritten["state"]["members"]
    assert all(p["article"] != str(leaving.pk) for p in rewritten["brief"]["provenance"])


def test_a_joining_article_is_folded_into_the_stored_state_without_rebuilding():
    story = _briefed()
    before = story.brief["state"]
    joining = Article.objects.filter(duplicate_of=None).exclude(story=story).exclude(brief=None).first()
    Article.objects.filter(pk=joining.pk).update(story=story)
    refresh_story_briefs([str(story.pk)])
    after = Story.objects.get(pk=story.pk).brief["state"]
    assert after["arrivals"] == before["arrivals"] + 1  # one fold: the others were not read again
    assert set(after["members"]) == {*before["members"], str(joining.pk)}


def test_the_story_page_shows_the_brief_above_the_timeline_with_outlets_and_links(client):
    story = _briefed()
    html = client.get(story.get_absolute_url()).content.decode()
    assert html.index('class="story-brief"') < html.index('class="timeline"')
    first = story.brief["brief"]["provenance"][0]
    article = Article.objects.get(pk=first["article"])
    assert f'<a href="{article.get_absolute_url()}">{first["outlet"]}</a>' in html
    assert "first report" in html
    assert STORY_METHODS["extractive"].replace("'", "&#x27;") in html  # how it was written, as on article pages


def test_the_thread_page_shows_its_events_briefs_above_the_timeline(client):
    story = _briefed()
    html = client.get(story.thread.get_absolute_url()).content.decode()
    assert html.index('class="event-briefs"') < html.index('class="timeline"')
    assert story.brief["brief"]["provenance"][0]["outlet"] in html


def test_the_api_returns_the_brief_with_provenance_and_tables(client):
    story = _briefed()
    body = client.get(f"/api/stories/{story.pk}").json()
    assert body["brief"]["lead"] == story.brief["brief"]["lead"]
    assert {"agree", "differ", "coverage", "provenance", "method"} <= set(body["brief"])
    assert all({"article", "outlet", "paragraph", "start", "end", "method", "reported_by", "first_outlet"} <= set(p)
               for p in body["brief"]["provenance"])  # fmt: skip
    assert "state" not in body["brief"] and "rewrite" not in body["brief"] and "notes" not in body["brief"]


def test_the_api_describes_the_story_brief_in_its_openapi_schema(client):
    schemas = client.get("/api/openapi.json").json()["components"]["schemas"]
    brief = schemas["StoryDetail"]["properties"]["brief"]
    assert "StoryBriefOut" in str(brief)
    assert {"agree", "differ", "coverage", "provenance"} <= set(schemas["StoryBriefOut"]["properties"])
    assert {"article", "outlet", "paragraph", "start", "end", "method"} <= set(
        schemas["StorySentenceOut"]["properties"])


@pytest.mark.parametrize("fmt", ["rss", "atom", "json"])
def test_the_story_feed_carries_the_brief_in_every_format(client, fmt):
    story = _briefed()
    body = client.get(f"/s/{story.pk}/feed.{fmt}").content
    told = json.loads(body)["description"] if fmt == "json" else feedparser.parse(body).feed.description
    brief = story.brief["brief"]
    assert all(sentence in told for sentence in [*brief["lead"], *brief["key_points"]])


def test_the_story_page_shows_who_first_reported_each_key_fact_beside_the_chart(client):
    story = _briefed()
    html = client.get(story.get_absolute_url()).content.decode()
    section = html[html.index('class="first-reports"'):]
    section = section[: section.index("</section>")]
    facts = [p for p in story.brief["brief"]["provenance"] if p["part"] in ("lead", "key_points")]
    assert section.count("<li ") == len(facts) and facts
    for fact in facts:
        assert f'first reported by <strong class="first-outlet">{fact["first_outlet"]}</strong>' in section
    dated = [f for f in facts if f["first_published"]]
    assert html.count('class="first-report-mark"') == len(dated)  # a numbered mark under the chart for each
    assert html.index('class="coverage-chart"') < html.index('class="first-reports"') < html.index('class="timeline-list"')
