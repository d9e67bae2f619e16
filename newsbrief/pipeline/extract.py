"""Turn an entry's page (or, failing that, its feed content) into an article's text and metadata."""

from __future__ import annotations

from datetime import UTC, datetime
from urllib.parse import urlsplit

import lxml.html
import trafilatura

from newsbrief.pipeline.dedupe import canonical_url, content_hash
from newsbrief.pipeline.errors import ExtractionError
from newsbrief.pipeline.types import Article, Entry

# The feed's own text replaces the page's when the page gives less than this share of
# it: extraction then most likely caught a teaser or a paywall stub, not the article.
MIN_SHARE_OF_FEED_TEXT = 0.5
# An article has prose: this many words in paragraphs of at least PROSE_LINE_WORDS words.
# When the article element is empty, trafilatura falls back to the page's menus and
# sign-up boxes, which are short lines; the shortest real briefs have a few sentences.
MIN_PROSE_WORDS = 40
PROSE_LINE_WORDS = 8


def _read_page(page: bytes, url: str) -> tuple[trafilatura.settings.Document | None, str]:
    """trafilatura's reading of the page (None when it finds no text) and the page's language."""
    tree = trafilatura.load_html(page)  # decodes by the page's charset, falling back on detection
    if tree is None:
        return None, ""
    language = (tree.get("lang") or "").split("-")[0].lower()
    doc = trafilatura.bare_extraction(
        tree, url=url or None, with_metadata=True, include_comments=False, include_tables=False
    )
    return doc, language


def _paragraphs(text: str) -> str:
    """One paragraph per non-empty line, separated by one blank line."""
    return "\n\n".join(" ".join(line.split()) for line in text.splitlines() if line.strip())


def _prose_words(text: str) -> int:
    counts = (len(paragraph.split()) for paragraph in text.split("\n\n"))
    return sum(n for n in counts if n >= PROSE_LINE_WORDS)


def _without_headline(text: str, title: str) -> str:
    """The text without a first paragraph that only repeats the headline."""
    first, _, rest = text.partition("\n\n")
    same = first.strip().casefold() == " ".join(title.split()).casefold()
    return rest if same and rest else text


def _feed_text(html: str) -> str:
    if not html.strip():
        return ""
    root = lxml.html.fromstring(f"<div>{html}</div>")
    blocks = root.xpath("//p|//li|//blockquote|//h2|//h3") or [root]
    return _paragraphs("\n".join(block.text_content() for block in blocks))


def _published(value: str | None) -> datetime | None:
    if not value:
        return None
    try:
        return datetime.fromisoformat(value).replace(tzinfo=UTC)
    except ValueError:
        return None


def extract(entry: Entry) -> Article:
    """The article an entry stands for; ExtractionError when neither page nor feed has text."""
    doc, language = _read_page(entry.page, entry.url) if entry.page else (None, "")
    page_text = _paragraphs(doc.text) if doc and doc.text else ""
    if _prose_words(page_text) < MIN_PROSE_WORDS:
        page_text = ""
    feed_text = _feed_text(entry.feed_html)
    if _prose_words(feed_text) < PROSE_LINE_WORDS:
        feed_text = ""
    if page_text and len(page_text) >= MIN_SHARE_OF_FEED_TEXT * len(feed_text):
        text, origin = page_text, "page"
    elif feed_text:
        text, origin = feed_text, "feed"
    else:
        raise ExtractionError(f"{entry.origin}: no article text in {entry.url or 'the page'}")
    url = entry.url or (doc.url if doc else "") or ""
    canonical = canonical_url((doc.url if doc and doc.url else "") or url)
    title = entry.title or (doc.title if doc else "") or ""
    if not title.strip():
        raise ExtractionError(f"{entry.origin}: article at {url or 'the page'} has no title")
    text = _without_headline(text, title)
    authors = entry.authors or (tuple(a.strip() for a in doc.author.split(";")) if doc and doc.author else ())
    return Article(
        url=url,
        canonical_url=canonical,
        title=" ".join(title.split()),
        text=text,
        source_domain=urlsplit(canonical or url).hostname or "",
        content_hash=content_hash(text),
        outlet=entry.outlet or (doc.sitename if doc and doc.sitename else ""),
        authors=authors,
        published=entry.published or _published(doc.date if doc else None),
        language=language,
        text_origin=origin,
    )
