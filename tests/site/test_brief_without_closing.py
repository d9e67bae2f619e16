"""A brief without a closing (none of the article's sentences could sum it up) shows and exports without one."""

import pytest

from newsbrief.pipeline import types
from newsbrief.pipeline.briefs import textformat
from newsbrief.pipeline.duplicates.keys import content_hash
from newsbrief.site.ingest.textpages import export_text
from newsbrief.site.store import store_article

pytestmark = pytest.mark.django_db

TEXT = "The ferry to Gullholm was cancelled on Friday because of fog.\n\nIs the crossing safe?"


@pytest.fixture
def stored():
    url = "https://harbourgazette.example/news/ferry-fog.html"
    article = types.Article(url=url, canonical_url=url, title="Ferry cancelled in fog", text=TEXT,
                            source_domain="harbourgazette.example", content_hash=content_hash(TEXT))  # fmt: skip
    lead = types.BriefSentence(TEXT.split("\n\n")[0], types.Span(0, 0, 61), "extractive")
    return store_article(article, types.Brief(lead=(lead,), closing=(), method="extractive"), None)


def test_the_page_has_no_empty_closing_paragraph(client, stored):
    html = client.get(stored.get_absolute_url()).content.decode()
    assert "The ferry to Gullholm was cancelled" in html
    assert 'class="closing"' not in html
    assert "In summary" not in html


def test_the_text_export_goes_from_the_lead_to_the_source_line_and_reads_back(stored):
    exported = export_text(str(stored.id))
    assert "In summary" not in exported
    assert "The ferry to Gullholm was cancelled on Friday because of fog.\n\nOriginal Source: harbourgazette.example" in exported
    assert textformat.parse(exported).closing == ""
