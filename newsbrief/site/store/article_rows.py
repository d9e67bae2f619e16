"""An article's row as both paths make it: its fields, its place among the revisions at its URL, its outlet's source."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from urllib.parse import unquote

from newsbrief.pipeline import types
from newsbrief.pipeline.duplicates.keys import web_url
from newsbrief.site.models import Article, Source


def new_article_row(article: types.Article, article_id: uuid.UUID | str | None, **extra) -> Article:
    """The (unsaved) row of a pipeline article; extra: the fields the store decides (source, story, copy of ...)."""
    return Article(
        id=article_id or uuid.uuid4(),
        url=web_url(article.url),  # whatever path it came by, no javascript: or data: link is stored
        canonical_url=web_url(article.canonical_url),
        title=article.title,
        authors=list(article.authors),
        published=article.published,
        language=article.language,
        outlet=article.outlet,
        source_domain=article.source_domain,
        content_hash=article.content_hash,
        text=article.text,
        text_origin=article.text_origin,
        **extra,
    )


def latest_revisions(urls: Iterable[str]) -> dict[str, Article]:
    """The newest stored revision at each of these canonical URLs (the highest, the latest stored of equals)."""
    latest: dict[str, Article] = {}
    wanted = {url for url in urls if url}
    if wanted:
        for row in Article.objects.filter(canonical_url__in=wanted).order_by("canonical_url", "revision", "ingested"):
            latest[row.canonical_url] = row
    return latest


class RevisionChain:
    """The newest revision at each canonical URL, stored or added since: each row added becomes the next one there."""

    def __init__(self, urls: Iterable[str]):
        self._latest = latest_revisions(urls)

    def previous(self, canonical_url: str) -> Article | None:
        """The revision a new row at this URL would follow, if any."""
        return self._latest.get(canonical_url) if canonical_url else None

    def add(self, row: Article) -> None:
        """Make an unsaved row the next revision at its canonical URL (the first, if none is there)."""
        if previous := self.previous(row.canonical_url):
            row.revision_of_id, row.revision = previous.pk, previous.revision + 1
        if row.canonical_url:
            self._latest[row.canonical_url] = row


def outlet_source(domain: str, outlet: str, kind: str, where: str = "") -> Source:
    """The source standing for an outlet's site (https://domain/), made on first sight, named by the outlet.

    An article with no domain (a page file that names no URL of its own) stands alone:
    its source is the file it came from (where: its file:// URI), named by the outlet or
    the file; no two such pages share one nameless "https:///".
    """
    if not domain:
        if not where:
            raise ValueError("an article without a domain needs the address of the file it came from")
        name = outlet or unquote(where.rstrip("/").rpartition("/")[2]) or where
        source, _ = Source.objects.get_or_create(
            url=where, defaults={"name": name, "home_url": "", "domain": "", "kind": kind})
        return source
    url = f"https://{domain}/"
    source, _ = Source.objects.get_or_create(
        url=url, defaults={"name": outlet or domain, "home_url": url, "domain": domain, "kind": kind})
    return source
