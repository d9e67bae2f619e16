"""Each brief sentence on the article page is marked with the paragraph it came from (¶ n)."""

import re
from urllib.parse import unquote

import pytest

from newsbrief.site.ingest.from_files import ingest_paths
from newsbrief.site.models import Article, Source
from newsbrief.site.web.provenance import marked_brief
from tests.conftest import EXAMPLES

pytestmark = pytest.mark.django_db


@pytest.fixture
def page_article():
    """An article read from an outlet's page (not a text brief), so that its brief points into paragraphs."""
    ingest_paths([EXAMPLES / "calderpost.example"])
    return Article.objects.published().exclude(source__kind=Source.Kind.TEXT).first()


def test_every_brief_sentence_carries_its_source_paragraph(page_article):
    marks = marked_brief(page_article)
    sentences = marks["lead"] + marks["key_points"] + marks["closing"] + [s for p in marks["body"] for s in p]
    assert sentences
    paragraphs = page_article.text.split("\n\n")
    for sentence in sentences:
        assert 1 <= sentence.paragraph <= len(paragraphs)
        start_words = unquote(sentence.href.split("#:~:text=")[1].split(",")[0])
        assert start_words in paragraphs[sentence.paragraph - 1]


def test_the_page_links_each_lead_sentence_to_its_place_in_the_original(client, page_article):
    html = client.get(page_article.get_absolute_url()).content.decode()
    lead = re.search(r'<p class="lead">(.*?)</p>', html, re.S).group(1)
    links = re.findall(r'<a class="mark" href="([^"]+)"[^>]*>¶&nbsp;(\d+)</a>', lead)
    assert len(links) == len(marked_brief(page_article)["lead"])
    for href, _ in links:
        assert href.startswith(page_article.url.replace("&", "&amp;") + "#:~:text=")
