"""Backfill a corpus: an engine runs the stages, duplicates are found across all of it, then stories and writes.

1. Ids already in the database are skipped before any work (a killed run resumes).
2. The engine (`newsbrief.scale`) runs extract, signatures, summarize and enrich in parallel.
3. Exact and near duplicates are decided over the whole input and the stored articles at once.
4. Originals are written in input order, in batches, each in one transaction of bulk
   inserts keyed on the records' deterministic ids; stories are assigned as they go,
   by one `StoryIndex`: each assignment depends on every one before it, so this part
   is sequential by nature. Near copies are written last, linked to their originals.

A re-run adds nothing. A resumed run replays the stored originals into the story
index, in input order, so that it assigns the rest as an uninterrupted run would.
"""

from __future__ import annotations

import json
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction

from newsbrief.pipeline import neardup
from newsbrief.pipeline.cluster import ClusterParams, StoryIndex
from newsbrief.pipeline.errors import InputError
from newsbrief.pipeline.extract import limits_from_settings
from newsbrief.scale import banding, stages
from newsbrief.site.models import Article, Brief, Entity, Source, Story, near_duplicate_threshold
from newsbrief.site.search import index_brief

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
    options = stages.Options(enrich=enrich, limits=limits_from_settings())
    if not enrich:
        report.enrich = "off"
    elif why := stages.enrich_unavailable():
        options = stages.Options(enrich=False, limits=options.limits)
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


def _cluster_params() -> ClusterParams:
    try:
        return ClusterParams.from_settings()
    except KeyError:  # NEWSBRIEF_STORY_WINDOW_DAYS not yet among the documented settings
        return ClusterParams()


class _Writer:
    """Writes result rows in input order: originals with briefs, entities and stories, then near copies."""

    def __init__(self, decisions: banding.Decisions, report: BackfillReport):
        self.decisions, self.report = decisions, report
        self.index = StoryIndex(params=_cluster_params())
        self.sources: dict[str, int] = {}  # source URL -> pk

    def originals(self, rows: list[dict]) -> None:
        """Write one batch's originals in one transaction; replay its already-stored originals into the index."""
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
        replayed = _replayable([(row["id"], row["seq"]) for row in rows if row["status"] == stages.STORED])
        order = sorted([*({**row, "names": stages.entity_names(row["entities"])} for row in new), *replayed],
                       key=lambda row: row["seq"])
        with transaction.atomic():
            stories, merged, begun = self._assign(order)
            new = [row for row in new if row["id"] in stories]
            self._write_stories(stories, begun, order)
            articles = [self._article(row, story_id=self.index.resolve(stories[row["id"]])) for row in new]
            self._add_revisions(articles)
            Article.objects.bulk_create(articles, ignore_conflicts=True)
            for absorbed in merged:
                Article.objects.filter(story_id=absorbed).update(story_id=self.index.resolve(absorbed))
            Story.objects.filter(pk__in=merged).delete()
            Brief.objects.bulk_create(
                [Brief(article_id=row["id"], **Brief.fields_from(stages.brief_from_json(row["brief"]))) for row in new],
                ignore_conflicts=True)
            index_brief(*Brief.objects.filter(article_id__in=[row["id"] for row in new]).values_list("pk", flat=True))
            _write_entities(new)
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
        self.report.near_duplicates += len(articles)

    def _assign(self, order: list[dict]) -> tuple[dict[str, str], set[str], dict[str, str]]:
        """Each article's story, in input order; the stories that merged into others; those begun, with titles."""
        stories, merged, begun = {}, set(), {}
        for row in order:
            published = stages.parse_published(row["published"], row["origin"])
            try:
                assignment = self.index.assign(row["id"], row["title"], row["text"], published, row["names"])
            except InputError:  # the input holds this id twice (a JSON id repeated): the first one stands
                self.report.fail("duplicate id", f"{row['origin']}: id {row['id']} already taken in this input")
                continue
            stories[row["id"]] = assignment.story_id
            merged.update(event.absorbed for event in assignment.merged)
            if assignment.is_new:
                begun[assignment.story_id] = row["title"]
        return stories, merged, begun

    def _write_stories(self, stories: dict[str, str], begun: dict[str, str], order: list[dict]) -> None:
        """Create or retitle the stories this batch touched: a live story takes its central article's title.

        A story can leave the live index within the batch (quiet longer than the window
        once later articles move the clock on); one begun in this batch is then created
        with its first article's title, and an older one keeps the title it has.
        """
        touched = {self.index.resolve(sid) for sid in stories.values()}
        central = {sid: self.index.central(sid) for sid in touched if sid in self.index.stories}
        titles = {row["id"]: row["title"] for row in order}
        missing = set(central.values()) - titles.keys()
        stored = Article.objects.filter(pk__in=missing).values_list("pk", "title")
        titles.update((str(pk), title) for pk, title in stored)
        rows = {sid: titles.get(article_id, "") for sid, article_id in central.items()}
        rows.update((sid, title) for sid, title in begun.items() if sid in touched and sid not in rows)
        Story.objects.bulk_create([Story(id=sid, title=title[:500]) for sid, title in sorted(rows.items())],
                                  update_conflicts=True, unique_fields=["id"], update_fields=["title", "updated"])

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


def _replayable(stored: list[tuple[str, int]]) -> list[dict]:
    """Stored originals among (id, seq), as rows for the story index: title, text, date, entity names."""
    if not stored:
        return []
    seq = dict(stored)
    found = Article.objects.filter(pk__in=seq, duplicate_of__isnull=True, status=Article.Status.OK).values_list(
        "pk", "title", "text", "published")
    names: dict[str, set[str]] = {}
    for article_id, name in Entity.articles.through.objects.filter(article_id__in=seq).values_list(
            "article_id", "entity__name"):
        names.setdefault(str(article_id), set()).add(name)
    return [{"id": str(pk), "seq": seq[str(pk)], "title": title, "text": text, "published": stages.iso(published),
             "origin": f"article {pk}", "names": tuple(sorted(names.get(str(pk), ())))}
            for pk, title, text, published in found]


def _write_entities(rows: list[dict]) -> None:
    """The entities of new originals, created once each and linked to their articles."""
    links = {(name[:300], kind, row["id"]) for row in rows for name, kind in json.loads(row["entities"])}
    if not links:
        return
    pairs = {(name, kind) for name, kind, _ in links}
    Entity.objects.bulk_create([Entity(name=name, kind=kind) for name, kind in sorted(pairs)], ignore_conflicts=True)
    pk_of = {(e.name, e.kind): e.pk for e in Entity.objects.filter(name__in={name for name, _ in pairs})}
    through = Entity.articles.through
    through.objects.bulk_create(
        [through(entity_id=pk_of[(name, kind)], article_id=article_id) for name, kind, article_id in sorted(links)],
        ignore_conflicts=True)
