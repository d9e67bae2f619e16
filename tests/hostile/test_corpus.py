"""The hostile corpus (tests/fixtures/hostile) through the real paths: ingested, polled, rendered, and inert everywhere.

Every file there was written to break the site: script and data URLs in every URL
field a feed or page has, control characters, markup that has slipped past HTML
sanitisers, and DOCTYPE tricks. Each is ingested from files (a JSON Feed is polled
from loopback, since files are read as RSS or Atom), and every page, feed and API
answer made from them must carry no live markup: no script element, no on…
handler, no javascript: or data: URL.
"""

import gzip

import pytest
from django.db import transaction

from newsbrief.pipeline.errors import FetchError, InputError
from newsbrief.site.ingest.following import add_source, import_opml
from newsbrief.site.ingest.from_files import ingest_paths
from newsbrief.site.ingest.polling import poll
from newsbrief.site.models import Article, Source, Story
from tests.conftest import FIXTURES
from tests.hostile.live_markup import live_in_feed, live_in_json, live_parts
from tests.site.corpus_server import Answer, CorpusServer

pytestmark = pytest.mark.django_db

HOSTILE = FIXTURES / "hostile"
DOCTYPE_TRICKS = HOSTILE / "doctype-tricks"
# Headlines of the hostile items that carry text: each must be stored, or the checks below prove nothing.
STORED_HEADLINES = (
    "Harbour Board",  # mallowtide: javascript: item link
    "Night Market",  # mallowtide: a page of scripts, handlers and javascript: links
    "Tide Gauge",  # brackwater: data: canonical, javascript: og:url, sanitiser escapes in page and feed
    "Lifeboat Crew",  # brackwater: entity-encoded javascript: link, data: enclosure
    "Ferry Timetable",  # brackwater: javascript: link behind whitespace, escaped markup, control characters
    "Sea Wall",  # saltmarsh (Atom): data: entry link, javascript: home and enclosure
    "Quayside Crane",  # quayside (JSON Feed): javascript: and data: in every URL field
    "Harbour Pilots",  # quayside: data: url, JAVASCRIPT: external_url, markup in plain text
)


def _layers(body: bytes, count: int) -> bytes:
    for _ in range(count):
        body = gzip.compress(body, mtime=0)
    return body


@pytest.fixture(scope="module")
def site(django_db_setup, django_db_blocker):
    """The corpus ingested from files, and its JSON Feed followed and polled from loopback; their reports."""
    server = CorpusServer(HOSTILE).start()
    with django_db_blocker.unblock(), pytest.MonkeyPatch.context() as env:
        env.setenv("NEWSBRIEF_FETCH_ALLOW", "127.0.0.0/8")
        env.setenv("NEWSBRIEF_FETCH_DEADLINE", "10")
        # Each test runs in a savepoint inside this transaction, so ingesting once is enough.
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            ingested = ingest_paths([HOSTILE])
            add_source(server.url("/www.quayside.example/feed.json"))
            polled = poll()
            yield {"ingest": ingested, "poll": polled, "server": server}
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)
            server.close()


def _pages() -> list[str]:
    articles = [a.get_absolute_url() for a in Article.objects.all()]
    sources = [s.get_absolute_url() for s in Source.objects.all()]
    stories = [s.get_absolute_url() for s in Story.objects.all()]
    return ["/", "/sources/", "/search/?q=harbour", *articles, *sources, *stories]


def _feeds() -> list[str]:
    subjects = ["/feeds/latest"]
    subjects += [f"/sources/{pk}/feed" for pk in Source.objects.values_list("pk", flat=True)]
    subjects += [f"/s/{pk}/feed" for pk in Story.objects.values_list("pk", flat=True)]
    return [f"{subject}.{fmt}" for subject in subjects for fmt in ("rss", "atom", "json")]


def test_every_hostile_item_with_text_is_stored(site):
    titles = list(Article.objects.published().values_list("title", flat=True))
    for headline in STORED_HEADLINES:
        assert any(headline in title for title in titles), (headline, titles, site["ingest"].failed)


@pytest.mark.parametrize(("name", "why"), [
    ("billion-laughs.xml", "feed declares XML entities"),
    ("external-entity.xml", "feed declares XML entities"),
    ("parameter-entity.atom", "feed declares XML entities"),
    ("entity-after-doctype-comment.rss", "malformed feed"),  # a "]>" in a comment hides no entity from the check
])
def test_a_feed_with_doctype_tricks_is_refused_by_name(site, name, why):
    assert f"{DOCTYPE_TRICKS / name}: {why}" in "\n".join(site["ingest"].failed)


@pytest.mark.parametrize("name", ["billion-laughs.opml", "external-entity.opml"])
def test_an_opml_file_with_doctype_tricks_is_refused_by_name(name):
    with pytest.raises(InputError, match=f"{name}: OPML refused, it declares XML entities"):
        import_opml(DOCTYPE_TRICKS / name)
    assert not Source.objects.filter(url__startswith="https://doctype.example").exists()


def test_every_page_made_from_the_corpus_is_inert(client, site):
    live = {}
    for url in _pages():
        response = client.get(url)
        assert response.status_code == 200, url
        html = response.content.decode()
        if found := live_parts(html):
            live[url] = found
    assert live == {}


def test_every_feed_made_from_the_corpus_is_inert(client, site):
    live = {}
    for url in _feeds():
        response = client.get(url)
        assert response.status_code == 200, url
        if found := live_in_feed(response.content, url.rsplit(".", 1)[1]):
            live[url] = found
    assert live == {}


def test_the_api_gives_only_web_urls(client, site):
    paths = ["/api/articles?limit=100", "/api/sources", "/api/briefs?limit=100", "/api/stories"]
    paths += [f"/api/articles/{a.pk}" for a in Article.objects.all()]
    paths += [f"/api/sources/{pk}" for pk in Source.objects.values_list("pk", flat=True)]
    bad = {}
    for path in paths:
        response = client.get(path)
        assert response.status_code == 200, path
        if found := live_in_json(response.json()):
            bad[path] = found
    assert bad == {}


def _serve_layered(server: CorpusServer, path: str, layers: int) -> str:
    """The URL of the saltmarsh Atom feed gzipped `layers` times over, each layer named in Content-Encoding."""
    body = (HOSTILE / "www.saltmarsh.example" / "atom.xml").read_bytes()
    encodings = ", ".join(["gzip"] * layers)
    server.routes[path] = Answer(body=_layers(body, layers), headers=(("Content-Encoding", encodings),))
    return server.url(path)


def test_a_feed_under_five_stacked_encodings_is_followed(site):
    source, created = add_source(_serve_layered(site["server"], "/layered/atom.xml", 5))  # loopback: see `site`
    assert created and source.home_url == ""  # the feed's javascript: home is not kept


def test_a_feed_under_too_many_stacked_encodings_is_refused(site):
    with pytest.raises(FetchError, match="40"):
        add_source(_serve_layered(site["server"], "/stacked/atom.xml", 40))
