"""The article page's story blocks: topics, entities, who wants what and more on this story."""

from __future__ import annotations

from dataclasses import dataclass

from django import template

from newsbrief.pipeline.duplicates.keys import web_url
from newsbrief.site.models import Article, Statement
from newsbrief.site.web.provenance import _fragment as text_fragment
from newsbrief.site.web.statements_shown import shown

register = template.Library()

RELATED_SHOWN = 10


@dataclass(frozen=True)
class Evidence:
    """Where a statement's sentence is: its paragraph (1-based; 0 for the title) and a link to it in the original."""

    paragraph: int
    href: str


def evidence(statement: Statement, article: Article) -> Evidence:
    """The paragraph mark and text-fragment link of a statement's evidence sentence."""
    if statement.paragraph < 0:
        return Evidence(0, article.original_url)
    url = web_url(article.url)
    return Evidence(statement.paragraph + 1, url + text_fragment(statement.evidence) if url else "")


@register.inclusion_tag("newsbrief/_story_blocks.html")
def story_blocks(article: Article) -> dict:
    """{% story_blocks article %}: the blocks shown between the attribution and the comments."""
    statements = shown(article.statements.select_related("actor"))
    for statement in statements:
        statement.where = evidence(statement, article)
    related = []
    if article.story_id:
        others = Article.objects.published().filter(story_id=article.story_id).exclude(pk=article.pk)
        related = list(others[:RELATED_SHOWN])
    return {
        "article": article,
        "topics": article.topics,
        "mentions": article.mentions.select_related("entity").order_by("-count", "entity__name"),
        "statements": statements,
        "related": related,
        "story": article.story if article.story_id else None,
    }
