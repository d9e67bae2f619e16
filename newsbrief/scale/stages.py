"""The backfill's per-record stages, the same on every engine: extract, signature, summarize, enrich.

`process_batch` turns input records (see `inputs`) into result rows (see `rows`).
A record that fails becomes a row with status "failed" and a reason; it never
stops the batch. Nothing here knows about Django.
"""

from __future__ import annotations

import importlib.util
import json
import os
import platform
import resource
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field, replace
from datetime import UTC, datetime
from urllib.parse import urlsplit

import numpy as np

from newsbrief.pipeline.duplicates import neardup
from newsbrief.pipeline.briefs import textformat
from newsbrief.pipeline.duplicates.keys import canonical_url, content_hash
from newsbrief.pipeline.errors import BlockedPageError, ExtractionError, InputError, TextFormatError
from newsbrief.pipeline.extraction.extract import Limits, extract
from newsbrief.pipeline.process import FEED_TEXT_NOTE
from newsbrief.pipeline.briefs.sentences import split_text
from newsbrief.pipeline.briefs.summarize import summarize
from newsbrief.pipeline.types import Article, Brief, BriefSentence, Entry, Span
from newsbrief.scale.rows import COLUMNS, FAILED, OK, STORED, row  # noqa: F401 (the row contract, re-exported)

# Workers are one process per core, so each one's BLAS (numpy, spaCy) gets one thread.
# OpenBLAS threads busy-wait: with one per core in every worker, two workers on two cores
# ran no faster than one (41.7 s against 38.2 s for 100 articles; 29.0 s with one thread each).
ONE_THREAD = {"OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1"}
TITLE_MAX_CHARS = 120  # a title made from the first sentence, for text records that come without one


@dataclass(frozen=True)
class Options:
    """What the stages do: whether to enrich, how much body a brief keeps, extraction's limits."""

    enrich: bool = True
    body_mode: str = "condensed"
    limits: Limits = field(default_factory=Limits)
    aliases: tuple[tuple[str, str], ...] = ()  # the alias table (spelling, name), as the store path applies it


def enrich_unavailable() -> str:
    """Why enrichment cannot run (spaCy or its model not installed), or "" when it can; loads nothing."""
    from newsbrief import config

    model = config.get("NEWSBRIEF_SPACY_MODEL")
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
        from newsbrief.pipeline.enrichment import entities

        loaders.append(entities.nlp)
    for load in loaders:
        try:
            load()
        except Exception:  # noqa: BLE001
            # A model that cannot load fails each record instead, with its reason in the report;
            # an exception here would make multiprocessing.Pool restart its workers forever.
            pass


def serve(channel) -> None:
    """A stage process: take (Options, StoredIds), load the models, then answer each batch until channel closes.

    Each of Ray's actors runs its stages in one (see `ray_tasks.StageActor`). It lives
    here, where neither Ray nor pyarrow is imported, so that the process keeps its one thread.
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
        channel.send(sorted([*process_batch(todo, options), *done], key=lambda row: row["seq"]))


class StoredIds:
    """Article ids already in the database, as a sorted array of 16-byte UUIDs: compact enough to ship to workers."""

    def __init__(self, ids: Iterable[str] = ()):
        raw = sorted({_uuid_bytes(i) for i in ids})
        self.ids = np.array(raw, dtype="S16") if raw else np.array([], dtype="S16")

    def __len__(self) -> int:
        return len(self.ids)

    def __contains__(self, article_id: str) -> bool:
        key = np.array([_uuid_bytes(article_id)], dtype="S16")
        at = int(np.searchsorted(self.ids, key)[0])
        return at < len(self.ids) and self.ids[at] == key[0]


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


def process_batch(records: list[dict], options: Options) -> list[dict]:
    """Result rows for a batch of records, in the same order."""
    worker = f"{platform.node()}:{os.getpid()}"
    out = [process_record(record, options) for record in records]
    usage = resource.getrusage(resource.RUSAGE_SELF)  # this worker's so far: peak memory (KiB on Linux), CPU
    cpu = usage.ru_utime + usage.ru_stime
    return [{**r, "worker": worker, "peak_rss_kb": usage.ru_maxrss, "worker_cpu_s": cpu} for r in out]


def process_record(record: dict, options: Options) -> dict:
    """One record through the stages; a row with status "failed" and a reason when it cannot be used."""
    try:
        article, brief = _article_and_brief(record, options)
        signature = b""
        if article.text_origin != "brief":  # imported briefs are our own texts, copies of nobody's
            signature = pack(neardup.signature(article.text))
        entities, topics, statements = _enrich(article, options) if options.enrich else ([], [], [])
    except Exception as error:  # one bad record must not stop a backfill of millions; the reason is reported
        return row(record, status=FAILED, reason=failure_reason(error), message=_message(record, error))
    return row(
        record,
        url=article.url,
        canonical_url=article.canonical_url,
        title=article.title[:500],
        text=article.text,
        source_domain=article.source_domain,
        content_hash=article.content_hash,
        outlet=article.outlet,
        authors=json.dumps(list(article.authors)),
        published=iso(article.published),
        language=article.language,
        text_origin=article.text_origin,
        brief=json.dumps(asdict(brief)),
        signature=signature,
        entities=json.dumps(entities),
        topics=json.dumps(topics),
        statements=json.dumps(statements),
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


def _article_and_brief(record: dict, options: Options) -> tuple[Article, Brief]:
    kind = record["kind"]
    if kind == "invalid":
        raise InputError(record["text"])
    if kind == "brief":
        return textformat.to_article(textformat.parse(record["text"], record["origin"]))
    published = parse_published(record["published"], record["origin"])
    if kind == "html":
        entry = Entry(url=record["url"], origin=record["origin"], title=record["title"], published=published,
                      page=bytes(record["html"]))
        article = extract(entry, options.limits)
    else:
        article = text_article(record, published)
    brief = summarize(article.title, article.text, body_mode=options.body_mode)
    if article.text_origin == "feed":
        brief = replace(brief, notes=(*brief.notes, FEED_TEXT_NOTE))
    return article, brief


def text_article(record: dict, published: datetime | None) -> Article:
    """The article a text record stands for: paragraphs as given, a title from the first sentence if none."""
    raw = record["text"]
    blocks = raw.split("\n\n") if "\n\n" in raw else raw.splitlines()
    text = "\n\n".join(" ".join(block.split()) for block in blocks if block.strip())
    if not text:
        raise ExtractionError(f"{record['origin']}: no article text")
    title = " ".join(record["title"].split()) or _title_from(text)
    canonical = canonical_url(record["url"])
    return Article(url=record["url"], canonical_url=canonical, title=title, text=text,
                   source_domain=urlsplit(canonical).hostname or "", content_hash=content_hash(text),
                   published=published)


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


def _enrich(article: Article, options: Options) -> tuple[list, list, list]:
    """Entities as [name, kind, mentions, spellings], topic tags, and statements as plain lists."""
    from newsbrief.pipeline.enrichment.enrich import enrich

    found = enrich(article.title, article.text, dict(options.aliases))
    entities = [[e.name, str(e.kind), e.mentions, list(e.surface_forms)] for e in found.entities]
    statements = [{**asdict(s), "actor_kind": str(s.actor_kind), "polarity": str(s.polarity)}
                  for s in found.statements]
    return entities, list(found.topics), statements


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
    )

