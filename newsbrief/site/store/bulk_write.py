"""Writing a bulk input (a backfill): a batch of originals per transaction, then their near copies.

Duplicates are decided over the whole input before anything is written
(site/ingest/backfill.py), so this writes each batch with bulk inserts keyed on
the articles' fixed ids, by the rules and with the side effects of storing one
article (articles_write.py): revisions, one entity per name, the story index's
log, story totals, the search index and cached pages. Story assignment is
sequential by nature (each depends on every one before it), so originals are
written in input order.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from django.db import transaction

from newsbrief.pipeline import types
from newsbrief.pipeline.duplicates import neardup
from newsbrief.pipeline.errors import InputError
from newsbrief.site.models import Article, Brief, Source
from newsbrief.site.store.article_rows import RevisionChain, new_article_row, outlet_source
from newsbrief.site.store.disk_full import disk_full_is_storage_full
from newsbrief.site.store.enrichment_rows import entity_names, write_enrichment
from newsbrief.site.store.planner_statistics import refresh_if_grown
from newsbrief.site.store.side_effects import after_write
from newsbrief.site.store.story_index_log import IndexBatch, index_batch
from newsbrief.site.store.story_membership import begin_stories, fold_story
from newsbrief.site.store.thread_membership import (
    after_merges, begin_threads, fold_thread, put_in_threads, thread_decision,
)


@dataclass(frozen=True)
class BulkArticle:
    """One article of a bulk input: the pipeline's article under its fixed id, and what the stages made of it."""

    id: str
    article: types.Article
    origin: str  # where it was read, for messages
    signature: tuple[int, ...] = ()  # its MinHash; none for an imported brief
    brief: types.Brief | None = None  # an original's; a copy has none
    enrichment: types.Enrichment | None = None


@dataclass(frozen=True)
class Written:
    """What one batch wrote: how many articles, and those it could not write, as (reason, message)."""

    stored: int
    failures: tuple[tuple[str, str], ...] = ()


@dataclass
class _Placed:
    """What the story index decided for one batch."""

    stories: dict[str, str] = field(default_factory=dict)  # article id -> story id
    merges: list[tuple[str, str]] = field(default_factory=list)  # (survivor, absorbed), in order
    centrals: dict[str, str] = field(default_factory=dict)  # story id -> its central article after its last assignment
    begun: dict[str, str] = field(default_factory=dict)  # story id -> its first article's title
    threads: dict[str, str] = field(default_factory=dict)  # story id -> its thread after its last assignment
    thread_merges: list[tuple[str, str]] = field(default_factory=list)  # (survivor, absorbed), in order
    thread_titles: dict[str, str] = field(default_factory=dict)  # every thread named -> the first article naming it
    written: list[tuple[BulkArticle, Article]] = field(default_factory=list)  # each to write, with its row
    failures: list[tuple[str, str]] = field(default_factory=list)


class BulkWriter:
    """Writes a bulk input's batches: originals with briefs, enrichment and stories, then near copies."""

    def __init__(self):
        self._sources: dict[str, int] = {}  # domain -> its source's pk

    def originals(self, items: list[BulkArticle]) -> Written:
        """Write one batch of originals, in input order, with their briefs, enrichment and stories: one transaction."""
        rows = [new_article_row(item.article, item.id, source_id=self._source(item.article),
                                signature=list(item.signature),
                                topics=list(item.enrichment.topics) if item.enrichment else []) for item in items]
        with disk_full_is_storage_full(), transaction.atomic(), index_batch() as batch:
            placed = _place(items, rows, batch)
            items = [item for item, _ in placed.written]
            thread_of = after_merges(placed.threads, placed.thread_merges)
            begin_threads(placed.thread_titles)
            begin_stories(placed.begun, thread_of)
            for item, row in placed.written:
                row.story_id = batch.index.resolve(placed.stories[item.id])
            Article.objects.bulk_create([row for _, row in placed.written], ignore_conflicts=True)
            for survivor, absorbed in placed.merges:
                fold_story(survivor, absorbed)
            for survivor, absorbed in placed.thread_merges:
                fold_thread(survivor, absorbed)
            left = put_in_threads(thread_of)
            Brief.objects.bulk_create(
                [Brief(article_id=item.id, **Brief.fields_from(item.brief)) for item in items], ignore_conflicts=True)
            write_enrichment((item.id, item.enrichment) for item in items if item.enrichment)
            centrals = {batch.index.resolve(story): central for story, central in placed.centrals.items()}
            touched = sorted(map(batch.index.resolve, placed.stories.values()))
            briefs = Brief.objects.filter(article_id__in=[item.id for item in items]).values_list("pk", flat=True)
            changed = [pk for _, row in placed.written for pk in (row.pk, row.revision_of_id)]
            after_write(stories={story: centrals.get(story) for story in touched}, threads=left, briefs=list(briefs),
                        articles=changed)
        refresh_if_grown()  # a backfill into a fresh install needs statistics long before it ends
        return Written(len(items), tuple(placed.failures))

    def copies(self, items: list[BulkArticle], original_of: Mapping[str, str]) -> Written:
        """Write one batch of near copies in one transaction, each linked to its original (stored) and in its story."""
        if not items:
            return Written(0)
        wanted = {original_of[item.id] for item in items}
        originals = {str(pk): (signature, story) for pk, signature, story in
                     Article.objects.filter(pk__in=wanted).values_list("pk", "signature", "story_id")}
        rows, failures = [], []
        for item in items:
            original = original_of[item.id]
            if original not in originals:  # cannot happen when every original was written first; never link to nothing
                failures.append(("internal error (original not stored)", f"{item.origin}: original {original}"))
                continue
            signature, story = originals[original]
            similarity = neardup.estimated_jaccard(item.signature, signature) if signature else None
            rows.append(new_article_row(item.article, item.id, source_id=self._source(item.article), story_id=story,
                                        duplicate_of_id=original, similarity=similarity, signature=list(item.signature)))
        with disk_full_is_storage_full(), transaction.atomic():
            revisions = RevisionChain(row.canonical_url for row in rows)
            for row in rows:
                revisions.add(row)
            Article.objects.bulk_create(rows, ignore_conflicts=True)
            after_write(stories=dict.fromkeys(sorted({str(row.story_id) for row in rows if row.story_id})),
                        articles=[pk for row in rows for pk in (row.pk, row.duplicate_of_id)])
        refresh_if_grown()
        return Written(len(rows), tuple(failures))

    def _source(self, article: types.Article) -> int | None:
        """The pk of the source standing for the article's outlet; None for an article without a domain."""
        domain = article.source_domain
        if not domain:
            return None
        if domain not in self._sources:
            kind = Source.Kind.TEXT if article.text_origin == "brief" else Source.Kind.PAGE
            self._sources[domain] = outlet_source(domain, article.outlet, kind).pk
        return self._sources[domain]


def _place(items: list[BulkArticle], rows: list[Article], batch: IndexBatch) -> _Placed:
    """Each original's story and place among revisions, in input order, as storing them one by one would decide.

    A revision joins the story of the article it revises; any other original is
    placed by the story index. An id the input holds twice is written once.
    """
    placed = _Placed()
    revisions = RevisionChain(item.article.canonical_url for item in items)
    for item, row in zip(items, rows, strict=True):
        article = item.article
        if item.id in placed.stories:
            placed.failures.append(("duplicate id", f"{item.origin}: id {item.id} already taken in this input"))
            continue
        previous = revisions.previous(article.canonical_url)
        if inherited := previous and (placed.stories.get(str(previous.pk)) or previous.story_id):
            placed.stories[item.id] = str(inherited)
        else:
            try:
                assignment = batch.assign(item.id, article.title, article.text, article.published,
                                          entity_names(item.enrichment))
            except InputError:  # the index holds this id already: the first one stands
                placed.failures.append(("duplicate id", f"{item.origin}: id {item.id} already taken in this input"))
                continue
            placed.stories[item.id] = assignment.story_id
            placed.merges += [(event.survivor, event.absorbed) for event in assignment.merged]
            placed.centrals[assignment.story_id] = assignment.central
            thread, thread_merges = thread_decision(assignment)
            placed.threads[assignment.story_id] = thread
            placed.thread_merges += [(event.survivor, event.absorbed) for event in thread_merges]
            for named in (thread, *(event.survivor for event in thread_merges)):
                placed.thread_titles.setdefault(named, article.title)
            if assignment.is_new:
                placed.begun[assignment.story_id] = article.title
        revisions.add(row)
        placed.written.append((item, row))
    return placed
