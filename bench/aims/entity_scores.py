"""Scoring entity mentions against gold: detection, kind accuracy, and B³ of mentions grouped into entities.

A predicted mention is aligned to the gold mention it overlaps most (one to one,
largest overlap first), so "Mr Brown" against the gold "Brown" counts as found.

- **Kind accuracy** is over aligned mentions: the kind of the entity the system
  put the mention in, against the gold entity's kind.
- **Archive kinds** (`archive_kinds`): the site shows one kind per entity name, the
  one most of its articles give it (`site/store/entity_kinds.py`); scored the same way
  with each predicted mention given that kind, the run's articles standing for the archive.
- **B³** is over gold mentions: a mention's gold cluster is the mentions of its
  gold entity; its system cluster is the gold mentions aligned to predictions of
  the same predicted entity (a mention the system missed is alone). Precision
  and recall are averaged over all gold mentions of the set.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, replace


@dataclass(frozen=True)
class Predicted:
    """A system mention: character span in the article's text, its entity and that entity's kind."""

    start: int
    end: int
    entity: str
    kind: str  # PERSON / ORG / PLACE / OTHER


@dataclass(frozen=True)
class EntityTally:
    """Sums over the gold mentions of a set of articles."""

    gold: int = 0
    predicted: int = 0
    aligned: int = 0
    kind_right: int = 0
    b3_precision: float = 0.0  # summed over gold mentions
    b3_recall: float = 0.0

    def __add__(self, other: "EntityTally") -> "EntityTally":
        return EntityTally(
            self.gold + other.gold, self.predicted + other.predicted, self.aligned + other.aligned,
            self.kind_right + other.kind_right, self.b3_precision + other.b3_precision,
            self.b3_recall + other.b3_recall,
        )

    @property
    def mention_precision(self) -> float:
        return self.aligned / self.predicted if self.predicted else 0.0

    @property
    def mention_recall(self) -> float:
        return self.aligned / self.gold if self.gold else 0.0

    @property
    def kind_accuracy(self) -> float:
        return self.kind_right / self.aligned if self.aligned else 0.0

    @property
    def b3(self) -> tuple[float, float, float]:
        """B³ precision, recall and F1."""
        p = self.b3_precision / self.gold if self.gold else 0.0
        r = self.b3_recall / self.gold if self.gold else 0.0
        return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def align(gold, predicted: list[Predicted]) -> dict[int, int]:
    """gold index -> predicted index, one to one, largest character overlap first."""
    pairs = sorted(
        ((min(g.end, p.end) - max(g.start, p.start), gi, pi)
         for gi, g in enumerate(gold) for pi, p in enumerate(predicted)
         if min(g.end, p.end) > max(g.start, p.start)),
        reverse=True,
    )
    used_p: set[int] = set()
    result: dict[int, int] = {}
    for _, gi, pi in pairs:
        if gi not in result and pi not in used_p:
            result[gi] = pi
            used_p.add(pi)
    return result


def score(gold, kinds: dict[str, str], predicted: list[Predicted]) -> EntityTally:
    """The entity counts of one article: `gold` mentions with `.start/.end/.entity`, `kinds` by gold entity."""
    aligned = align(gold, predicted)
    kind_right = sum(kinds[gold[gi].entity] == predicted[pi].kind for gi, pi in aligned.items())
    gold_cluster: dict[str, set[int]] = defaultdict(set)
    for gi, g in enumerate(gold):
        gold_cluster[g.entity].add(gi)
    system_cluster: dict[str, set[int]] = defaultdict(set)
    for gi, pi in aligned.items():
        system_cluster[predicted[pi].entity].add(gi)
    b3_p = b3_r = 0.0
    for gi, g in enumerate(gold):
        mine = system_cluster[predicted[aligned[gi]].entity] if gi in aligned else {gi}
        theirs = gold_cluster[g.entity]
        common = len(mine & theirs)
        b3_p += common / len(mine)
        b3_r += common / len(theirs)
    return EntityTally(len(gold), len(predicted), len(aligned), kind_right, b3_p, b3_r)


def archive_kinds(articles: list[list[Predicted]]) -> dict[str, str]:
    """Each entity name's kind as the site settles it: the kind most articles give it (one vote per article)."""
    votes: dict[str, Counter] = defaultdict(Counter)
    for predicted in articles:
        for name, kind in {(p.entity, p.kind) for p in predicted}:
            votes[name][kind] += 1
    return {name: counts.most_common(1)[0][0] for name, counts in votes.items()}


def with_kinds(predicted: list[Predicted], kinds: dict[str, str]) -> list[Predicted]:
    """The mentions with their entity's archive kind."""
    return [replace(p, kind=kinds.get(p.entity, p.kind)) for p in predicted]
