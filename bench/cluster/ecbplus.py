"""ECB+ for the clustering benchmark: the documents, their entities as the site finds them, the folds and orders."""

from __future__ import annotations

import gzip
import hashlib
import json
import random
from dataclasses import dataclass
from pathlib import Path

from newsbrief.pipeline.clustering.cluster_jsonl import entity_names
from newsbrief.pipeline.enrichment.enrich import enrich
from newsbrief.pipeline.enrichment.entities import DEFAULT_MODEL

ECBPLUS = Path(__file__).resolve().parents[2] / ".." / "shared" / "eval" / "ecbplus.jsonl.gz"
CACHE = Path(__file__).resolve().parents[2] / "var" / "bench-cache"  # git-ignored


@dataclass(frozen=True)
class Doc:
    """One ECB+ document: its text, the entity names enrichment finds in it, its event and its topic (thread)."""

    id: str
    text: str
    entities: tuple[str, ...]
    event: str
    topic: str


def read(path: Path = ECBPLUS, model: str = DEFAULT_MODEL) -> list[Doc]:
    """The documents in file order, each with the entity names the site's enrichment gives it (cached by content)."""
    items, names = read_with_entities(path, "ecbplus", lambda item: "", model)
    return [Doc(i["id"], i["text"], tuple(names[i["id"]]), i["label"], i["topic"]) for i in items]


def read_with_entities(path: Path, name: str, title_of, model: str = DEFAULT_MODEL) -> tuple[list[dict], dict]:
    """The items of a corpus file and, by id, the entity names the site's enrichment finds in each (cached by content)."""
    raw = gzip.open(path, "rb").read()
    items = [json.loads(line) for line in raw.decode("utf-8").splitlines() if line.strip()]
    cache = CACHE / f"{name}-entities-{hashlib.sha256(raw + model.encode()).hexdigest()[:16]}.json"
    if cache.exists():
        return items, json.loads(cache.read_text(encoding="utf-8"))
    # In the order the site gives them to the story index (cluster_jsonl.entity_names).
    names = {item["id"]: list(entity_names(enrich(title_of(item), item["text"], model=model))) for item in items}
    cache.parent.mkdir(parents=True, exist_ok=True)
    cache.write_text(json.dumps(names), encoding="utf-8")
    return items, names


def folds(docs: list[Doc]) -> tuple[list[Doc], list[Doc]]:
    """The two halves by topic: topics in numeric order, alternately to one half and the other; file order kept."""
    topics = sorted({d.topic for d in docs}, key=lambda t: (len(t), t))
    first = set(topics[0::2])
    return [d for d in docs if d.topic in first], [d for d in docs if d.topic not in first]


def interleaved(docs: list[Doc], seed: int) -> list[Doc]:
    """The documents in a seeded random order: all their topics at once, as a day's news runs, not one after another."""
    order = list(docs)
    random.Random(seed).shuffle(order)
    return order
