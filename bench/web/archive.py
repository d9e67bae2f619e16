"""A synthetic news archive for bench.web (and the first-visit tests): articles with entities, statements and stories.

Written through the store in bulk (site/store BulkWriter), so the rows, the story
index, the search index and the totals are what a backfill would leave. The text
draws its words from a vocabulary with their real frequencies (bench.web takes
them from ../shared/eval/cnndm-dev.jsonl.gz; the tests give a small fictional
one). Articles come in events of one to eight articles of different outlets a
few hours apart, sharing key words and entities, so the story index groups them;
entities are drawn from a pool a tenth the archive's size with a skewed
popularity (a few named everywhere, most rarely); about half the articles carry
one or two who-wants-what statements.
"""

from __future__ import annotations

import gzip
import json
import random
import re
import uuid
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from itertools import accumulate, islice
from pathlib import Path

OUTLETS = 40
START = datetime(2025, 1, 1, tzinfo=UTC)
KINDS = ("person", "org", "place")


@dataclass(frozen=True)
class Vocabulary:
    """Words, most frequent first, with their cumulative counts (for weighted draws)."""

    words: tuple[str, ...]
    cumulative: tuple[int, ...]

    @classmethod
    def of(cls, counts: Counter) -> Vocabulary:
        """The vocabulary of word counts."""
        ranked = counts.most_common()
        return cls(tuple(w for w, _ in ranked), tuple(accumulate(n for _, n in ranked)))

    def draw(self, rng: random.Random, k: int) -> list[str]:
        """k words, each as likely as its count says."""
        return rng.choices(self.words, cum_weights=self.cumulative, k=k)


def vocabulary_from(path: Path, size: int = 30_000) -> Vocabulary:
    """The `size` most frequent words of a JSON Lines corpus's "text" fields (letters only, two or more)."""
    counts: Counter = Counter()
    with gzip.open(path, "rt", encoding="utf-8") as lines:
        for line in lines:
            counts.update(re.findall(r"[a-z]{2,}", json.loads(line)["text"].lower()))
    return Vocabulary.of(Counter(dict(counts.most_common(size))))


@dataclass(frozen=True)
class _Event:
    """What the articles of one event share."""

    key_words: tuple[str, ...]
    entities: tuple[tuple[str, str], ...]  # (name, kind)


def _entity_name(vocabulary: Vocabulary, n: int) -> str:
    """The n-th entity's name: two capitalised mid-frequency words, and a suffix that makes it unique."""
    rng = random.Random(n * 7919)
    size = len(vocabulary.words)
    first, second = (w.capitalize() for w in rng.sample(vocabulary.words[size // 100 : size // 10 + 2], 2))
    return f"{first} {second} {_letters(n + 1)}"


def _letters(n: int) -> str:
    """n written in letters a-z: a stable, word-like suffix that keeps names unique."""
    out = ""
    while n:
        n, digit = divmod(n, 26)
        out += "abcdefghijklmnopqrstuvwxyz"[digit]
    return out.capitalize()


def _sentence(rng: random.Random, vocabulary: Vocabulary, extra: list[str]) -> str:
    words = vocabulary.draw(rng, rng.randint(12, 24))
    for word in extra:
        words.insert(rng.randrange(len(words) + 1), word)
    return words[0].capitalize() + " " + " ".join(words[1:]) + "."


def articles(count: int, vocabulary: Vocabulary, *, seed: int = 5) -> Iterator:
    """count BulkArticles (site/store), oldest first, in events of 1 to 8 articles."""
    from newsbrief.pipeline import types
    from newsbrief.pipeline.duplicates.keys import content_hash
    from newsbrief.site.store import BulkArticle

    rng = random.Random(seed)
    pool = max(50, count // 10)
    size = len(vocabulary.words)
    topical = vocabulary.words[size // 300 + 5 : size // 4 + 8]  # neither "the" nor a word seen once
    n = 0
    when = START
    while n < count:
        event = _Event(
            tuple(rng.sample(topical, 3)),
            tuple((_entity_name(vocabulary, e), KINDS[e % 3])
                  for e in {int(pool * rng.random() ** 2) for _ in range(rng.randint(1, 4))}),
        )
        for _ in range(min(1 + int(rng.expovariate(1 / 2.0)), 8, count - n)):
            when += timedelta(minutes=rng.randint(5, 90))
            outlet = rng.randrange(OUTLETS)
            domain = f"outlet{outlet}.example"
            names = [name for name, _ in event.entities]
            paragraphs = []
            for p in range(5):
                sentences = [_sentence(rng, vocabulary, [rng.choice(event.key_words)] + names[: 1 if p else 2])
                             for _ in range(rng.randint(3, 5))]
                paragraphs.append(" ".join(sentences))
            statements = []
            for actor, kind in event.entities[: rng.choice((0, 0, 1, 2))]:
                aim = " ".join(vocabulary.draw(rng, 6))
                evidence = f"{actor} wants {aim}."
                paragraphs[1] = f"{evidence} {paragraphs[1]}"
                statements.append(types.Statement(actor, types.EntityKind(kind), "wants", aim, types.Polarity.WANTS,
                                                  evidence, types.Span(1, 0, len(evidence))))
            text = "\n\n".join(paragraphs)
            title = f"{names[0]}: {' '.join(event.key_words)} {' '.join(vocabulary.draw(rng, 3))}".capitalize()
            url = f"https://{domain}/news/{n}.html"
            article = types.Article(url=url, canonical_url=url, title=title[:200], text=text, source_domain=domain,
                                    content_hash=content_hash(text), outlet=f"Outlet {outlet}", published=when,
                                    language="en")
            lead = paragraphs[0].split(". ")[0].rstrip(".") + "."
            brief = types.Brief(
                lead=(types.BriefSentence(lead, types.Span(0, 0, len(lead)), "extractive"),),
                body=tuple((types.BriefSentence(paragraphs[p].split(". ")[0].rstrip(".") + ".", None, "extractive"),)
                           for p in (1, 2, 3)),
                closing=(types.BriefSentence("In summary, " + _sentence(rng, vocabulary, []).lower(), None,
                                             "extractive"),),
                method="extractive",
            )
            enrichment = types.Enrichment(
                tuple(types.Entity(name, types.EntityKind(kind), text.count(name) + title.count(name), (name,))
                      for name, kind in event.entities),
                tuple(event.key_words[:2]),
                tuple(statements),
            )
            yield BulkArticle(id=str(uuid.UUID(int=rng.getrandbits(128), version=4)), article=article, origin=url,
                              brief=brief, enrichment=enrichment)
            n += 1


def write_archive(items: Iterable, *, batch: int = 500, progress: Callable[[int], None] | None = None) -> int:
    """Write BulkArticles through the store's BulkWriter, batch by batch (each one transaction); how many were stored."""
    from newsbrief.site.store import BulkWriter

    writer = BulkWriter()
    written = 0
    items = iter(items)
    while chunk := list(islice(items, batch)):
        written += writer.originals(chunk).stored
        if progress:
            progress(written)
    return written
