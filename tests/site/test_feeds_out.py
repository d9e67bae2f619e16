"""Feeds out: RSS, Atom and JSON Feed for the site and per source, story and entity, each well-formed and complete."""

import html
import json
import re

import feedparser
import jsonschema_rs
import pytest

from newsbrief.site.web.syndication import FEED_ITEMS
from newsbrief.site.models import Article, Entity, Source, Story

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("sample_corpus")]

# The parts of JSON Feed 1.1 (https://jsonfeed.org/version/1.1) a reader relies on.
JSON_FEED = {
    "type": "object",
    "required": ["version", "title", "items"],
    "properties": {
        "version": {"const": "https://jsonfeed.org/version/1.1"},
        "title": {"type": "string", "minLength": 1},
        "home_page_url": {"type": "string", "pattern": "^https?://"},
        "feed_url": {"type": "string", "pattern": "^https?://"},
        "items": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["id", "url", "title", "summary", "date_published"],
                "anyOf": [{"required": ["content_text"]}, {"required": ["content_html"]}],
                "properties": {
                    "id": {"type": "string", "minLength": 1},
                    "url": {"type": "string", "pattern": "^https?://"},
                    "title": {"type": "string"},
                    "summary": {"type": "string"},
                    "content_text": {"type": "string"},
                    "date_published": {"type": "string", "format": "date-time"},
                    "date_modified": {"type": "string", "format": "date-time"},
                    "authors": {"type": "array", "items": {"type": "object", "required": ["name"]}},
                    "tags": {"type": "array", "items": {"type": "string"}},
                },
            },
        },
    },
}


def parse(client, url: str) -> feedparser.FeedParserDict:
    """The feed at url, parsed, after checking it parsed cleanly."""
    response = client.get(url)
    assert response.status_code == 200, url
    feed = feedparser.parse(response.content)
    assert not feed.bozo, (url, feed.get("bozo_exception"))
    return feed


def article_of(entry) -> Article:
    assert entry.id.startswith("urn:uuid:")
    return Article.objects.select_related("brief").get(pk=entry.id.removeprefix("urn:uuid:"))


def check_entries(feed, expected: list[Article]) -> None:
    """Each entry carries title, link, id, dates and the lead as summary, in the expected order."""
    assert [article_of(entry).pk for entry in feed.entries] == [a.pk for a in expected]
    for entry in feed.entries:
        article = article_of(entry)
        assert entry.title == article.title
        assert entry.link == f"http://testserver{article.get_absolute_url()}"
        assert html.unescape(entry.summary) == article.brief.lead
        assert entry.published_parsed or entry.updated_parsed


def check_json(client, url: str, expected: list[Article]) -> dict:
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/feed+json")
    feed = json.loads(response.content)
    jsonschema_rs.validator_for(JSON_FEED, validate_formats=True).validate(feed)
    assert [item["id"] for item in feed["items"]] == [f"urn:uuid:{a.pk}" for a in expected]
    for item, article in zip(feed["items"], expected):
        assert item["title"] == article.title
        assert item["summary"] == article.brief.lead
        assert item["url"] == f"http://testserver{article.get_absolute_url()}"
        assert item["external_url"] == article.original_url
    return feed


@pytest.mark.parametrize("fmt", ["rss", "atom"])
def test_the_site_feed_carries_the_latest_briefs(client, fmt):
    feed = parse(client, f"/feeds/latest.{fmt}")
    assert feed.version == ("rss20" if fmt == "rss" else "atom10")
    assert feed.feed.title and feed.feed.link == "http://testserver/"
    check_entries(feed, list(Article.objects.published()[:FEED_ITEMS]))


def test_the_site_json_feed_carries_the_latest_briefs(client):
    feed = check_json(client, "/feeds/latest.json", list(Article.objects.published()[:FEED_ITEMS]))
    assert feed["feed_url"] == "http://testserver/feeds/latest.json"


@pytest.mark.parametrize("fmt", ["rss", "atom", "json"])
def test_each_source_has_feeds_of_its_own_briefs(client, fmt):
    for source in Source.objects.filter(articles__brief__isnull=False).distinct():
        expected = list(Article.objects.published().filter(source=source)[:FEED_ITEMS])
        url = f"/sources/{source.pk}/feed.{fmt}"
        if fmt == "json":
            check_json(client, url, expected)
        else:
            feed = parse(client, url)
            assert source.name in feed.feed.title
            check_entries(feed, expected)


@pytest.fixture
def story() -> Story:
    story = Story.objects.create(title="Xylo story of the Kestrel Bridge closure")
    Article.objects.filter(pk__in=[a.pk for a in Article.objects.published()[:3]]).update(story=story)
    return story


@pytest.mark.parametrize("fmt", ["rss", "atom", "json"])
def test_a_story_has_feeds_of_its_coverage(client, story, fmt):
    expected = list(Article.objects.published().filter(story=story))
    assert len(expected) == 3
    if fmt == "json":
        check_json(client, f"/s/{story.pk}/feed.json", expected)
    else:
        feed = parse(client, f"/s/{story.pk}/feed.{fmt}")
        assert "Xylo story of the Kestrel Bridge closure" in feed.feed.title
        check_entries(feed, expected)


@pytest.mark.parametrize("fmt", ["rss", "atom", "json"])
def test_an_entity_has_feeds_of_the_briefs_that_name_it(client, fmt):
    entity = Entity.objects.create(name="Xylo Nurses Union", kind=Entity.Kind.ORGANIZATION)
    entity.articles.set(Article.objects.published()[2:6])
    expected = list(Article.objects.published()[2:6])
    if fmt == "json":
        feed = check_json(client, f"/e/{entity.pk}/feed.json", expected)
        assert all("Xylo Nurses Union" in item["tags"] for item in feed["items"])
    else:
        feed = parse(client, f"/e/{entity.pk}/feed.{fmt}")
        check_entries(feed, expected)
        assert all("Xylo Nurses Union" in [t.term for t in entry.tags] for entry in feed.entries)


def test_the_feed_of_a_story_absorbed_by_a_merge_redirects_to_the_survivor(client, story):
    absorbed = Story.objects.create(title="Xylo absorbed story", merged_into=story)
    for fmt in ("rss", "atom", "json"):
        response = client.get(f"/s/{absorbed.pk}/feed.{fmt}")
        assert response.status_code == 301 and response["Location"] == f"/s/{story.pk}/feed.{fmt}"


@pytest.mark.parametrize(
    "url",
    ["/sources/999999/feed.rss", "/s/5f0c9a8e-2b1d-4c3e-9a57-1d2e3f4a5b6c/feed.atom", "/e/999999/feed.json"],
)
def test_a_feed_of_nothing_is_not_found(client, url):
    assert client.get(url).status_code == 404


@pytest.mark.parametrize("fmt", ["rss", "atom", "json"])
def test_control_characters_and_markup_in_articles_leave_the_feeds_well_formed(client, fmt):
    article = Article.objects.published().first()
    Article.objects.filter(pk=article.pk).update(title="Bridge\x0b closed \x01<i>again</i> & \ufffe")
    article.brief.lead = 'Lead with <script>alert("x")</script> & \x08 a control character.'
    article.brief.save()
    response = client.get(f"/feeds/latest.{fmt}")
    assert response.status_code == 200
    assert b"<script>" not in response.content
    if fmt == "json":
        item = json.loads(response.content)["items"][0]
        assert item["title"] == "Bridge closed <i>again</i> & \ufffe".replace("\ufffe", "")
        assert item["summary"] == 'Lead with <script>alert("x")</script> &  a control character.'
    else:
        entry = parse(client, f"/feeds/latest.{fmt}").entries[0]
        assert entry.title.startswith("Bridge closed")
        assert "alert" in html.unescape(entry.summary)


def test_every_page_links_the_site_feeds_in_its_head(client):
    page = client.get("/").content.decode()
    head = page[: page.index("</head>")]
    for kind, url in [
        ("application/rss+xml", "/feeds/latest.rss"),
        ("application/atom+xml", "/feeds/latest.atom"),
        ("application/feed+json", "/feeds/latest.json"),
    ]:
        assert re.search(rf'<link rel="alternate" type="{re.escape(kind)}" title="[^"]+" href="{url}">', head)
        assert client.get(url).status_code == 200


def test_the_about_page_lists_the_feeds_and_the_api(client):
    response = client.get("/about/")
    assert response.status_code == 200
    page = response.content.decode()
    links = set(re.findall(r'href="(/[^"]*)"', page))
    for url in ["/feeds/latest.rss", "/feeds/latest.atom", "/feeds/latest.json", "/api/docs", "/api/openapi.json"]:
        assert url in links
    for source in Source.objects.filter(articles__brief__isnull=False).distinct():
        assert f"/sources/{source.pk}/feed.rss" in links
    for url in links:
        assert client.get(url).status_code in (200, 301), url
