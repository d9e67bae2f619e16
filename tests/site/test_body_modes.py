"""A source's body mode reaches every page at once: article pages, feeds, the API, text and static exports.

The mode is how much of an outlet's text its briefs may republish. An editor who
changes it in the admin (or a shell that saves the source) changes every brief of
that source already stored, and no cached page or feed shows the old body after.
"""

import json
import re

import pytest
from django.core.cache import caches

from newsbrief.pipeline import types
from newsbrief.pipeline.briefs.sentences import split_text
from newsbrief.pipeline.briefs.summarize import EXCERPT_MAX_WORDS, word_count
from newsbrief.pipeline.duplicates.keys import content_hash
from newsbrief.site.ingest.from_files import ingest_paths
from newsbrief.site.ingest.textpages import export_text, import_text
from newsbrief.site.models import Article, Brief, Source
from newsbrief.site.store import store_article
from newsbrief.site.web.caching import CACHE_ALIAS
from newsbrief.site.web.export import export_site
from tests.conftest import EXAMPLES
from tests.site.conftest import reader_get

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def page_cache_on(monkeypatch):
    """The page cache as it runs in production, so that a stale copy would show."""
    monkeypatch.setenv("NEWSBRIEF_CACHE_SECONDS", "60")
    caches[CACHE_ALIAS].clear()
    yield
    caches[CACHE_ALIAS].clear()


@pytest.fixture
def article() -> Article:
    """One outlet's articles, stored under its default mode (condensed); the one with the longest text."""
    ingest_paths([EXAMPLES / "valleyledger.example"])
    return max(Article.objects.published(), key=lambda a: len(a.text))


def _text(html: str) -> str:
    """The visible text, tags dropped, entities of quotes undone, whitespace collapsed."""
    html = re.sub(r"<[^>]+>", " ", html).replace("&#x27;", "'").replace("&quot;", '"').replace("&amp;", "&")
    return " ".join(html.split())


def _body_only_sentence(article: Article) -> str:
    """A sentence of the condensed body that the lead, key points and closing do not print."""
    elsewhere = " ".join([article.brief.lead, *article.brief.key_points, article.brief.closing])
    return next(e["text"] for e in article.brief.provenance if e["part"] == "body" and e["text"] not in elsewhere)


def _left_out_sentence(article: Article) -> str:
    """A sentence of the article that the condensed brief leaves out: only a full body prints it."""
    brief = article.brief
    elsewhere = " ".join([brief.lead, *brief.key_points, brief.closing, brief.body])
    return next(s.text for s in split_text(article.text) if s.text not in elsewhere and len(s.text) > 40)


def _everywhere(article: Article) -> dict[str, str]:
    """What a reader gets of the article: its page, the feeds that print bodies (JSON Feed; RSS and Atom carry
    the lead only), the API and the text export."""
    def item(url: str) -> dict:
        [found] = [i for i in json.loads(reader_get(url).content)["items"] if i["id"] == f"urn:uuid:{article.pk}"]
        return found

    api = json.loads(reader_get(f"/api/articles/{article.pk}").content)
    brief = json.loads(reader_get(f"/api/briefs/{article.pk}").content)
    return {
        "page": _text(reader_get(article.get_absolute_url()).content.decode()),
        "json feed": item("/feeds/latest.json")["content_text"],
        "source's json feed": item(f"/sources/{article.source_id}/feed.json")["content_text"],
        "api article": json.dumps(api["brief"], ensure_ascii=False),
        "api brief": json.dumps(brief, ensure_ascii=False),
        "text export": export_text(str(article.pk)),
    }


def _admin_sets_mode(admin_client, source: Source, mode: str) -> None:
    form = {
        "name": source.name, "url": source.url, "home_url": source.home_url, "domain": source.domain,
        "kind": source.kind, "body_mode": mode, "next_poll_0": "", "next_poll_1": "", "min_interval": "",
    }  # fmt: skip
    response = admin_client.post(f"/admin/newsbrief/source/{source.pk}/change/", form)
    assert response.status_code == 302, response.content.decode()[:2000]


def _shown(where: dict[str, str], sentence: str) -> set[str]:
    return {name for name, text in where.items() if sentence in text}


def test_an_editors_change_of_mode_in_the_admin_reaches_every_page_feed_and_answer_at_once(admin_client, article):
    body_sentence, last_sentence = _body_only_sentence(article), _left_out_sentence(article)
    before = _everywhere(article)  # and now cached
    assert _shown(before, body_sentence) == set(before)
    assert not _shown(before, last_sentence)

    _admin_sets_mode(admin_client, article.source, "none")
    none = _everywhere(article)
    assert not _shown(none, body_sentence)
    assert article.brief.lead[:60] in none["page"]  # the brief is still there, its body is not
    assert json.loads(none["api brief"])["body"] == []
    assert not [e for e in json.loads(none["api brief"])["provenance"] if e["part"] == "body"]

    _admin_sets_mode(admin_client, article.source, "full")
    full = _everywhere(article)
    assert _shown(full, last_sentence) >= {"page", "json feed", "api article", "api brief", "text export"}
    paragraphs = [p for p in article.text.split("\n\n") if p.strip()]
    assert len(json.loads(full["api brief"])["body"]) == len(paragraphs)

    _admin_sets_mode(admin_client, article.source, "excerpt")
    excerpt = json.loads(_everywhere(article)["api brief"])["body"]
    assert excerpt and excerpt[0][:40] in paragraphs[0]  # the article's opening
    assert sum(word_count(p) for p in excerpt) <= EXCERPT_MAX_WORDS + 60  # a paragraph or two

    _admin_sets_mode(admin_client, article.source, "condensed")
    assert _everywhere(article) == before  # the condensed body as first written


def test_a_source_saved_with_another_mode_anywhere_takes_its_briefs_with_it(article):
    body_sentence = _body_only_sentence(article)
    assert _shown(_everywhere(article), body_sentence)
    source = Source.objects.get(pk=article.source_id)
    source.body_mode = "none"
    source.save()
    assert not _shown(_everywhere(article), body_sentence)
    article.refresh_from_db()
    assert article.brief.body == "" and article.brief.body_mode == "none"


def test_a_save_that_leaves_the_mode_alone_rewrites_nothing(article):
    brief = article.brief
    source = Source.objects.get(pk=article.source_id)
    source.last_error = "HTTP 500"
    source.save()
    assert Article.objects.get(pk=article.pk).brief.provenance == brief.provenance


def test_a_brief_written_under_another_mode_than_its_sources_is_stored_under_the_sources():
    source = Source.objects.create(name="Calder Post", url="https://calderpost.example/feed.xml", body_mode="none")
    text = "\n\n".join(
        f"Paragraph {n} says the Calder Post ferry timetable changes in winter for the {n}th time this decade."
        for n in range(1, 6)
    )
    article = types.Article(url="https://calderpost.example/a.html", canonical_url="https://calderpost.example/a.html",
                            title="Ferry timetable", text=text, source_domain="calderpost.example",
                            content_hash=content_hash(text))
    condensed = types.Brief(lead=(types.BriefSentence("Lead."),), closing=(),
                            body=((types.BriefSentence("Paragraph 3 says it."),),), body_mode="condensed")
    stored = store_article(article, condensed, source)  # as a backfill does: briefed as condensed
    assert Brief.objects.get(article=stored).body == ""


def test_the_static_export_prints_the_body_its_source_allows(tmp_path, article):
    body_sentence = _body_only_sentence(article)
    export_site(tmp_path / "before")
    page = tmp_path / "before" / article.get_absolute_url().strip("/") / "index.html"
    assert body_sentence in _text(page.read_text())
    source = Source.objects.get(pk=article.source_id)
    source.body_mode = "none"
    source.save()
    export_site(tmp_path / "after")
    after = tmp_path / "after" / page.relative_to(tmp_path / "before")
    assert article.brief.lead[:60] in _text(after.read_text())
    assert body_sentence not in _text(after.read_text())


def test_an_imported_brief_gets_its_body_as_written_back_after_none(ferry_brief):
    imported = import_text(ferry_brief)
    written = imported.brief.body_paragraphs
    assert written
    source = Source.objects.get(pk=imported.source_id)
    for mode, expected in [("none", []), ("condensed", written)]:
        source.body_mode = mode
        source.save()
        assert json.loads(reader_get(f"/api/briefs/{imported.pk}").content)["body"] == expected
