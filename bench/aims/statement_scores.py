"""Scoring who-wants-what statements against gold: actor right, and aim token overlap at least 0.5.

A prediction matches a gold statement of the same article when the actors match
and the aims' token F1 (SQuAD-style: lowercased words, no articles, no
punctuation) is at least 0.5. Actors match when equal after case-folding and
dropping a leading "the", or when one is the other's last word; on the real-news
gold any spelling the article uses for the gold actor's entity counts too
("Lib Dems" for "Liberal Democrats"). Each gold statement matches at most one
prediction, best overlap first.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from bench.aims.aim_reads import aim_reads

AIM_OVERLAP = 0.5  # the bar: "aim token overlap >= 0.5"
_ARTICLES = {"a", "an", "the"}


@dataclass(frozen=True)
class Claim:
    """A statement reduced to what is scored: actor, polarity, aim."""

    actor: str
    polarity: str
    aim: str
    cue: str = ""
    evidence: str = ""  # the sentence of a prediction; gold claims leave it empty


@dataclass(frozen=True)
class Tally:
    """Counts over a set of articles, and the figures they give."""

    gold: int = 0
    predicted: int = 0
    matched: int = 0
    same_polarity: int = 0
    reading: int = 0  # predictions whose aim reads (`aim_reads.py`)

    def __add__(self, other: "Tally") -> "Tally":
        return Tally(*(a + b for a, b in zip(
            (self.gold, self.predicted, self.matched, self.same_polarity, self.reading),
            (other.gold, other.predicted, other.matched, other.same_polarity, other.reading),
        )))

    @property
    def precision(self) -> float:
        return self.matched / self.predicted if self.predicted else 0.0

    @property
    def recall(self) -> float:
        return self.matched / self.gold if self.gold else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    @property
    def polarity_agreement(self) -> float:
        return self.same_polarity / self.matched if self.matched else 0.0

    @property
    def reads(self) -> float:
        """The share of predicted aims that read."""
        return self.reading / self.predicted if self.predicted else 0.0


def words(text: str) -> list[str]:
    """Lowercased word tokens without articles: the units of the aim overlap."""
    return [w for w in re.findall(r"\w+", text.lower()) if w not in _ARTICLES]


def aim_f1(gold: str, predicted: str) -> float:
    """SQuAD-style token F1 of two aims."""
    g, p = Counter(words(gold)), Counter(words(predicted))
    common = sum((g & p).values())
    if not common:
        return 0.0
    precision, recall = common / sum(p.values()), common / sum(g.values())
    return 2 * precision * recall / (precision + recall)


def same_name(gold: str, predicted: str) -> bool:
    """Equal names, or a surname or single word against the full name."""
    g, p = (re.sub(r"^the\s+", "", n.strip().lower()) for n in (gold, predicted))
    return g == p or g.split()[-1:] == [p] or p.split()[-1:] == [g]


def actor_by_spellings(spellings: Callable[[str], Iterable[str]]) -> Callable[[str, str], bool]:
    """An actor test that accepts any of the gold entity's spellings in the article."""
    return lambda gold, predicted: any(same_name(s, predicted) for s in spellings(gold))


def match(
    gold: list[Claim], predicted: list[Claim], same_actor: Callable[[str, str], bool] = same_name
) -> list[tuple[int, int, float]]:
    """Greedy one-to-one matching, best aim overlap first: (gold index, predicted index, F1)."""
    pairs = sorted(
        ((aim_f1(g.aim, p.aim), gi, pi)
         for gi, g in enumerate(gold) for pi, p in enumerate(predicted)
         if same_actor(g.actor, p.actor)),
        reverse=True,
    )
    used_g, used_p, result = set(), set(), []
    for f1, gi, pi in pairs:
        if f1 >= AIM_OVERLAP and gi not in used_g and pi not in used_p:
            used_g.add(gi), used_p.add(pi)
            result.append((gi, pi, f1))
    return result


def tally(gold: list[Claim], predicted: list[Claim], pairs: list[tuple[int, int, float]]) -> Tally:
    """The counts of one article."""
    same = sum(gold[gi].polarity == predicted[pi].polarity for gi, pi, _ in pairs)
    reading = sum(aim_reads(p.aim, p.polarity, p.evidence) for p in predicted)
    return Tally(len(gold), len(predicted), len(pairs), same, reading)


def misses_and_false_positives(
    label: str, gold: list[Claim], predicted: list[Claim], pairs: list[tuple[int, int, float]]
) -> list[str]:
    """One line per gold statement missed and per prediction that matched nothing."""
    hit_g, hit_p = {gi for gi, _, _ in pairs}, {pi for _, pi, _ in pairs}
    lines = [f"{label} MISS {g.actor} | {g.polarity} | {g.aim}" for gi, g in enumerate(gold) if gi not in hit_g]
    lines += [
        f"{label} FP   {p.actor} | {p.polarity} | {p.cue} | {p.aim}" for pi, p in enumerate(predicted) if pi not in hit_p
    ]
    lines += [
        f"{label} UNREAD {p.actor} | {p.polarity} | {p.aim}" for p in predicted if not aim_reads(p.aim, p.polarity, p.evidence)
    ]
    return lines
