"""Run one entry through the stages: extract, then summarize."""

from __future__ import annotations

from dataclasses import replace

from newsbrief.pipeline.extraction.extract import extract
from newsbrief.pipeline.briefs.summarize import summarize
from newsbrief.pipeline.types import Article, Brief, Entry

FEED_TEXT_NOTE = "Written from the feed's own text: the article page could not be read in full."


def brief_entry(entry: Entry, body_mode: str = "condensed") -> tuple[Article, Brief]:
    """The article an entry stands for and its brief; InputError when there is nothing to brief."""
    article = extract(entry)
    brief = summarize(article.title, article.text, body_mode=body_mode)
    if article.text_origin == "feed":
        brief = replace(brief, notes=(*brief.notes, FEED_TEXT_NOTE))
    return article, brief
