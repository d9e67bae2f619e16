"""Names that join two things: "Saltmarsh and Northgate" is two places, "U.S.-Russia" (relations) is no entity.

The small model reads a coordination of two names as one name, and a hyphenated
pair of countries as an organisation. One name stays whole where it is one thing:
a well-known name ("Bosnia and Herzegovina", "Marks and Spencer" as the lexicon
spells it) or a body whose name says so ("Saltmarsh and Northgate Council").
"""

from __future__ import annotations

from collections.abc import Callable

from newsbrief.pipeline.enrichment.entity_lexicon import known_kind
from newsbrief.pipeline.enrichment.entity_words import ORG_WORDS
from newsbrief.pipeline.types import EntityKind


def coordinated_parts(doc, start: int, end: int) -> list[tuple[int, int]]:
    """The names a span joins with "and" as the parser coordinates them, or the span whole."""
    cut = next((i for i in range(start + 1, end - 1) if doc[i].lower_ == "and" and doc[i].dep_ == "cc"), None)
    if cut is None or doc[end - 1].lower_ in ORG_WORDS or known_kind(doc[start:end].text) is not None:
        return [(start, end)]
    left, right = doc[start:cut], doc[cut + 1 : end]
    coordinated = any(t.dep_ == "conj" and t.head.i in range(start, cut) for t in right)
    if not coordinated or not all(t.is_title for t in (*left, *right) if t.is_alpha):
        return [(start, end)]
    return [(start, cut), (cut + 1, end)]


def names_a_pair(name: str, canonical: Callable[[str], str]) -> bool:
    """Whether a name is two places joined by a hyphen ("U.S.-Russia", "Sino-Japanese" not included)."""
    parts = name.split("-")
    return len(parts) == 2 and all(part and known_kind(canonical(part)) is EntityKind.PLACE for part in parts)
