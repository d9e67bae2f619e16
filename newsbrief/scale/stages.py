"""The backfill's per-record stages, the same on every engine: the pipeline's entry point, and a signature.

`process_batch` turns input records (see `inputs`) into result rows (see `rows`),
each record run through `pipeline/process.py` as ingest and polling run an entry.
A record whose text the database holds already is keyed but never briefed: the
duplicate shuffle (`banding`) finds it an exact duplicate. A record that fails
becomes a row with status "failed" and a reason; it never stops the batch.
Nothing here knows about Django.
"""

from __future__ import annotations

import importlib.util
import json
import os
import platform
import resource
from collections.abc import Iterable
from dataclasses import asdict
from datetime import UTC, datetime
from urllib.parse import urlsplit

import numpy as np

from newsbrief.pipeline.duplicates import neardup
from newsbrief.pipeline.enrichment.entities import load_model
from newsbrief.pipeline.briefs import textformat
from newsbrief.pipeline.errors import BlockedPageError, ExtractionError, InputError, TextFormatError
# Options: the pipeline's, which the engines ship to their workers.
from newsbrief.pipeline.extraction.extract import MAX_TITLE
from newsbrief.pipeline.process import Options, Processed, process, process_article, process_written
from newsbrief.pipeline.briefs.sentences import split_text
from newsbrief.pipeline.briefs.summarize import summarize
from newsbrief.pipeline.types import Article, Brief, BriefSentence, Enrichment, Entry, Span
from newsbrief.scale.rows import COLUMNS, FAILED, OK, STORED, row  # noqa: F401 (the row contract, re-exported)

# Workers are one process per core, so each one's BLAS (numpy, spaCy) gets one thread.
# OpenBLAS threads busy-wait: with one per core in every worker, two workers on two cores
# ran no faster than one (41.7 s against 38.2 s for 100 articles; 29.0 s with one thread each).
ONE_THREAD = {"OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1"}
TITLE_MAX_CHARS = 120  # a title made from the first sentence, for text records that come without one


def enrich_unavailable(model: str) -> str:
    """Why enrichment cannot run (spaCy or the model `model` not installed), or "" when it can; loads nothing."""
    for module, what in (("spacy", "spaCy"), (model, "the model (NEWSBRIEF_SPACY_MODEL)")):
        try:
            found = importlib.util.find_spec(module) is not None
        except (ImportError, ValueError):
            found = False
        if not found:
            return f"{what} {module!r} is not installed"
    return ""


def warm_up(options: Options) -> None:
    """Load the models a worker needs once, before its first record: the scorer weights, spaCy's pipeline."""
    loaders = [lambda: summarize("Warm-up", "The council met on Monday. It agreed to a plan for the bridge.")]
    if options.enrich:
        loaders.append(lambda: load_model(options.spacy_model))
    for load in loaders:
        try:
            load()
        except Exception:  # noqa: BLE001
            # A model that cannot load fails each record instead, with its reason in the report;
            # an exception here would end the stage process, and the backfill with it.
            pass


def serve(channel) -> None:
    """A stage process: take (Options, StoredIds), load the models, then answer each batch until channel closes.

    Each of Ray's actors runs its stages in one (see `ray_tasks.StageActor`), and each worker
    of the local engine is one. It lives here, where neither Ray nor pyarrow is imported, so
    that the process keeps its one thread.
    """
    options, stored = channel.recv()
    warm_up(options)
    channel.send(None)  # ready: the models are loaded
    while True:
        try:
            records = channel.recv()
        except EOFError:  # the other end is gone (its process ended or was killed)
            return
        todo, done = split_stored(records, stored)
        channel.send(sorted([*process_batch(todo, options, stored), *done], key=lambda row: row["seq"]))


class StoredIds:
    """What the database holds already, compact enough to ship to workers.

    Its article ids (16-byte UUIDs: those records are skipped) and the content
    hashes of its texts (32 bytes: those records are keyed, never briefed), each
    as a sorted array searched by bisection. `in` asks about an article id.
    """

    def __init__(self, ids: Iterable[str] = (), content_hashes: Iterable[str] = ()):
        self.ids = _sorted_keys({_uuid_bytes(i) for i in ids}, 16)
        self.content_hashes = _sorted_keys({bytes.fromhex(h) for h in content_hashes if h}, 32)

    def __len__(self) -> int:
        return len(self.ids)

    def __contains__(self, article_id: str) -> bool:
        return _holds(self.ids, _uuid_bytes(article_id))

    def has_text(self, article: Article) -> bool:
        """Whether a keyed article's text is stored already (the pipeline's `is_stored`)."""
        return bool(article.content_hash) and _holds(self.content_hashes, bytes.fromhex(article.content_hash))


def _sorted_keys(keys: set[bytes], width: int) -> np.ndarray:
    return np.array(sorted(keys), dtype=f"S{width}") if keys else np.array([], dtype=f"S{width}")


def _holds(keys: np.ndarray, key: bytes) -> bool:
    probe = np.array([key], dtype=keys.dtype)
    at = int(np.searchsorted(keys, probe)[0])
    return at < len(keys) and keys[at] == probe[0]


def _uuid_bytes(article_id: str) -> bytes:
    from uuid import UUID

    return UUID(str(article_id)).bytes


def split_stored(records: list[dict], stored: StoredIds) -> tuple[list[dict], list[dict]]:
    """The records still to process, and result rows (status "stored") for those already in the database."""
    todo, done = [], []
    for record in records:
        if len(stored) and record["id"] in stored:
            done.append(row(record, status=STORED))
        else:
            todo.append(record)
    return todo, done


def process_batch(records: list[dict], options: Options, stored: StoredIds | None = None) -> list[dict]:
    """Result rows for a batch of records, in the same order."""
    worker = f"{platform.node()}:{os.getpid()}"
    out = [process_record(record, options, stored) for record in records]
    usage = resource.getrusage(resource.RUSAGE_SELF)  # this worker's so far: peak memory (KiB on Linux), CPU
    cpu = usage.ru_utime + usage.ru_stime
    return [{**r, "worker": worker, "peak_rss_kb": usage.ru_maxrss, "worker_cpu_s": cpu} for r in out]


def process_record(record: dict, options: Options, stored: StoredIds | None = None) -> dict:
    """One record through the pipeline as a result row; status "failed" and a reason when it cannot be used.

    A record whose text `stored` holds comes back keyed, without brief, enrichment or signature.
    """
    try:
        processed = _processed(record, options, stored if stored is not None else StoredIds())
        article = processed.article
        # An exact duplicate is never stored, so it needs no signature.
        signature = b"" if processed.duplicate else pack(neardup.article_signature(article))
    except Exception as error:  # one bad record must not stop a backfill of millions; the reason is reported
        return row(record, status=FAILED, reason=failure_reason(error), message=_message(record, error))
    return row(
        record,
        url=article.url,
        canonical_url=article.canonical_url,
        title=article.title[:MAX_TITLE],
        text=article.text,
        source_domain=article.source_domain,
        content_hash=article.content_hash,
        outlet=article.outlet,
        authors=json.dumps(list(article.authors)),
        published=iso(article.published),
        language=article.language,
        text_origin=article.text_origin,
        brief=json.dumps(asdict(processed.brief)) if processed.brief else "",
        signature=signature,
        **_enrichment_columns(processed.enrichment or Enrichment()),
    )


def failure_reason(error: BaseException) -> str:
    """A short label of why a record failed, for the report's counts by reason."""
    for kind, label in ((TextFormatError, "text layout"), (BlockedPageError, "blocked page"),
                        (ExtractionError, "no article text"), (InputError, "bad input")):
        if isinstance(error, kind):
            return label
    return f"internal error ({type(error).__name__})"


def _message(record: dict, error: BaseException) -> str:
    text = str(error) or type(error).__name__
    return text if text.startswith(record["origin"]) else f"{record['origin']}: {text}"


def _processed(record: dict, options: Options, stored: StoredIds) -> Processed:
    """A record through the pipeline's entry point that fits its kind: a page, a text, or a brief written already."""
    kind = record["kind"]
    if kind == "invalid":
        raise InputError(record["text"])
    if kind == "brief":
        return process_written(textformat.parse(record["text"], record["origin"]), options, is_stored=stored.has_text)
    published = parse_published(record["published"], record["origin"])
    if kind == "html":
        entry = Entry(url=record["url"], origin=record["origin"], title=record["title"], published=published,
                      page=bytes(record["html"]))
        return process(entry, options, is_stored=stored.has_text)
    return process_article(text_article(record, published), options, is_stored=stored.has_text)


def text_article(record: dict, published: datetime | None) -> Article:
    """The article (not yet keyed) a text record stands for: paragraphs as given, a title from the first sentence if none."""
    raw = record["text"]
    blocks = raw.split("\n\n") if "\n\n" in raw else raw.splitlines()
    text = "\n\n".join(" ".join(block.split()) for block in blocks if block.strip())
    if not text:
        raise ExtractionError(f"{record['origin']}: no article text")
    title = " ".join(record["title"].split()) or _title_from(text)
    return Article(url=record["url"], canonical_url=record["url"], title=title, text=text,
                   source_domain=urlsplit(record["url"].strip()).hostname or "", content_hash="", published=published)


def _title_from(text: str) -> str:
    sentences = split_text(text)
    first = sentences[0].text if sentences else text
    if len(first) <= TITLE_MAX_CHARS:
        return first
    return first[:TITLE_MAX_CHARS].rsplit(" ", 1)[0] + " …"


def parse_published(value: str, origin: str) -> datetime | None:
    """An ISO 8601 date or time as an aware datetime (naive ones are UTC); None for ""; InputError if malformed."""
    if not value:
        return None
    try:
        moment = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError:
        raise InputError(f"{origin}: published {value!r} is not an ISO 8601 date") from None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def iso(moment: datetime | None) -> str:
    """A datetime as ISO 8601 in UTC (so that the strings sort as the times do); "" for None."""
    if moment is None:
        return ""
    moment = moment if moment.tzinfo else moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC).isoformat(timespec="microseconds")  # fixed width: sorts as text


def _enrichment_columns(found: Enrichment) -> dict[str, str]:
    """A row's columns of enrichment: entities as [name, kind, mentions, spellings], topic tags, statements."""
    entities = [[e.name, str(e.kind), e.mentions, list(e.surface_forms)] for e in found.entities]
    statements = [{**asdict(s), "actor_kind": str(s.actor_kind), "polarity": str(s.polarity)}
                  for s in found.statements]
    return {"entities": json.dumps(entities), "topics": json.dumps(list(found.topics)),
            "statements": json.dumps(statements)}


def pack(signature: Iterable[int]) -> bytes:
    """A MinHash signature as bytes (little-endian uint32: 512 bytes for 128 values), to ship and shuffle."""
    return np.asarray(tuple(signature), dtype="<u4").tobytes()


def unpack(data: bytes) -> list[int]:
    """The signature that pack wrote, as the list of ints the database stores."""
    return np.frombuffer(data, dtype="<u4").astype(np.int64).tolist()


def brief_from_json(data: str) -> Brief:
    """The Brief that a result row's "brief" column holds."""
    raw = json.loads(data)

    def sentence(s: dict) -> BriefSentence:
        return BriefSentence(s["text"], Span(**s["span"]) if s["span"] else None, s["method"])

    return Brief(
        lead=tuple(map(sentence, raw["lead"])),
        closing=tuple(map(sentence, raw["closing"])),
        key_points=tuple(map(sentence, raw["key_points"])),
        body=tuple(tuple(map(sentence, para)) for para in raw["body"]),
        method=raw["method"],
        notes=tuple(raw["notes"]),
        body_mode=raw["body_mode"],
    )

