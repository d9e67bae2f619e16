"""Articles in and out of the reference text layout."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from pathlib import Path

from newsbrief.pipeline.briefs import textformat
from newsbrief.pipeline.errors import InputError, NotFoundError
from newsbrief.pipeline.process import Options, process_written
from newsbrief.site.ingest.pipeline_setup import is_stored, pipeline_options
from newsbrief.site.models import Article, Source
from newsbrief.site.store import outlet_source, store_article


@dataclass(frozen=True)
class TextImport:
    """What importing one text file gave: the article now stored, or the stored one that holds its id or text."""

    article: Article
    new: bool


def import_text(path: Path, options: Options | None = None) -> Article | None:
    """Import one text file whole, or nothing of it; None when that id or text is already stored.

    options: the pipeline's (pipeline_setup.pipeline_options() when not given).
    """
    result = import_text_page(path, options)
    return result.article if result.new else None


def import_text_page(path: Path, options: Options | None = None) -> TextImport:
    """Import one text file whole, or nothing of it; when its id or its text is stored, the article holding it.

    The same text under another id is not stored twice: its export is by the id of the article that holds it.
    """
    try:
        raw = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as error:
        raise InputError(f"{path}: not UTF-8 text ({error.reason} at byte {error.start})") from error
    except OSError as error:
        raise InputError(f"{path}: cannot read ({error.strerror})") from error
    page = textformat.parse(raw, str(path))
    source = outlet_source(page.source_domain, "", Source.Kind.TEXT, where=path.resolve().as_uri())
    if held := Article.objects.filter(pk=page.id).first():  # imported already, under the id it carries
        return TextImport(held, new=False)
    processed = process_written(page, options or pipeline_options(), is_stored=is_stored)
    stored = None if processed.duplicate else store_article(
        processed.article, processed.brief, source, article_id=page.id, enrichment=processed.enrichment)
    if stored is not None:
        return TextImport(stored, new=True)
    # The same text is stored already (or was, a moment ago, under this id by another process).
    held = Article.objects.filter(pk=page.id).first() or Article.objects.find_duplicate(processed.article)
    return TextImport(held, new=False)


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
