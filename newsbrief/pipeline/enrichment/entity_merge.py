"""One name per entity within an article: surnames, short forms and acronyms given the full name they shorten."""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import replace

from newsbrief.pipeline.enrichment.entity_lexicon import known_kind
from newsbrief.pipeline.enrichment.entity_words import PLACE_WORDS, SURNAME_TITLES
from newsbrief.pipeline.types import EntityKind


def merge_short_names(mentions: list, located: set[str], titled: set[str] = frozenset(),
                      placed: set[str] = frozenset()) -> list:
    """Give a surname, an organisation's first word or an acronym the full name it shortens, when unambiguous.

    A name whose kind news knows whatever the sentence (a well-known body or person, or
    a place in the gazetteer) gets that kind first, unless a title makes it a person's
    ("Mr Houston"); then a name a sentence shows is a place ("the village of Orrin Ford")
    is one in all its mentions, since the model's other guesses for it rest on its looks.
    """
    kinds: dict[str, Counter] = defaultdict(Counter)
    for m in mentions:
        kinds[m.name][m.kind] += 1
    kind_of = {name: counts.most_common(1)[0][0] for name, counts in kinds.items()}
    for name in kind_of:
        known = known_kind(name)
        if known is not None and not (known is EntityKind.PLACE and name in titled):
            kind_of[name] = known
        elif known is None and name in placed and name not in titled:
            kind_of[name] = EntityKind.PLACE
    full = {name: name.split(" ") for name in kind_of}
    first_seen: dict[str, tuple[int, int]] = {}  # where the text (not the headline) first names each
    for m in mentions:
        first_seen.setdefault(m.name, (m.paragraph, m.start) if m.paragraph >= 0 else (1 << 30, 0))
    for m in mentions:
        if m.paragraph >= 0 and first_seen[m.name][0] == 1 << 30:
            first_seen[m.name] = (m.paragraph, m.start)
    surnames = {m.name for m in mentions if m.title in SURNAME_TITLES}
    target: dict[str, str] = {}
    for short, words in full.items():
        candidates = set()
        for name, long_words in full.items():
            if len(long_words) <= len(words):
                continue
            if kind_of[name] is EntityKind.PERSON and long_words[-len(words):] == words:
                candidates.add(name)  # "Achebe" in an article that names "Roland Achebe"
            elif (
                kind_of[name] is EntityKind.ORG
                and short not in located  # "Ostrel" in Ostrel is not the "Ostrel Retail Council"
                # news names the whole first: "Fiat" before "Fiat Powertrain" is the parent, not a short form
                and first_seen[name] < first_seen[short]
                # nor Kestrel Bridge its Authority, nor Vietnam its Diplomatic Academy
                and not (kind_of[short] is EntityKind.PLACE and (len(words) > 1 or known_kind(short) is EntityKind.PLACE))
                and (
                    long_words[: len(words)] == words
                    or (len(words) == 1 and long_words[-1] == words[0] and kind_of[short] is not EntityKind.PLACE)
                )
            ):
                candidates.add(name)  # "Meridian" or "the Authority" beside "Meridian Terminals", "Kestrel Bridge Authority"
            elif (
                kind_of[name] is EntityKind.PLACE and len(words) == 1 and long_words[-1] == words[0]
                and words[0].lower() in PLACE_WORDS
            ):
                candidates.add(name)  # "the Bridge" beside "Kestrel Bridge" (but Sudan is not South Sudan)
        if not candidates and len(words) == 1 and kind_of[short] is EntityKind.PERSON and short not in surnames:
            candidates = {
                name for name, long_words in full.items()
                if len(long_words) > 1 and kind_of[name] is EntityKind.PERSON and long_words[0] == words[0]
                and first_seen[name] < first_seen[short]
            }  # "Craig" after "Craig Bellamy", in a quote or a sports report
        if not candidates and _acronym(short):
            candidates = {
                name for name in full
                if name != short and kind_of[name] is not EntityKind.PERSON and _initials(name) == _acronym(short)
            }  # "GM" beside "General Motors", "UKIP" beside "UK Independence Party"
        if len(candidates) == 1:
            target[short] = candidates.pop()
    return [
        replace(m, name=target.get(m.name, m.name), kind=kind_of[target.get(m.name, m.name)])
        for m in mentions
    ]


_NOT_INITIALLED = frozenset("of for and the & de du la des".split())


def _acronym(name: str) -> str:
    """The letters of a name written as an acronym ("GM", "S&N", "E.U."), or "" for any other name."""
    letters = name.replace("&", "").replace(".", "")
    return letters if 2 <= len(letters) <= 6 and letters.isalpha() and letters.isupper() else ""


def _initials(name: str) -> str:
    """The acronym a name would have: first letters of its words ("Hewlett-Packard" → "HP"), acronyms whole."""
    parts = [w for w in re.split(r"[\s-]+", name) if w and w.lower() not in _NOT_INITIALLED]
    return "".join(w if w.isupper() and w.isalpha() else w[0] for w in parts).upper()
