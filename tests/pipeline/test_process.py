"""The pipeline's one entry point: extract, keys, already stored?, brief, optional rewrite, enrich, in that order."""

import ast
import subprocess
import sys
from pathlib import Path

import pytest

from newsbrief.pipeline.briefs import textformat
from newsbrief.pipeline.duplicates.keys import content_hash
from newsbrief.pipeline.errors import BlockedPageError
from newsbrief.pipeline.process import FEED_TEXT_NOTE, Options, process, process_article, process_written
from newsbrief.pipeline.types import Article, Entry
from tests.pipeline.test_blocked import ARTICLE, ARTICLE_PARAGRAPHS, BLOCK_PAGES
from tests.pipeline.test_llm import FAITHFUL_LEAD, ChatServer
from tests.pipeline.test_summarize import TEXT, TITLE

PACKAGE = Path(__file__).resolve().parents[2] / "newsbrief"
URL = "https://www.harbourgazette.example/news/ferries.html?utm_source=feed"
FEED_HTML = "".join(f"<p>{p}</p>" for p in ARTICLE_PARAGRAPHS)
PLAIN = Options(enrich=False)


def never(article: Article) -> bool:
    return False


def always(article: Article) -> bool:
    return True


def page_entry(page: str, status: int = 200, feed_html: str = "") -> Entry:
    return Entry(url=URL, origin="feed.xml", title="Ferry crossings to end in March", page=page.encode(),
                 page_status=status, feed_html=feed_html)


def text_article(text: str = TEXT) -> Article:
    return Article(url="", canonical_url="", title=TITLE, text=text, source_domain="", content_hash="")


# -- exact duplicates ---------------------------------------------------------


def test_an_exact_duplicate_of_a_stored_text_is_recognised_before_any_brief_is_written():
    processed = process(page_entry(ARTICLE), Options(enrich=True), is_stored=always)
    assert processed.duplicate
    assert processed.brief is None and processed.enrichment is None


def test_the_stored_check_is_asked_with_the_keys_set():
    asked = []
    process(page_entry(ARTICLE), PLAIN, is_stored=lambda article: asked.append(article) or False)
    (article,) = asked
    assert article.content_hash == content_hash(article.text)
    assert article.canonical_url == "https://www.harbourgazette.example/news/ferries.html"  # tracking dropped


def test_a_new_text_is_briefed_and_enriched():
    processed = process(page_entry(ARTICLE), Options(), is_stored=never)
    assert not processed.duplicate
    assert processed.brief.lead and processed.brief.method == "extractive"
    assert "Port Veradia" in {entity.name for entity in processed.enrichment.entities}


def test_enrichment_is_left_out_when_the_options_say_so():
    assert process(page_entry(ARTICLE), PLAIN, is_stored=never).enrichment is None


def test_a_brief_from_the_feeds_own_text_says_so():
    entry = Entry(url=URL, origin="feed.xml", title="Ferry crossings to end in March", feed_html=FEED_HTML)
    brief = process(entry, PLAIN, is_stored=never).brief
    assert brief.notes[-1] == FEED_TEXT_NOTE


# -- block pages: decided in extraction, and nowhere else ----------------------


def test_a_block_page_stops_the_pipeline_with_its_reason():
    with pytest.raises(BlockedPageError) as raised:
        process(page_entry(BLOCK_PAGES["cloudflare challenge"], feed_html=FEED_HTML), PLAIN, is_stored=never)
    assert "Cloudflare" in raised.value.reason and raised.value.reason in str(raised.value)


def test_an_error_status_with_no_article_is_a_block_page():
    with pytest.raises(BlockedPageError, match="HTTP 403"):
        process(page_entry("<html><body><p>Nothing here.</p></body></html>", status=403), PLAIN, is_stored=never)


def test_an_error_page_that_is_no_block_page_leaves_the_feeds_text_to_stand_in():
    processed = process(page_entry(ARTICLE, status=404, feed_html=FEED_HTML), PLAIN, is_stored=never)
    assert processed.article.text_origin == "feed"


def _calls(path: Path, name: str) -> bool:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return any(isinstance(node, ast.Call) and getattr(node.func, "id", getattr(node.func, "attr", "")) == name
               for node in ast.walk(tree))


def test_only_extraction_decides_whether_a_page_is_blocked():
    deciders = {path.relative_to(PACKAGE).as_posix() for path in PACKAGE.rglob("*.py") if _calls(path, "block_reason")}
    assert deciders == {"pipeline/extraction/extract.py"}


# -- the rewrite: a step of the pipeline, never of summarize ------------------


def test_summarize_never_imports_the_llm_backend():
    code = ("import sys\nfrom newsbrief.pipeline.briefs.summarize import summarize\n"
            "summarize('A title', 'The council met on Monday. It agreed to a plan for the bridge.')\n"
            "assert 'newsbrief.pipeline.briefs.llm' not in sys.modules, 'summarize imported llm'\n")
    subprocess.run([sys.executable, "-c", code], check=True)


def test_the_pipeline_rewrites_the_brief_when_the_options_name_a_model():
    server = ChatServer()
    try:
        server.answer(FAITHFUL_LEAD)
        processed = process_article(text_article(), Options(enrich=False, rewrite=server.endpoint), is_stored=never)
    finally:
        server.close()
    assert processed.brief.method == "extractive+llm" and processed.brief.lead_text == FAITHFUL_LEAD
    assert len(server.requests) == 1


def test_an_exact_duplicate_never_reaches_the_model():
    server = ChatServer()
    try:
        process_article(text_article(), Options(enrich=False, rewrite=server.endpoint), is_stored=always)
    finally:
        server.close()
    assert server.requests == []


# -- briefs written already ---------------------------------------------------


def test_a_written_brief_is_kept_as_written_and_keyed_like_any_text(ferry_brief):
    page = textformat.parse(ferry_brief.read_text(encoding="utf-8"), str(ferry_brief))
    processed = process_written(page, PLAIN, is_stored=never)
    assert processed.brief.method == "imported" and processed.brief.lead_text == page.lead
    assert processed.article.text_origin == "brief"
    assert processed.article.content_hash == content_hash(processed.article.text)
    assert process_written(page, PLAIN, is_stored=always).brief is None
