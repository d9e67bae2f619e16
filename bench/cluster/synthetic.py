"""Synthetic news for the scaling run: many stories, each with its own words, names and numbers."""

from __future__ import annotations

import itertools
import random
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone

_SYLLABLES = [c + v for c in "bcdfghjklmnprstvwz" for v in "aeiou"] + ["th", "st", "ch", "sh", "tr"]
START = datetime(2026, 1, 5, tzinfo=timezone.utc)


@dataclass(frozen=True)
class Item:
    """One synthetic article and the story it was written for."""

    id: str
    story: int
    title: str
    text: str
    published: datetime


class Newsroom:
    """Writes articles from a Zipf-distributed background vocabulary plus each story's own terms."""

    def __init__(self, seed: int = 7, vocabulary: int = 30_000, names: int = 20_000):
        self.rng = random.Random(seed)
        self.words = self._lexicon(vocabulary, 2, 4)
        self.names = [w.capitalize() for w in self._lexicon(names, 2, 3)]
        # Zipf's law: the k-th commonest word is used about 1/k as often as the first.
        self.cum_weights = list(itertools.accumulate(1.0 / k for k in range(1, vocabulary + 1)))
        # Tuples of strings, which the garbage collector stops tracking: the generator's own
        # bookkeeping should not slow the index it feeds.
        self.stories: list[tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]] = []

    def _lexicon(self, size: int, shortest: int, longest: int) -> list[str]:
        """Distinct pseudo-words of a few syllables."""
        seen: dict[str, None] = {}
        while len(seen) < size:
            seen["".join(self.rng.choices(_SYLLABLES, k=self.rng.randint(shortest, longest)))] = None
        return list(seen)

    def new_story(self) -> int:
        """A story: 10 words from the less common part of the vocabulary, 3 names, 2 numbers."""
        rng = self.rng
        words = tuple(rng.sample(self.words[200:], 10))
        names = tuple(rng.sample(self.names, 3))
        numbers = tuple(str(rng.randint(2, 9999)) for _ in range(2))
        self.stories.append((words, names, numbers))
        return len(self.stories) - 1

    def article(self, story: int, article_id: str, published: datetime, words: int = 400) -> Item:
        """An article of about `words` words: 65 % background, 20 % story words, 10 % names, 5 % numbers."""
        rng = self.rng
        own, names, numbers = self.stories[story]
        tokens = rng.choices(self.words, cum_weights=self.cum_weights, k=int(words * 0.65))
        tokens += rng.choices(own, k=int(words * 0.20)) + rng.choices(names, k=int(words * 0.10))
        tokens += rng.choices(numbers, k=int(words * 0.05))
        rng.shuffle(tokens)
        sentences = [" ".join(tokens[i : i + 20]) for i in range(0, len(tokens), 20)]
        text = "\n\n".join(s[0].upper() + s[1:] + "." for s in sentences)
        title = " ".join(rng.sample(own, 4) + rng.sample(names, 1)).capitalize()
        return Item(article_id, story, title, text, published)


def fill(newsroom: Newsroom) -> Iterator[Item]:
    """Endless first articles of new stories, three seconds apart from START: the index fills with live stories."""
    for n in itertools.count():
        story = newsroom.new_story()
        yield newsroom.article(story, f"s{story}-0", START + timedelta(seconds=3 * n))


def timed(newsroom: Newsroom, articles: int, after: datetime, share_new: float = 0.3) -> Iterator[Item]:
    """`articles` articles from `after` on, a second apart: `share_new` start stories, the rest join one."""
    rng = newsroom.rng
    for n in range(articles):
        story = newsroom.new_story() if rng.random() < share_new else rng.randrange(len(newsroom.stories))
        yield newsroom.article(story, f"s{story}-{n + 1}", after + timedelta(seconds=n))
