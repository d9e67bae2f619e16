"""The real-news gold set: annotations in `data/real_gold*.jsonl`, texts read by path from ../shared/eval.

Each line holds one article's annotations only (corpus, id, split, entities,
mentions and statements with character offsets into the article's text); the text
itself stays in the evaluation corpora. `load` reads both and checks that every
offset still lands on the annotated words, so a changed corpus fails loudly
instead of scoring against shifted spans.
"""

from __future__ import annotations

import gzip
import json
from dataclasses import dataclass
from pathlib import Path

GOLD = Path(__file__).resolve().parent / "data" / "real_gold.jsonl"
# A later batch, annotated the same way before any rule change (data/README.md); the first file stays as frozen.
GOLD_BATCH2 = GOLD.with_name("real_gold_batch2.jsonl")
GOLD_BATCH3 = GOLD.with_name("real_gold_batch3.jsonl")
GOLD_FILES = (GOLD, GOLD_BATCH2, GOLD_BATCH3)
EVAL_DIR = Path(__file__).resolve().parents[2] / ".." / "shared" / "eval"
# Where each corpus keeps its articles, and the field that holds the text.
CORPORA = {
    "bbc": ("bbc-dev.jsonl.gz", "text"),
    "ecbplus": ("ecbplus.jsonl.gz", "text"),
    "aeb": ("aeb.jsonl.gz", "expected_text"),
}
KINDS = ("PERSON", "ORG", "PLACE")
POLARITIES = ("wants", "rejects")
SPLITS = ("tuning", "checking")


class GoldError(ValueError):
    """The gold file and the corpus texts do not agree."""


@dataclass(frozen=True)
class GoldMention:
    """A name in the text and the canonical entity it refers to."""

    start: int
    end: int
    text: str
    entity: str


@dataclass(frozen=True)
class GoldStatement:
    """One statement of intention: who, wants or rejects, what, and the sentence that says so."""

    actor: str
    polarity: str
    aim: str
    aim_start: int
    aim_end: int
    evidence_start: int
    evidence_end: int


@dataclass(frozen=True)
class GoldArticle:
    """An article's text (from the corpus) with its annotations."""

    corpus: str
    id: str
    split: str
    title: str
    text: str
    kinds: dict[str, str]  # canonical entity name -> PERSON / ORG / PLACE
    mentions: tuple[GoldMention, ...]
    statements: tuple[GoldStatement, ...]

    def surfaces(self, entity: str) -> set[str]:
        """The spellings the article uses for an entity, its canonical name included."""
        return {entity} | {m.text for m in self.mentions if m.entity == entity}


def corpus_texts(corpus: str, eval_dir: Path = EVAL_DIR) -> dict[str, tuple[str, str]]:
    """id -> (title, text) of every article of one corpus."""
    if corpus not in CORPORA:
        raise GoldError(f"unknown corpus {corpus!r} (known: {', '.join(CORPORA)})")
    name, field = CORPORA[corpus]
    path = eval_dir / name
    if not path.exists():
        raise GoldError(f"corpus file {path} is missing: the real-news gold set reads its texts from there")
    with gzip.open(path, "rt", encoding="utf-8") as f:
        rows = (json.loads(line) for line in f)
        return {row["id"]: (row.get("title", ""), row[field]) for row in rows}


def load(paths: tuple[Path, ...] = GOLD_FILES, eval_dir: Path = EVAL_DIR, split: str | None = None) -> list[GoldArticle]:
    """The gold articles of all `paths` (of one split, or all), each checked against its text."""
    if split is not None and split not in SPLITS:
        raise GoldError(f"unknown split {split!r} (known: {', '.join(SPLITS)})")
    texts: dict[str, dict[str, tuple[str, str]]] = {}
    articles = []
    seen: dict[tuple[str, str], str] = {}
    for path in paths:
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if not line.strip():
                continue
            row = json.loads(line)
            where = f"{path.name}:{number} ({row.get('corpus')} {row.get('id')})"
            key = (row.get("corpus"), row.get("id"))
            if key in seen:
                raise GoldError(f"{where}: this article is already annotated at {seen[key]}")
            seen[key] = where
            corpus = row["corpus"]
            if corpus not in texts:
                texts[corpus] = corpus_texts(corpus, eval_dir)
            if row["id"] not in texts[corpus]:
                raise GoldError(f"{where}: no article with this id in the corpus")
            title, text = texts[corpus][row["id"]]
            article = _article(row, title, text, where)
            if split is None or article.split == split:
                articles.append(article)
    return articles


def _article(row: dict, title: str, text: str, where: str) -> GoldArticle:
    if row.get("split") not in SPLITS:
        raise GoldError(f"{where}: split must be one of {SPLITS}, not {row.get('split')!r}")
    kinds = {e["name"]: e["kind"] for e in row["entities"]}
    for name, kind in kinds.items():
        if kind not in KINDS:
            raise GoldError(f"{where}: entity {name!r} has kind {kind!r}, not one of {KINDS}")
    mentions = tuple(GoldMention(m["start"], m["end"], m["text"], m["entity"]) for m in row["mentions"])
    for m in mentions:
        if text[m.start : m.end] != m.text:
            raise GoldError(f"{where}: mention {m.text!r} at {m.start}:{m.end} reads {text[m.start:m.end]!r}")
        if m.entity not in kinds:
            raise GoldError(f"{where}: mention {m.text!r} refers to {m.entity!r}, which is not an entity of the article")
    statements = tuple(GoldStatement(**s) for s in row["statements"])
    for s in statements:
        if text[s.aim_start : s.aim_end] != s.aim:
            raise GoldError(f"{where}: aim {s.aim!r} at {s.aim_start}:{s.aim_end} reads {text[s.aim_start:s.aim_end]!r}")
        if not s.evidence_start <= s.aim_start < s.aim_end <= s.evidence_end <= len(text):
            raise GoldError(f"{where}: the evidence {s.evidence_start}:{s.evidence_end} does not hold the aim {s.aim!r}")
        if s.actor not in kinds:
            raise GoldError(f"{where}: actor {s.actor!r} is not an entity of the article")
        if s.polarity not in POLARITIES:
            raise GoldError(f"{where}: polarity {s.polarity!r} is not one of {POLARITIES}")
    return GoldArticle(row["corpus"], row["id"], row["split"], title, text, kinds, mentions, statements)
