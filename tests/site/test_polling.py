"""Polling feeds from a real loopback server: full text, politeness, robots.txt, block pages, revisions, health."""

import io
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from newsbrief.pipeline.errors import InputError
from newsbrief.site.models import Article, Source, SourceEntry
from newsbrief.site.ingest.polling import min_interval, poll
from tests.site.corpus_server import Answer, corpus, loopback  # noqa: F401 (fixtures)

pytestmark = pytest.mark.django_db

VALLEY_PAGE = "/valleyledger.example/2026/11/17/rationing-begins.html"
BLOCK_PAGE = (b"<!DOCTYPE html><html><head><title>Just a moment...</title></head><body>"
              b"<div id='cf-wrapper'>Checking if the site connection is secure</div>"
              b"<script>window._cf_chl_opt={cvId:'3'};</script></body></html>")


def _later(hours: float = 24):
    return timezone.now() + timedelta(hours=hours)


def _source(url_part: str) -> Source:
    return Source.objects.get(url__contains=url_part)


def test_a_source_without_its_own_interval_waits_the_setting(monkeypatch):
    monkeypatch.delenv("NEWSBRIEF_POLL_MIN_INTERVAL", raising=False)
    assert min_interval(Source()) == timedelta(minutes=15)
    monkeypatch.setenv("NEWSBRIEF_POLL_MIN_INTERVAL", "60")
    assert min_interval(Source()) == timedelta(minutes=1)
    assert min_interval(Source(min_interval=7200)) == timedelta(hours=2)
    monkeypatch.setenv("NEWSBRIEF_POLL_MIN_INTERVAL", "often")
    with pytest.raises(InputError, match="NEWSBRIEF_POLL_MIN_INTERVAL"):
        min_interval(Source())


def test_a_round_reads_every_feed_and_briefs_each_entry_from_its_page(corpus):
    corpus.follow()
    report = poll()
    assert report.sources == len(corpus.feeds) == 6
    assert report.new >= 40
    assert Article.objects.published().count() == report.new
    assert report.failed == [
        f"{corpus.server.base}/news.coastlineradio.example/rss.xml: no article text in "
        f"{corpus.server.base}/news.coastlineradio.example/live/2026/11/22/storm-edda-updates.html"
    ]
    article = Article.objects.get(url=corpus.server.url(VALLEY_PAGE))
    assert article.canonical_url == f"https://valleyledger.example{VALLEY_PAGE.removeprefix('/valleyledger.example')}"
    assert article.text_origin == "page" and article.brief
    for source in Source.objects.all():
        assert source.last_success and source.consecutive_failures == 0 and source.last_error == ""
        assert source.entries_seen == source.entries_new + source.entries_duplicate + source.entries_failed
        assert source.next_poll >= timezone.now() + timedelta(minutes=14)


def test_nothing_is_due_again_before_the_minimum_interval(corpus):
    corpus.follow()
    poll()
    asked = len(corpus.server.requests)
    assert poll().sources == 0
    assert poll(now=timezone.now() + timedelta(minutes=10)).sources == 0
    assert len(corpus.server.requests) == asked


def test_a_source_may_set_its_own_minimum_interval(corpus):
    (source,) = corpus.follow(corpus.feeds[0])
    Source.objects.filter(pk=source.pk).update(min_interval=6 * 3600)
    now = timezone.now()
    poll(now=now)
    assert _source(corpus.feeds[0]).next_poll >= now + timedelta(hours=6)


def test_conditional_get_sends_the_validators_back_byte_exact_and_reads_a_304(corpus):
    corpus.follow()
    poll()
    sent = {s.url: (s.etag, s.last_modified) for s in Source.objects.all()}
    assert all(etag.startswith('W/"') and modified.endswith(" GMT") for etag, modified in sent.values())
    corpus.server.requests.clear()
    report = poll(now=_later())
    assert report.not_modified == 6 and report.new == 0
    feed_requests = [(p, h) for p, h in corpus.server.requests if corpus.server.url(p) in sent]
    assert len(feed_requests) == 6 and len(corpus.server.requests) == 6  # no page is read again
    for path, headers in feed_requests:
        etag, modified = sent[corpus.server.url(path)]
        assert headers["if-none-match"] == etag and headers["if-modified-since"] == modified


def test_validators_are_saved_only_after_the_feed_parses(corpus):
    (source,) = corpus.follow(corpus.feeds[0])
    path = corpus.feeds[0].removeprefix(corpus.server.base)
    odd_etag = 'W/"x;y,  z"'
    corpus.server.routes[path] = Answer(200, b"<rss><channel><title>cut", (("ETag", odd_etag),))
    poll()
    source.refresh_from_db()
    assert source.etag == "" and source.consecutive_failures == 1 and "malformed feed" in source.last_error
    feed = (corpus.root / path.lstrip("/")).read_bytes()
    corpus.server.routes[path] = Answer(200, feed, (("ETag", odd_etag), ("Content-Type", "application/rss+xml")))
    poll(now=_later())
    source.refresh_from_db()
    assert source.etag == odd_etag and source.consecutive_failures == 0 and source.entries_new >= 7


def test_a_429_is_retried_no_sooner_than_retry_after_says(corpus):
    (source,) = corpus.follow(corpus.feeds[0])
    corpus.server.routes[corpus.feeds[0].removeprefix(corpus.server.base)] = Answer(429, b"", (("Retry-After", "7200"),))
    now = timezone.now()
    report = poll(now=now)
    source.refresh_from_db()
    assert report.failed_sources == 1 and "429" in source.last_error
    assert source.next_poll >= now + timedelta(seconds=7200)
    assert poll(now=now + timedelta(seconds=7000)).sources == 0


def test_cache_control_max_age_postpones_the_next_poll(corpus):
    (source,) = corpus.follow(corpus.feeds[0])
    path = corpus.feeds[0].removeprefix(corpus.server.base)
    feed = (corpus.root / path.lstrip("/")).read_bytes()
    corpus.server.routes[path] = Answer(200, feed, (("Cache-Control", "public, max-age=86400"),))
    now = timezone.now()
    poll(now=now)
    source.refresh_from_db()
    assert source.next_poll >= now + timedelta(seconds=86400)


def test_failures_back_off_exponentially_and_a_success_resets_them(corpus):
    (source,) = corpus.follow(corpus.feeds[0])
    path = corpus.feeds[0].removeprefix(corpus.server.base)
    corpus.server.routes[path] = Answer(500, b"oops")
    now, waits = timezone.now(), []
    for failures in (1, 2, 3, 4):
        poll(now=now)
        source.refresh_from_db()
        assert source.consecutive_failures == failures and "HTTP 500" in source.last_error
        waits.append(source.next_poll - now)
        now = source.next_poll
    assert waits == sorted(waits) and waits[-1] >= 2 * waits[0]
    del corpus.server.routes[path]
    poll(now=now)
    source.refresh_from_db()
    assert source.consecutive_failures == 0 and source.last_success == now


def test_a_failing_source_never_stops_the_others(corpus):
    broken = corpus.server.url("/broken/malformed-feed.xml")
    corpus.server.routes["/gone.xml"] = Answer(500, b"")
    corpus.follow(corpus.feeds[0], broken, corpus.server.url("/gone.xml"), "http://127.0.0.1:9/refused.xml")
    report = poll()
    assert report.failed_sources == 3 and report.new >= 7
    assert "malformed feed" in _source("malformed").last_error
    assert "HTTP 500" in _source("gone.xml").last_error
    assert _source("refused.xml").consecutive_failures == 1
    assert _source(corpus.feeds[0]).last_success is not None


def test_robots_txt_is_obeyed_for_article_pages(corpus):
    corpus.server.routes["/robots.txt"] = Answer(200, b"User-agent: *\nDisallow: /valleyledger.example/2026/11/17/\n")
    corpus.follow(corpus.server.url("/valleyledger.example/feed.xml"))
    poll()
    paths = corpus.server.paths()
    assert paths.count("/robots.txt") == 1  # once per host and round
    assert VALLEY_PAGE not in paths
    assert "/valleyledger.example/2026/11/18/lumenworks-battery-plant.html" in paths
    article = Article.objects.get(url=corpus.server.url(VALLEY_PAGE))
    assert article.text_origin == "feed"
    assert any("feed" in note for note in article.brief.notes)


def test_a_page_that_could_not_be_fetched_is_briefed_from_the_feed_and_recorded_in_the_sources_health(corpus):
    corpus.server.routes[VALLEY_PAGE] = Answer(302, b"", (("Location", VALLEY_PAGE),))  # a loop: no page ever
    (source,) = corpus.follow(corpus.server.url("/valleyledger.example/feed.xml"))
    poll()
    article = Article.objects.get(url=corpus.server.url(VALLEY_PAGE))
    assert article.text_origin == "feed" and article.brief
    entry = SourceEntry.objects.get(source=source, key=article.url)
    assert entry.outcome == SourceEntry.Outcome.NEW
    assert entry.error.startswith("page not fetched, briefed from the feed text: ") and "redirects" in entry.error
    source.refresh_from_db()
    assert source.last_error == entry.error and source.consecutive_failures == 0  # the feed itself answered
    table = io.StringIO()
    call_command("sources", stdout=table)
    assert "page not fetched" in table.getvalue()
    del corpus.server.routes[VALLEY_PAGE]
    poll(now=_later())
    source.refresh_from_db()
    assert source.last_error == ""  # a round without a problem: the health is good again


def test_a_robots_txt_that_errs_with_5xx_disallows_every_page(corpus):
    corpus.server.routes["/robots.txt"] = Answer(503, b"")
    corpus.follow(corpus.server.url("/valleyledger.example/feed.xml"))
    poll()
    assert set(corpus.server.paths()) == {"/robots.txt", "/valleyledger.example/feed.xml"}


def test_a_block_page_is_kept_as_blocked_with_its_reason_and_never_briefed(corpus):
    corpus.server.routes[VALLEY_PAGE] = Answer(403, BLOCK_PAGE, (("Content-Type", "text/html"),))
    (source,) = corpus.follow(corpus.server.url("/valleyledger.example/feed.xml"))
    report = poll()
    article = Article.objects.get(url=corpus.server.url(VALLEY_PAGE))
    assert article.status == Article.Status.BLOCKED and "Cloudflare" in article.blocked_reason
    assert not hasattr(article, "brief") or not Article.objects.filter(pk=article.pk, brief__isnull=False).exists()
    assert article not in Article.objects.published()
    assert report.blocked == 1
    source.refresh_from_db()
    assert source.entries_blocked == 1
    assert SourceEntry.objects.get(source=source, key=article.url).outcome == SourceEntry.Outcome.BLOCKED


def test_a_changed_article_at_the_same_url_becomes_a_new_revision(corpus):
    (source,) = corpus.follow(corpus.server.url("/valleyledger.example/feed.xml"))
    poll()
    first = Article.objects.get(url=corpus.server.url(VALLEY_PAGE))
    page = corpus.root / VALLEY_PAGE.lstrip("/")
    changed = page.read_text(encoding="utf-8").replace("allocations by 30 per cent", "allocations by 35 per cent")
    page.write_text(changed, encoding="utf-8")
    feed = corpus.root / "valleyledger.example/feed.xml"
    feed.write_text(feed.read_text(encoding="utf-8").replace("<pubDate>Tue, 17 Nov", "<pubDate>Wed, 18 Nov", 1),
                    encoding="utf-8")
    report = poll(now=_later())
    assert report.new == 1
    second = Article.objects.get(url=first.url, revision=2)
    assert second.revision_of == first and "by 35 per cent" in second.text and "by 30" not in second.text
    assert second.duplicate_of is None and second.brief
    published = set(Article.objects.published())
    assert second in published and first not in published
    source.refresh_from_db()
    assert source.entries_new == source.entries_seen + 1


def test_polling_again_reads_no_page_twice(corpus):
    corpus.follow()
    poll()
    count = Article.objects.count()
    Source.objects.update(etag="", last_modified="", next_poll=None)
    corpus.server.requests.clear()
    report = poll()
    assert report.new == report.duplicate == 0 and Article.objects.count() == count
    assert len(corpus.server.requests) == 6  # the feeds, and nothing else


def test_wire_copies_found_while_polling_are_linked_to_the_earliest(corpus):
    corpus.follow()
    poll()
    original = Article.objects.get(url__contains="valleyledger.example/2026/11/21/storm-edda-red-warning")
    copies = set(original.copies.values_list("outlet", flat=True))
    assert copies == {"The Veradia Standard", "Coastline Radio News"}
    assert all(s >= 0.8 for s in original.copies.values_list("similarity", flat=True))


def test_no_host_gets_more_than_two_requests_at_once(corpus):
    corpus.server.delay = 0.03
    corpus.follow()
    poll()
    assert corpus.server.max_in_flight == 2


def test_an_entry_whose_page_could_not_be_fetched_is_tried_again_at_the_next_poll(corpus):
    live = "/news.coastlineradio.example/live/2026/11/22/storm-edda-updates.html"  # its feed item has no text
    corpus.server.routes[live] = Answer(302, b"", (("Location", live),))
    (source,) = corpus.follow(corpus.server.url("/news.coastlineradio.example/rss.xml"))
    report = poll()
    assert any("redirects" in why for why in report.failed)
    source.refresh_from_db()
    assert not SourceEntry.objects.filter(key=corpus.server.url(live)).exists()
    assert source.etag == "" and "redirects" in source.last_error  # or a 304 would hide the entry
    del corpus.server.routes[live]
    poll(now=_later())
    entry = SourceEntry.objects.get(key=corpus.server.url(live))
    assert entry.outcome == SourceEntry.Outcome.FAILED and "no article text" in entry.error
    source.refresh_from_db()
    assert source.etag.startswith('W/"')
