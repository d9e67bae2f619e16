"""Articles in and out of the reference text layout."""

from __future__ import annotations

import uuid
from pathlib import Path

from newsbrief.pipeline.briefs import textformat
from newsbrief.pipeline.errors import InputError, NotFoundError
from newsbrief.site.models import Article, Source


def import_text(path: Path) -> Article | None:
    """Import one text file whole, or nothing of it; None when that id or text is already stored."""
    try:
        raw = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as error:
        raise InputError(f"{path}: not UTF-8 text ({error.reason} at byte {error.start})") from error
    except OSError as error:
        raise InputError(f"{path}: cannot read ({error.strerror})") from error
    page = textformat.parse(raw, str(path))
    article, brief = textformat.to_article(page)
    home = f"https://{page.source_domain}/"
    source, _ = Source.objects.get_or_create(
        url=home,
        defaults={"name": page.source_domain, "home_url": home, "domain": page.source_domain, "kind": Source.Kind.TEXT},
    )
    return Article.objects.store(article, brief, source, article_id=page.id)


def export_text(article_id: str) -> str:
    """One stored article and its brief in the reference text layout."""
    try:
        article = Article.objects.select_related("brief").get(pk=uuid.UUID(str(article_id)))
        brief = article.brief
    except (ValueError, Article.DoesNotExist, Article.brief.RelatedObjectDoesNotExist) as error:
        raise NotFoundError(f"no article with a brief has the id {article_id!r}") from error
    page = textformat.TextPage(
        title=article.title,
        comment_count=article.approved_comments().count(),
        id=article.id,
        lead=brief.lead,
        body=tuple(brief.body_paragraphs),
        closing=brief.closing,
        source_domain=article.source_domain,
    )
    return textformat.render(page)
