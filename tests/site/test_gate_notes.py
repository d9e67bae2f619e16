"""The faithfulness gate's notes are for editors: readers are told which method wrote a brief, editors why.

With the LLM rewrite on, a brief carries notes such as "lead sentence 1 rejected:
number 9.5 is not in the article". Pages, feeds, the API and the exports never
print them; the admin shows them on the article's change page.
"""

import json
import re

import pytest

from newsbrief.pipeline import types
from newsbrief.pipeline.duplicates.keys import content_hash
from newsbrief.pipeline.process import FEED_TEXT_NOTE
from newsbrief.site.ingest.textpages import export_text
from newsbrief.site.store import store_article
from newsbrief.site.web.brief_method import METHODS
from newsbrief.site.web.export import export_site
from tests.site.conftest import reader_get

pytestmark = pytest.mark.django_db

GATE_NOTE = "llm test-model: lead sentence 1 rejected: number 9.5 is not in the article"
TEXT = (
    "Calderwick's council voted on Monday to close the old harbour bridge to cars from the first of March.\n\n"
    "Engineers found cracks in two of the bridge's piers last month, and the council said repairs would take "
    "at least two years."
)


def _store(method: str = "extractive+llm", notes: tuple[str, ...] = (GATE_NOTE,), text_origin: str = "page"):
    url = "https://calderpost.example/bridge.html"
    article = types.Article(url=url, canonical_url=url,
                            title="Harbour bridge closes to cars", text=TEXT, source_domain="calderpost.example",
                            content_hash=content_hash(TEXT), text_origin=text_origin)
    brief = types.Brief(
        lead=(types.BriefSentence("The council will close the harbour bridge to cars in March.", None, "llm"),),
        closing=(types.BriefSentence("In summary, the bridge needs two years of repairs.", None, "llm"),),
        method=method,
        notes=notes,
    )
    return store_article(article, brief, None)


def _everything_a_reader_gets(article) -> dict[str, str]:
    return {
        "page": reader_get(article.get_absolute_url()).content.decode(),
        "rss": reader_get("/feeds/latest.rss").content.decode(),
        "atom": reader_get("/feeds/latest.atom").content.decode(),
        "json feed": reader_get("/feeds/latest.json").content.decode(),
        "api article": reader_get(f"/api/articles/{article.pk}").content.decode(),
        "api brief": reader_get(f"/api/briefs/{article.pk}").content.decode(),
        "api briefs": reader_get("/api/briefs").content.decode(),
        "text export": export_text(str(article.pk)),
    }


def test_readers_never_see_the_gates_notes_anywhere():
    article = _store()
    for where, text in _everything_a_reader_gets(article).items():
        assert "rejected" not in text and "number 9.5" not in text, where  # "9.5" alone is in timestamps ("16:12:49.576")


def test_readers_are_told_which_method_wrote_the_brief():
    article = _store()
    page = reader_get(article.get_absolute_url()).content.decode()
    assert re.search(r'<p class="method"[^>]*>' + re.escape(METHODS["extractive+llm"].replace("'", "&#x27;")), page)
    assert json.loads(reader_get(f"/api/briefs/{article.pk}").content)["method"] == "extractive+llm"


def test_a_brief_written_from_the_feeds_text_says_so_to_readers():
    article = _store(method="extractive", notes=(FEED_TEXT_NOTE,), text_origin="feed")
    page = reader_get(article.get_absolute_url()).content.decode()
    assert METHODS["extractive"].replace("'", "&#x27;") in page
    assert FEED_TEXT_NOTE.replace("'", "&#x27;") in page


def test_the_static_export_prints_no_gate_note(tmp_path):
    _store()
    export_site(tmp_path)
    for path in tmp_path.rglob("*"):
        if path.is_file() and path.suffix in {".html", ".xml", ".json", ".rss", ".atom", ""}:
            assert "rejected" not in path.read_text(errors="replace"), path


def test_editors_see_the_gates_notes_in_the_admin(admin_client):
    article = _store()
    page = admin_client.get(f"/admin/newsbrief/article/{article.pk}/change/").content.decode()
    assert "notes for editors" in page.lower()
    assert GATE_NOTE in page
