"""Storing one article: exact duplicates refused, near-duplicate copies linked, revisions chained, block pages kept.

Polling, file ingest and text import store through `store_article`, one article
per transaction; a backfill writes through bulk_write.py by the same rules.
"""

from __future__ import annotations

import uuid
from datetime import datetime

from django.db import transaction

from newsbrief.pipeline import types
from newsbrief.pipeline.duplicates import neardup
from newsbrief import config
from newsbrief.site.models import Article, Brief, Comment, Source
from newsbrief.site.store.article_rows import RevisionChain, latest_revisions, new_article_row
from newsbrief.site.store.disk_full import disk_full_is_storage_full
from newsbrief.site.store.enrichment_rows import clear_enrichment, entity_names, write_enrichment
from newsbrief.site.store.side_effects import after_write
from newsbrief.site.store.story_index_log import lock_story_index
from newsbrief.site.store.story_membership import place_article


def near_duplicate_index() -> neardup.NearDuplicateIndex:
    """An index of every stored text's MinHash (originals and copies), rebuilt from the stored signatures."""
    index = neardup.NearDuplicateIndex(threshold=config.value("NEWSBRIEF_NEAR_DUPLICATE_THRESHOLD"))
    rows = Article.objects.filter(status=Article.Status.OK).values_list("pk", "signature")
    for pk, signature in rows.iterator(chunk_size=2000):
        if signature:
            index.add(str(pk), tuple(signature))
    return index


def store_article(
    article: types.Article,
    brief: types.Brief | None,
    source: Source | None,
    *,
    enrichment: types.Enrichment | None = None,
    blocked_reason: str = "",
    article_id: uuid.UUID | None = None,
    index: neardup.NearDuplicateIndex | None = None,
) -> Article | None:
    """Store an article in one transaction; None when it is already stored.

    An article is stored as exactly one of: an original with its brief; a new
    revision of the article at the same canonical URL; a near-duplicate copy,
    linked to its original and without a brief; or, with a blocked_reason, a
    blocked page, never briefed. Near-duplicates form groups however they
    arrive: the earliest published of a group is its original, the others
    (briefs dropped) its copies, so the outcome does not depend on the order
    of arrival. index is the run's near-duplicate index, built when not given.
    Every stored article joins a story, and an original gets the entities,
    topics and statements of `enrichment` (None: none). The returned row's
    `displaced` lists the originals that became its group's copies.
    """
    signature: tuple[int, ...] = ()  # none for a refused or blocked article
    with disk_full_is_storage_full(), transaction.atomic():
        if article_id and Article.objects.filter(pk=article_id).exists():
            return None
        if blocked_reason:
            return _store_blocked(article, source, article_id, blocked_reason)
        if Article.objects.find_duplicate(article):
            return None
        row = new_article_row(article, article_id, source=source)
        RevisionChain([row.canonical_url]).add(row)
        originals: list[Article] = []
        if signature := neardup.article_signature(article):
            index = index if index is not None else near_duplicate_index()
            originals = _near_originals(signature, index, article.canonical_url)
        row.signature = list(signature)
        first = min(originals, key=_age, default=None)
        if first and not _earlier(article.published, first.published):
            row.duplicate_of, row.similarity = first, _similarity(first.text, article.text)
            row.displaced = [other for other in originals if other != first]
        else:
            row.topics = list(enrichment.topics) if enrichment else []
            row.displaced = originals
        Article.objects.bulk_create([row])
        briefs = [] if row.duplicate_of_id else [
            written.pk for written in Brief.objects.bulk_create([Brief(article=row, **Brief.fields_from(brief))])]
        for other in row.displaced:
            briefs += _demote(other, row.duplicate_of or row)
        lock_story_index()  # stories and entities are written by one process at a time
        clear_enrichment(other.pk for other in row.displaced)
        if not row.duplicate_of_id and enrichment is not None:
            write_enrichment([(row.pk, enrichment)])
        stories, threads = place_article(row, entity_names(enrichment) if not row.duplicate_of_id else ())
        changed = [row.pk, row.duplicate_of_id, row.revision_of_id, *(other.pk for other in row.displaced)]
        after_write(stories=stories, threads=threads, briefs=briefs, articles=changed)
    if signature:
        # After the commit: a key whose transaction rolled back is skipped when queried.
        index.add(str(row.pk), signature)
    return row


def _store_blocked(article: types.Article, source: Source | None, article_id: uuid.UUID | None,
                   reason: str) -> Article | None:
    """A block page's row, never briefed nor in a story; None when its URL is stored already."""
    if article.canonical_url and Article.objects.filter(canonical_url=article.canonical_url).exists():
        return None
    row = new_article_row(article, article_id, source=source, status=Article.Status.BLOCKED, blocked_reason=reason)
    Article.objects.bulk_create([row])
    after_write()
    return row


def _near_originals(signature, index: neardup.NearDuplicateIndex, canonical: str) -> list[Article]:
    """The originals of the stored texts the signature is a near-duplicate of; other revisions don't count."""
    found: dict = {}
    for key, _similarity in index.query(signature):
        row = Article.objects.filter(pk=key).select_related("duplicate_of").first()
        if row is None:  # written by a transaction that rolled back
            continue
        row = row.duplicate_of or row
        if canonical and row.canonical_url == canonical:
            continue
        newest = latest_revisions([row.canonical_url]).get(row.canonical_url)
        if newest and newest.duplicate_of_id is None:
            row = newest
        found[row.pk] = row
    return list(found.values())


def _demote(old: Article, new: Article) -> list[int]:
    """Make an original and its copies copies of an earlier-published original; the ids of the briefs dropped."""
    for row in [old, *old.copies.all()]:
        Article.objects.filter(pk=row.pk).update(duplicate_of=new, similarity=_similarity(new.text, row.text))
    dropped = Brief.objects.filter(article=old)
    briefs = list(dropped.values_list("pk", flat=True))
    dropped.delete()  # copies are not briefed
    Comment.objects.filter(article=old).update(article=new)
    return briefs


def _similarity(a: str, b: str) -> float:
    """The Jaccard similarity of two texts' word shingles, computed exactly (the index only estimates it)."""
    return round(neardup.jaccard(neardup.shingles(a), neardup.shingles(b)), 4)


def _age(article: Article) -> tuple:
    """Sorts the earliest published first; an undated article after every dated one."""
    return (article.published is None, article.published or article.ingested, article.ingested)


def _earlier(when: datetime | None, than: datetime | None) -> bool:
    return when is not None and than is not None and when < than
