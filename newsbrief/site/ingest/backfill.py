"""Backfill a corpus: an engine runs the stages, duplicates are found across all of it, then stories and writes.

1. Ids already in the database are skipped before any work (a killed run resumes).
2. The engine (`newsbrief.scale`) runs extract, signatures, summarize and enrich in parallel.
3. Exact and near duplicates are decided over the whole input and the stored articles at once.
4. Originals are written in input order, in batches, each in one transaction of bulk
   inserts keyed on the records' deterministic ids, with their briefs, entities,
   statements and topics. Stories are assigned as they go by the site's one story
   index (`site.stories`), logged like any stored article's, so that later articles,
   polled or backfilled, join the same stories: each assignment depends on every one
   before it, so this part is sequential by nature. Near copies are written last,
   linked to their originals, in their stories.

A re-run adds nothing. A killed run's committed batches are in the story index's
log, so a resumed run assigns the rest as an uninterrupted run would.
"""

from __future__ import annotations

import json
import time
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path

from django.db import transaction

from newsbrief.pipeline.duplicates import neardup
from newsbrief.pipeline.errors import InputError
from newsbrief.pipeline.extraction.extract import limits_from_settings
from newsbrief.scale import banding, stages
from newsbrief.site.store import filing as stories
from newsbrief.site.store.entity_kinds import settle_kinds
from newsbrief.site.models import (Article, Brief, Entity, EntityAlias, Mention, Source, Statement, Story,
                                   near_duplicate_threshold)
from newsbrief.site.web.search import index_brief

BATCH = 500  # articles per transaction: large enough for bulk inserts to pay, small enough to lose little when killed
MAX_EXAMPLES = 20  # failure messages kept for the report; the counts by reason cover all of them

Progress = Callable[[str, int, int | None], None]  # (phase, done, total or None)


@dataclass
class BackfillReport:
    """What one backfill did: counts, failures by reason, and how fast."""

    engine: str
    workers: int
    enrich: str = "on"  # or "off: why"
    read: int = 0
    already_stored: int = 0
    new: int = 0
    near_duplicates: int = 0  # stored, linked to their original, not briefed
    exact_duplicates: int = 0  # not stored: the same text is stored already
    failures: Counter = field(default_factory=Counter)  # reason -> count
    examples: list[str] = field(default_factory=list)
    process_seconds: float = 0.0
    dedupe_seconds: float = 0.0
    write_seconds: float = 0.0
    peak_rss_kb: dict[str, int] = field(default_factory=dict)  # worker -> its peak resident memory

    @property
    def processed(self) -> int:
        """Records that went through the stages (those already stored did not)."""
        return self.read - self.already_stored

    @property
    def articles_per_second(self) -> float:
        """Records processed per second of the parallel part: stages and duplicate detection."""
        seconds = self.process_seconds + self.dedupe_seconds
        return self.processed / seconds if seconds else 0.0

    @property
    def written_per_second(self) -> float:
        """Articles stored per second of the sequential part: story assignment and database writes."""
        stored = self.new + self.near_duplicates
        return stored / self.write_seconds if self.write_seconds else 0.0

    def fail(self, reason: str, message: str) -> None:
        """Count one failed record."""
        self.failures[reason] += 1
        if len(self.examples) < MAX_EXAMPLES:
            self.examples.append(message)


def make_engine(name: str, workers: int | None = None, address: str | None = None):
    """The engine called name: "local" (processes here) or "ray" (a Ray cluster, or a local Ray)."""
    if name == "local":
        if address:
            raise InputError("--address is for the Ray engine; the local engine runs on this machine")
        from newsbrief.scale.local_engine import LocalEngine

        return LocalEngine(workers or 1)
    if name == "ray":
        try:
            from newsbrief.scale.ray_engine import RayEngine
        except ImportError as error:
            raise InputError(f"the Ray engine needs Ray: pip install 'newsbrief[scale]' ({error})") from error
        return RayEngine(workers, address)
    raise InputError(f"unknown engine {name!r}: choose ray or local")


def run_backfill(path: Path, engine, *, enrich: bool = True, batch_size: int = BATCH,
                 progress: Progress | None = None) -> BackfillReport:
    """Backfill every record under path with the engine; see the module's docstring for the steps."""
    if batch_size < 1:
        raise InputError(f"batch size must be at least 1, not {batch_size}")
    progress = progress or (lambda phase, done, total: None)
    report = BackfillReport(engine=engine.name, workers=engine.workers)
    options = stages.Options(enrich=enrich, limits=limits_from_settings(),
                             aliases=tuple(sorted(EntityAlias.table().items())))
    if not enrich:
        report.enrich = "off"
    elif why := stages.enrich_unavailable():
        options = replace(options, enrich=False)
        report.enrich = f"off: {why}"
    threshold = near_duplicate_threshold()

    started = time.perf_counter()
    stored = stages.StoredIds(str(pk) for pk in Article.objects.values_list("pk", flat=True).iterator(chunk_size=5000))
    results = engine.process(Path(path), stored, options, progress=lambda done: progress("process", done, None))
    report.process_seconds = time.perf_counter() - started

    started = time.perf_counter()
    seq_of = dict(engine.stored_rows(results))
    decisions = engine.find_duplicates(results, list(_stored_nodes(seq_of)), banding.shape(threshold))
    report.dedupe_seconds = time.perf_counter() - started
    report.peak_rss_kb = {worker: peak for worker, (peak, _cpu) in engine.worker_usage(results).items()}

    started = time.perf_counter()
    writer = _Writer(decisions, report)
    done, total = 0, engine.count(results)
    for rows in engine.rows(results, batch_size):
        writer.originals(rows)
        done += len(rows)
        progress("originals", done, total)
    for rows in engine.rows(results, batch_size):
        writer.copies(rows)
        progress("copies", report.near_duplicates, len(decisions.copies))
    report.write_seconds = time.perf_counter() - started
    return report


def _stored_nodes(seq_of: dict[str, int]):
    """Nodes of the stored articles: those of this input keep their input order, the others go first."""
    rows = Article.objects.filter(status=Article.Status.OK).values_list(
        "pk", "published", "content_hash", "signature", "canonical_url")
    for pk, published, content_hash, signature, canonical in rows.iterator(chunk_size=2000):
        article_id = str(pk)
        yield {"id": article_id, "content_hash": content_hash, "canonical_url": canonical,
               "signature": stages.pack(signature) if signature else b"",
               "order": banding.order_key(seq=seq_of.get(article_id), published=stages.iso(published),
                                          article_id=article_id)}


@dataclass
class _Placed:
    """What the story index decided for one batch."""

    stories: dict[str, str] = field(default_factory=dict)  # article id -> story id
    merges: list[tuple[str, str]] = field(default_factory=list)  # (survivor, absorbed), in order
    centrals: dict[str, str] = field(default_factory=dict)  # story id -> its central article after its last assignment
    begun: dict[str, str] = field(default_factory=dict)  # story id -> its first article's title


class _Writer:
    """Writes result rows in input order: originals with briefs, entities and stories, then near copies."""

    def __init__(self, decisions: banding.Decisions, report: BackfillReport):
        self.decisions, self.report = decisions, report
        self.sources: dict[str, int] = {}  # source URL -> pk

    def originals(self, rows: list[dict]) -> None:
        """Write one batch's originals, their enrichment and their stories in one transaction."""
        self.report.read += len(rows)
        new = []
        for row in rows:
            if row["status"] == stages.FAILED:
                self.report.fail(row["reason"], row["message"])
            elif row["status"] == stages.STORED:
                self.report.already_stored += 1
            elif row["id"] in self.decisions.exact:
                self.report.exact_duplicates += 1
            elif row["id"] not in self.decisions.copies:
                new.append(row)
        with transaction.atomic(), stories.index_batch() as batch:
            placed = self._assign(new, batch)
            new = [row for row in new if row["id"] in placed.stories]
            Story.objects.bulk_create([Story(id=sid, title=title[:500]) for sid, title in placed.begun.items()],
                                      ignore_conflicts=True)
            articles = [self._article(row, story_id=batch.index.resolve(placed.stories[row["id"]]),
                                      topics=json.loads(row["topics"])) for row in new]
            self._add_revisions(articles)
            Article.objects.bulk_create(articles, ignore_conflicts=True)
            for survivor, absorbed in placed.merges:
                stories.merge(survivor, absorbed, refreshed=False)
            Brief.objects.bulk_create(
                [Brief(article_id=row["id"], **Brief.fields_from(stages.brief_from_json(row["brief"]))) for row in new],
                ignore_conflicts=True)
            index_brief(*Brief.objects.filter(article_id__in=[row["id"] for row in new]).values_list("pk", flat=True))
            _write_enrichment(new)
            _refresh_stories(placed, batch.index)
        self.report.new += len(new)

    def copies(self, rows: list[dict]) -> None:
        """Write one batch's near copies in one transaction, each linked to its original and in its story."""
        copies = [row for row in rows if row["status"] == stages.OK and row["id"] in self.decisions.copies]
        if not copies:
            return
        wanted = {self.decisions.copies[row["id"]] for row in copies}
        originals = {str(pk): (signature, story) for pk, signature, story in
                     Article.objects.filter(pk__in=wanted).values_list("pk", "signature", "story_id")}
        articles = []
        for row in copies:
            original = self.decisions.copies[row["id"]]
            if original not in originals:  # cannot happen when every original was written first; never link to nothing
                self.report.fail("internal error (original not stored)", f"{row['origin']}: original {original}")
                continue
            signature, story = originals[original]
            similarity = neardup.estimated_jaccard(stages.unpack(row["signature"]), signature) if signature else None
            articles.append(self._article(row, story_id=story, duplicate_of_id=original, similarity=similarity))
        with transaction.atomic():
            self._add_revisions(articles)
            Article.objects.bulk_create(articles, ignore_conflicts=True)
            stories.refresh_many(dict.fromkeys(sorted({str(a.story_id) for a in articles if a.story_id})))
        self.report.near_duplicates += len(articles)

    def _assign(self, rows: list[dict], batch: stories.IndexBatch) -> _Placed:
        """Each article's story, in input order, and what the index decided on the way."""
        placed = _Placed()
        for row in rows:
            published = stages.parse_published(row["published"], row["origin"])
            try:
                assignment = batch.assign(row["id"], row["title"], row["text"], published, _entity_names(row))
            except InputError:  # the input holds this id twice (a JSON id repeated): the first one stands
                self.report.fail("duplicate id", f"{row['origin']}: id {row['id']} already taken in this input")
                continue
            placed.stories[row["id"]] = assignment.story_id
            placed.merges += [(event.survivor, event.absorbed) for event in assignment.merged]
            placed.centrals[assignment.story_id] = assignment.central
            if assignment.is_new:
                placed.begun[assignment.story_id] = row["title"]
        return placed

    def _source(self, row: dict) -> int | None:
        domain = row["source_domain"]
        if not domain:
            return None
        url = f"https://{domain}/"
        if url not in self.sources:
            kind = Source.Kind.TEXT if row["text_origin"] == "brief" else Source.Kind.PAGE
            source, _ = Source.objects.get_or_create(
                url=url, defaults={"name": row["outlet"] or domain, "home_url": url, "domain": domain, "kind": kind})
            self.sources[url] = source.pk
        return self.sources[url]

    def _article(self, row: dict, **extra) -> Article:
        return Article(
            id=row["id"], source_id=self._source(row), url=row["url"], canonical_url=row["canonical_url"],
            title=row["title"], authors=json.loads(row["authors"]),
            published=stages.parse_published(row["published"], row["origin"]), language=row["language"],
            outlet=row["outlet"], source_domain=row["source_domain"], content_hash=row["content_hash"],
            text=row["text"], text_origin=row["text_origin"],
            signature=stages.unpack(row["signature"]) if row["signature"] else [], **extra)

    def _add_revisions(self, articles: list[Article]) -> None:
        """A text at a canonical URL already stored is the next revision of the latest one there."""
        urls = {a.canonical_url for a in articles if a.canonical_url}
        latest: dict[str, tuple[str, int]] = {}
        for pk, url, revision in Article.objects.filter(canonical_url__in=urls).values_list(
                "pk", "canonical_url", "revision").order_by("canonical_url", "revision", "ingested"):
            latest[url] = (pk, revision)
        for article in articles:
            if article.canonical_url in latest:
                article.revision_of_id, previous = latest[article.canonical_url]
                article.revision = previous + 1
            if article.canonical_url:
                latest[article.canonical_url] = (article.id, article.revision)


def _entity_names(row: dict) -> tuple[str, ...]:
    """A row's entity names, most mentioned first (ties in the article's order), as the store path gives them."""
    return tuple(name for name, *_ in sorted(json.loads(row["entities"]), key=lambda entity: -entity[2]))


def _refresh_stories(placed: _Placed, index) -> None:
    """Bring the totals, topics, title and lead of the stories a batch touched up to date."""
    centrals = {index.resolve(story): central for story, central in placed.centrals.items()}
    stories.refresh_many({story: centrals.get(story) for story in sorted(map(index.resolve, placed.stories.values()))})


def _write_enrichment(rows: list[dict]) -> None:
    """Mentions and statements of new originals; one entity per name, of the kind most of its articles give it."""
    parsed = [(row["id"], json.loads(row["entities"]), json.loads(row["statements"])) for row in rows]
    kinds: dict[str, str] = {}
    seen_kinds: dict[str, set[str]] = defaultdict(set)  # every kind the batch gives a name
    for _, entities, statements in parsed:
        for name, kind, *_ in entities:
            kinds.setdefault(name[:300], kind)
            seen_kinds[name[:300]].add(kind)
        for statement in statements:
            kinds.setdefault(statement["actor"][:300], statement["actor_kind"])
    if not kinds:
        return
    stored = set(Entity.objects.filter(name__in=kinds).values_list("name", flat=True))
    Entity.objects.bulk_create([Entity(name=name, kind=kind) for name, kind in kinds.items() if name not in stored],
                               ignore_conflicts=True)
    pk_of: dict[str, int] = {}
    unsettled = set()  # entities some article of the batch gives another kind
    for pk, name, kind in Entity.objects.filter(name__in=kinds).order_by("pk").values_list("pk", "name", "kind"):
        if name not in pk_of:  # the oldest entity of a name, as the store path picks it
            pk_of[name] = pk
            if seen_kinds[name] - {kind}:
                unsettled.add(pk)
    mentions: dict[tuple[str, int], Mention] = {}
    statements = []
    for article_id, entities, found in parsed:
        for name, kind, count, forms in entities:
            mention = mentions.setdefault((article_id, pk_of[name[:300]]), Mention(
                article_id=article_id, entity_id=pk_of[name[:300]], count=0, surface_forms=[], kind=kind))
            mention.count += count  # two names cut to one at 300 characters are one entity
            mention.surface_forms += [form for form in forms if form not in mention.surface_forms]
        statements += [Statement(
            article_id=article_id, actor_id=pk_of[s["actor"][:300]], cue=s["cue"][:100], aim=s["aim"],
            polarity=s["polarity"], evidence=s["evidence"].strip(), paragraph=s["span"]["paragraph"],
            start=s["span"]["start"], end=s["span"]["end"]) for s in found]
    Mention.objects.bulk_create(mentions.values(), ignore_conflicts=True)
    settle_kinds(unsettled)
    Statement.objects.bulk_create(statements)
