"""The one way in: an entry through the stages, in the order of the design.

    extract → keys → already stored? → language → brief → rewrite (optional) → enrich

Every path in runs it: polling (site/ingest/polling.py), file ingest
(site/ingest/from_files.py, textpages.py) and both backfill engines
(scale/stages.py). Extraction is the one place a block page is decided. An exact
duplicate of a stored text is recognised by its keys before anything is written
for it, and stops there. A brief written already (the reference text layout) is
kept as written: it joins at the keys and is never briefed again. Where it goes
next (the database, a result row) is the caller's business.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from functools import lru_cache
from urllib.parse import urlsplit

from newsbrief.pipeline.briefs import llm, textformat
from newsbrief.pipeline.briefs.summarize import summarize
from newsbrief.pipeline.duplicates.keys import canonical_url, keyed, web_url
from newsbrief.pipeline.enrichment.enrich import enrich
from newsbrief.pipeline.enrichment.entities import DEFAULT_MODEL
from newsbrief.pipeline.extraction.extract import MAX_TITLE, Limits, extract
from newsbrief.pipeline.language.detect import is_english, language_of
from newsbrief.pipeline.types import Article, Brief, Enrichment, Entry

FEED_TEXT_NOTE = "Written from the feed's own text: the article page could not be read in full."

IsStored = Callable[[Article], bool]  # whether a keyed article's text is stored already


@dataclass(frozen=True)
class Options:
    """What the stages do: how much body a brief keeps, extraction's limits, enrichment, and the optional rewrite."""

    body_mode: str = "condensed"
    limits: Limits = field(default_factory=Limits)
    enrich: bool = True
    aliases: tuple[tuple[str, str], ...] = ()  # the alias table (spelling, name) that enrichment applies
    spacy_model: str = DEFAULT_MODEL  # the spaCy pipeline that enrichment parses with
    rewrite: llm.Endpoint | None = None  # the model that rewrites lead and closing; None: briefs stay extractive


@dataclass(frozen=True)
class Processed:
    """What the stages made of one entry: its keyed article and, unless it is stored already, brief and enrichment."""

    article: Article
    brief: Brief | None = None  # None for an exact duplicate: it was never briefed
    enrichment: Enrichment | None = None  # None for an exact duplicate, or when Options.enrich is off
    duplicate: bool = False  # the same text is stored already (is_stored said so)


def process(entry: Entry, options: Options, *, is_stored: IsStored) -> Processed:
    """An entry through every stage; InputError when it gives no article (BlockedPageError for a block page)."""
    return process_article(extract(entry, options.limits), options, is_stored=is_stored)


def process_article(
    article: Article, options: Options, *, is_stored: IsStored, written: Brief | None = None
) -> Processed:
    """An article whose text is known (extracted, or given as text) from its keys on.

    `written`: its brief, written already (an imported page), kept as it is rather than briefed again.
    """
    article = keyed(article)
    if is_stored(article):
        return Processed(article, duplicate=True)
    # The text's own language; the page's <html lang> only where the text is too short to tell.
    article = replace(article, language=language_of(article.text, article.language))
    brief = written
    if brief is None:
        brief = write_brief(
            article.title, article.text, body_mode=options.body_mode, rewrite=options.rewrite, language=article.language
        )
    if article.text_origin == "feed":
        brief = replace(brief, notes=(*brief.notes, FEED_TEXT_NOTE))
    return Processed(article, brief, enrichment_of(article, options) if options.enrich else None)


def process_written(page: textformat.TextPage, options: Options, *, is_stored: IsStored) -> Processed:
    """A brief in the reference text layout: its article keyed and enriched, its brief as written."""
    article, brief = textformat.to_article(page)
    return process_article(article, options, is_stored=is_stored, written=brief)


def write_brief(
    title: str, text: str, *, body_mode: str = "condensed", rewrite: llm.Endpoint | None = None, language: str = "en"
) -> Brief:
    """The brief of a text in `language`: extractive, then its lead and closing rewritten by the model when `rewrite` names one.

    Only English briefs are rewritten: the model's prompt and its checks (llm.py) are English.
    """
    brief = summarize(title, text, body_mode=body_mode, language=language)
    return llm.rewrite(brief, title, text, rewrite) if rewrite is not None and is_english(language) else brief


def enrichment_of(article: Article, options: Options) -> Enrichment:
    """The entities, topics and statements of an article, under the options' model and alias table."""
    return _enrichment(options.spacy_model, article.title, article.text, options.aliases, article.language)


# Enrichment is a pure function of the model, the text and the aliases, so a memo
# is always right. It spares the parse (the dearest stage) when the same text
# comes again in one process: an entry retried after its store failed, a text
# stored again after its article was deleted.
@lru_cache(maxsize=256)
def _enrichment(model: str, title: str, text: str, aliases: tuple[tuple[str, str], ...], language: str) -> Enrichment:
    return enrich(title, text, dict(aliases), model, language=language)


def blocked_article(entry: Entry) -> Article:
    """What is known of an entry whose page was a block page: its link, title and date; no text, no content hash."""
    url = web_url(entry.url)
    canonical = canonical_url(url)
    return Article(
        url=url,
        canonical_url=canonical,
        title=" ".join((entry.title or entry.url).split())[:MAX_TITLE],
        text="",
        source_domain=urlsplit(canonical).hostname or "",
        content_hash="",
        outlet=entry.outlet,
        authors=entry.authors,
        published=entry.published,
    )
