"""Copies of real articles, made the ways outlets change syndicated text, for bench/dedupe."""

from __future__ import annotations

import random
import re

# Boilerplate an outlet wraps around a wire story (written for this bench).
_BYLINE = "By {outlet} staff and wire services. Published {day} November, updated {hour}:15."
_FOOTER = ("Copyright {outlet}. All rights reserved. This story may not be republished without permission. "
           "Sign up for our morning newsletter to get the day's top stories in your inbox. "
           "Follow {outlet} on social media for breaking news and live updates.")
_OUTLETS = ("The Harbour Gazette", "Calder Evening Post", "Valley Ledger", "Northgate Chronicle")
_FILLER = ("said", "officials", "council", "report", "week", "plan", "city", "residents", "new", "years",
           "government", "statement", "local", "people", "company", "after", "before", "during", "would")

# kind -> (description, light): a light copy is one a person would call the same
# article; the heavy ones are clearly different texts.
KINDS: dict[str, tuple[str, bool]] = {
    "boilerplate": ("byline and footer added", True),
    "edit-2%": ("2 % of words replaced", True),
    "reorder": ("paragraphs shuffled", True),
    "drop-one": ("one paragraph dropped", True),
    "wire": ("boilerplate, 1 % edits, two paragraphs swapped", True),
    "edit-5%": ("5 % of words replaced", True),
    "edit-20%": ("20 % of words replaced", False),
    "half": ("half the paragraphs dropped", False),
}


def paragraphs(text: str) -> list[str]:
    """The text's non-empty lines."""
    return [line.strip() for line in text.splitlines() if line.strip()]


def _edit(paras: list[str], share: float, rng: random.Random) -> list[str]:
    """Replace about share of the words with others."""
    out = []
    for para in paras:
        words = para.split()
        for i in range(len(words)):
            if rng.random() < share:
                words[i] = rng.choice(_FILLER)
        out.append(" ".join(words))
    return out


def _boilerplate(paras: list[str], rng: random.Random) -> list[str]:
    outlet = rng.choice(_OUTLETS)
    byline = _BYLINE.format(outlet=outlet, day=rng.randint(1, 28), hour=rng.randint(6, 22))
    return [byline, *paras, _FOOTER.format(outlet=outlet)]


def make(text: str, kind: str, rng: random.Random) -> str:
    """One copy of the text, changed as kind says."""
    paras = paragraphs(text)
    if kind == "boilerplate":
        paras = _boilerplate(paras, rng)
    elif kind.startswith("edit-"):
        paras = _edit(paras, float(kind[5:-1]) / 100, rng)
    elif kind == "reorder":
        rng.shuffle(paras)
    elif kind == "drop-one" and len(paras) > 1:
        del paras[rng.randrange(len(paras))]
    elif kind == "wire":
        paras = _edit(paras, 0.01, rng)
        if len(paras) > 2:
            i = rng.randrange(len(paras) - 1)
            paras[i], paras[i + 1] = paras[i + 1], paras[i]
        paras = _boilerplate(paras, rng)
    elif kind == "half":
        keep = sorted(rng.sample(range(len(paras)), max(1, len(paras) // 2)))
        paras = [paras[i] for i in keep]
    return "\n\n".join(paras)


_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")


def sentences(texts: list[str]) -> list[str]:
    """The sentences of the texts (split at end punctuation), those of at least six words."""
    return [s for text in texts for para in paragraphs(text) for s in _SENTENCE_END.split(para) if len(s.split()) >= 6]


def synthetic_texts(pool: list[str], count: int, per_text: int, rng: random.Random):
    """count texts of per_text sentences drawn at random from pool: real language, unrelated articles."""
    for _ in range(count):
        yield " ".join(rng.sample(pool, per_text))
