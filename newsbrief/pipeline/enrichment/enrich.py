"""Enrichment of an article: its entities, topic tags and who-wants-what statements.

The article is parsed once with a spaCy pipeline (the caller's `model`); `entities`,
`topics` and `aims` read that parse. Statement evidence points into the text's
paragraphs exactly as `Article.paragraphs` lists them.
"""

from __future__ import annotations

from collections.abc import Mapping

from newsbrief.pipeline.enrichment import aims
from newsbrief.pipeline.enrichment import entities
from newsbrief.pipeline.enrichment import topics
from newsbrief.pipeline.errors import InputError
from newsbrief.pipeline.types import Enrichment


def enrich(
    title: str, text: str, aliases: Mapping[str, str] | None = None, model: str = entities.DEFAULT_MODEL
) -> Enrichment:
    """Entities, topics and statements of one article.

    `aliases` maps spellings to the one name an entity goes by ("U.S." → "United
    States"); it adds to, and overrides, the built-in table `entities_lexicon.DEFAULT_ALIASES`.
    """
    if not isinstance(title, str) or not isinstance(text, str):
        raise InputError("enrich needs the article's title and text as strings")
    docs = entities.parse(title, text, model)
    table = entities.table(docs, aliases)
    return Enrichment(
        entities=table.entities(),
        topics=topics.extract(title, text, docs),
        statements=aims.statements(docs, table),
    )
