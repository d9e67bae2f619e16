"""Only http(s) URLs are stored or linked: a javascript: or data: link from a feed, a backfill or an old row never fires."""

import json
import re
import shutil

import pytest
from django.core.management import call_command

from newsbrief.pipeline import types
from newsbrief.pipeline.duplicates.keys import content_hash
from newsbrief.scale.local_engine import LocalEngine
from newsbrief.site.ingest.backfill import run_backfill
from newsbrief.site.ingest.from_files import ingest_paths
from newsbrief.site.models import Article, Source
from newsbrief.site.store import store_article
from newsbrief.site.web.security import CONTENT_SECURITY_POLICY
from tests.conftest import EXAMPLES

pytestmark = pytest.mark.django_db

HOSTILE = "javascript:alert(document.domain)"
TEXT = (
    "The harbour authority opened the new ferry terminal on Monday after two years of building work.\n\n"
    "Officials said the terminal would double the number of crossings to the islands each day.\n\n"
    "Residents welcomed the change but asked for lower fares on the busiest routes."
)


def shown_anywhere(client, article: Article) -> list[str]:
    """Every place a reader or a program sees the article's and its source's links, as text."""
    places = [
        client.get(article.get_absolute_url()).content.decode(),
        client.get(f"/api/articles/{article.pk}").content.decode(),
        client.get("/api/articles", {"limit": 100}).content.decode(),
        client.get("/feeds/latest.json").content.decode(),
    ]
    if article.source_id:
        places += [
            client.get(article.source.get_absolute_url()).content.decode(),
            client.get(f"/api/sources/{article.source_id}").content.decode(),
        ]
    return places


def assert_no_script_link(places: list[str]) -> None:
    for text in places:
        assert "javascript:" not in text.lower()


def test_a_feed_s_javascript_home_link_is_not_stored_nor_shown(client, tmp_path):
    outlet = tmp_path / "calderpost.example"
    shutil.copytree(EXAMPLES / "calderpost.example", outlet)
    feed = outlet / "rss.xml"
    feed.write_text(feed.read_text().replace("<link>https://calderpost.example/</link>", f"<link>{HOSTILE}</link>", 1))
    ingest_paths([outlet])
    source = Source.objects.get(url=feed.resolve().as_uri())
    assert source.home_url == ""
    assert_no_script_link(shown_anywhere(client, source.articles.first()))


def test_a_json_feed_s_javascript_home_page_and_item_urls_are_not_stored_nor_shown(client, tmp_path):
    paragraphs = "".join(f"<p>{p}</p>" for p in TEXT.split("\n\n"))
    feed = {"version": "https://jsonfeed.org/version/1.1", "title": "Isle Herald", "home_page_url": HOSTILE,
            "items": [{"id": "1", "url": HOSTILE, "title": "Ferry terminal opens", "content_html": paragraphs}]}
    path = tmp_path / "feed.xml"  # a feed file is told JSON from XML by its content
    path.write_text(json.dumps(feed))
    report = ingest_paths([path])
    assert report.new == 1, report.failed
    source = Source.objects.get(url=path.resolve().as_uri())
    article = source.articles.get()
    assert (source.home_url, article.url, article.canonical_url) == ("", "", "")
    assert_no_script_link(shown_anywhere(client, article))


def test_a_backfill_record_s_javascript_url_is_not_stored_nor_shown(client, tmp_path):
    corpus = tmp_path / "wire.jsonl"
    corpus.write_text(json.dumps({"id": "1", "url": HOSTILE, "title": "Ferry terminal opens", "text": TEXT}) + "\n")
    run_backfill(corpus, LocalEngine(1), enrich=False)
    article = Article.objects.get()
    assert (article.url, article.canonical_url) == ("", "")
    assert_no_script_link(shown_anywhere(client, article))


def test_a_stored_javascript_url_is_never_rendered_as_a_link(client):
    """Defence in depth: a row written before the entry check (or by hand) still links nowhere harmful."""
    article = types.Article(url="https://isle.example/ferry.html", canonical_url="https://isle.example/ferry.html",
                            title="Ferry terminal opens", text=TEXT, source_domain="isle.example",
                            content_hash=content_hash(TEXT))
    brief = types.Brief(lead=(types.BriefSentence("Lead."),), closing=(types.BriefSentence("In summary, x."),))
    source = Source.objects.create(name="Isle Herald", url="https://isle.example/feed", domain="isle.example")
    stored = store_article(article, brief, source)
    Article.objects.filter(pk=stored.pk).update(url=f" {HOSTILE}")
    Source.objects.filter(pk=source.pk).update(home_url=HOSTILE)
    stored = Article.objects.get(pk=stored.pk)
    assert stored.original_url == "https://isle.example/"
    places = shown_anywhere(client, stored)
    assert_no_script_link(places)
    assert 'Original Source: <a href="https://isle.example/"' in places[0]


def test_every_exported_page_carries_the_live_site_s_content_security_policy(tmp_path, store_text):
    store_text(TEXT)
    call_command("export-site", str(tmp_path))
    pages = list(tmp_path.rglob("*.html"))
    assert pages
    for page in pages:
        head = page.read_text().split("</head>", 1)[0]
        policy = re.search(r'<meta http-equiv="Content-Security-Policy" content="([^"]*)">', head)
        assert policy, page
        directives = set(policy.group(1).split("; "))
        # frame-ancestors is the one directive a <meta> policy cannot carry (the CSP spec ignores it there)
        assert directives == set(CONTENT_SECURITY_POLICY.split("; ")) - {"frame-ancestors 'none'"}


def test_a_stored_javascript_commenter_website_is_never_rendered_as_a_link(client, article):
    article.comments.create(name="Jon Marsh", email="jon@example.org", website=HOSTILE, body="Thanks.",
                            status="approved")
    page = client.get(article.get_absolute_url()).content.decode()
    assert "Jon Marsh" in page
    assert_no_script_link([page, client.get(f"/api/articles/{article.pk}/comments").content.decode()])
