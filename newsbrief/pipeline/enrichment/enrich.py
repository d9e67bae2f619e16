"""Enrichment of an article: its entities, topic tags and who-wants-what statements.

The article is parsed once with a spaCy pipeline (the caller's `model`); `entities`,
`topics` and `aims` read that parse. Statement evidence points into the text's
paragraphs exactly as `Article.paragraphs` lists them.

The parser and the aims rules are English: text in another language gets no
entities and no statements (none beats wrong ones: the English model tags German
nouns as people), and topics from its words alone (see topics.py).
"""

from __future__ import annotations

from collections.abc import Mapping

from newsbrief.pipeline.enrichment import aims
from newsbrief.pipeline.enrichment import entities
from newsbrief.pipeline.enrichment import topics
from newsbrief.pipeline.errors import InputError
from newsbrief.pipeline.language.detect import ENGLISH, is_english
from newsbrief.pipeline.types import Enrichment


def enrich(
    title: str,
    text: str,
    aliases: Mapping[str, str] | None = None,
    model: str = entities.DEFAULT_MODEL,
    *,
    language: str = ENGLISH,
) -> Enrichment:
    """Entities, topics and statements of one article in `language` (an ISO 639 code).

    `aliases` maps spellings to the one name an entity goes by ("U.S." → "United
    States"); it adds to, and overrides, the built-in table `entities_lexicon.DEFAULT_ALIASES`.
    """
    if not isinstance(title, str) or not isinstance(text, str):
        raise InputError("enrich needs the article's title and text as strings")
    if not is_english(language):
        return Enrichment(topics=topics.extract(title, text, language=language))
    docs = entities.parse(title, text, model)
    table = entities.table(docs, aliases)
    return Enrichment(
        entities=table.entities(),
        topics=topics.extract(title, text, docs),
        statements=aims.statements(docs, table),
    )
