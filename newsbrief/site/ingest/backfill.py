"""Backfill a corpus: an engine runs the stages, duplicates are found across all of it, then stories and writes.

1. Ids already in the database are skipped before any work (a killed run resumes).
2. The engine (`newsbrief.scale`) runs the pipeline's entry point and signatures in parallel;
   a text the database holds already is keyed there but never briefed nor enriched.
3. Exact and near duplicates are decided over the whole input and the stored articles at once.
4. The store's bulk writer (site/store/bulk_write.py) writes the originals in input
   order, in batches, each in one transaction of bulk inserts keyed on the records'
   deterministic ids, with their briefs, entities, statements and topics. Stories are
   assigned as they go by the site's one story index, logged like any stored
   article's, so that later articles, polled or backfilled, join the same stories:
   each assignment depends on every one before it, so this part is sequential by
   nature. Near copies are written last, linked to their originals, in their stories.

A re-run adds nothing. A killed run's committed batches are in the story index's
log, so a resumed run assigns the rest as an uninterrupted run would.
"""

from __future__ import annotations

import json
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path

from newsbrief import config
from newsbrief.pipeline import types
from newsbrief.pipeline.errors import InputError
from newsbrief.scale import banding, stages
from newsbrief.site.ingest.pipeline_setup import pipeline_options
from newsbrief.site.models import Article
from newsbrief.site.store import BulkArticle, BulkWriter, Written

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
    options = pipeline_options(enrich=enrich)
    if not enrich:
        report.enrich = "off"
    elif why := stages.enrich_unavailable(options.spacy_model):
        options = replace(options, enrich=False)
        report.enrich = f"off: {why}"
    threshold = config.value("NEWSBRIEF_NEAR_DUPLICATE_THRESHOLD")

    started = time.perf_counter()
    stored = stages.StoredIds(
        (str(pk) for pk in Article.objects.values_list("pk", flat=True).iterator(chunk_size=5000)),
        # Texts stored already (those of _stored_nodes): a record with one of them is never briefed.
        Article.objects.filter(status=Article.Status.OK).values_list("content_hash", flat=True).iterator(chunk_size=5000),
    )
    results = engine.process(Path(path), stored, options, progress=lambda done: progress("process", done, None))
    report.process_seconds = time.perf_counter() - started

    started = time.perf_counter()
    seq_of = dict(engine.stored_rows(results))
    decisions = engine.find_duplicates(results, list(_stored_nodes(seq_of)), banding.shape(threshold))
    report.dedupe_seconds = time.perf_counter() - started
    report.peak_rss_kb = {worker: peak for worker, (peak, _cpu) in engine.worker_usage(results).items()}

    started = time.perf_counter()
    writer = BulkWriter()
    done, total = 0, engine.count(results)
    for rows in engine.rows(results, batch_size):
        written = writer.originals([_bulk_article(row, briefed=True) for row in _originals(rows, decisions, report)])
        report.new += _count(report, written)
        done += len(rows)
        progress("originals", done, total)
    for rows in engine.rows(results, batch_size):
        copies = [row for row in rows if row["status"] == stages.OK and row["id"] in decisions.copies]
        written = writer.copies([_bulk_article(row, briefed=False) for row in copies], decisions.copies)
        report.near_duplicates += _count(report, written)
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


def _originals(rows: list[dict], decisions: banding.Decisions, report: BackfillReport) -> list[dict]:
    """The rows of a batch to write as originals; the others counted: failed, stored already, exact or near copies."""
    report.read += len(rows)
    found = []
    for row in rows:
        if row["status"] == stages.FAILED:
            report.fail(row["reason"], row["message"])
        elif row["status"] == stages.STORED:
            report.already_stored += 1
        elif row["id"] in decisions.exact:
            report.exact_duplicates += 1
        elif row["id"] not in decisions.copies:
            found.append(row)
    return found


def _count(report: BackfillReport, written: Written) -> int:
    """How many articles a batch stored; its failures go in the report."""
    for reason, message in written.failures:
        report.fail(reason, message)
    return written.stored


def _bulk_article(row: dict, *, briefed: bool) -> BulkArticle:
    """What the store writes of a result row (see scale/rows.py): an original's with its brief, a copy's without."""
    article = types.Article(
        url=row["url"], canonical_url=row["canonical_url"], title=row["title"], text=row["text"],
        source_domain=row["source_domain"], content_hash=row["content_hash"], outlet=row["outlet"],
        authors=tuple(json.loads(row["authors"])), published=stages.parse_published(row["published"], row["origin"]),
        language=row["language"], text_origin=row["text_origin"])
    return BulkArticle(
        id=row["id"], article=article, origin=row["origin"],
        signature=tuple(stages.unpack(row["signature"])) if row["signature"] else (),
        brief=stages.brief_from_json(row["brief"]) if briefed else None,
        enrichment=_enrichment(row) if briefed else None)


def _enrichment(row: dict) -> types.Enrichment:
    """A result row's entities, topics and statements (as scale/stages.py wrote them) as the pipeline's Enrichment."""
    entities = tuple(types.Entity(name, types.EntityKind(kind), count, tuple(forms))
                     for name, kind, count, forms in json.loads(row["entities"]))
    statements = tuple(types.Statement(
        actor=s["actor"], actor_kind=types.EntityKind(s["actor_kind"]), cue=s["cue"], aim=s["aim"],
        polarity=types.Polarity(s["polarity"]), evidence=s["evidence"], span=types.Span(**s["span"]))
        for s in json.loads(row["statements"]))
    return types.Enrichment(entities=entities, topics=tuple(json.loads(row["topics"])), statements=statements)
