"""The kind of a name as its sentence tells it: the name's own words, a role or title beside it, an apposition.

The model's label is the starting point; "Greenvale Dairy" is an organisation by its
last word, "Mayor Tomasz Wielgosz" a person by his title, "Callum Dewar, a
64-year-old fisherman" a person by the apposition, whatever the model said.
"""

from __future__ import annotations

from newsbrief.pipeline.enrichment.entity_words import (
    EVENT_FIRST_WORDS,
    ORG_FIRST_WORDS,
    ORG_NOUNS,
    ORG_WORDS,
    PLACE_FIRST_WORDS,
    PLACE_HEADS,
    PLACE_WORDS,
    ROLES,
    SETTLEMENTS,
    THING_WORDS,
    TITLES,
)
from newsbrief.pipeline.types import EntityKind

_IN_A_PLACE = frozenset("in near outside around across throughout".split())
_COMPASS = frozenset("north south east west northeast northwest southeast southwest".split())
_NEAR = frozenset("near outside throughout".split())  # nothing is near or outside a person or a company
_DWELLERS = frozenset("resident villager inhabitant townspeople citizen people".split())  # who live in a place


def kind_in_sentence(doc, start: int, end: int, kind: EntityKind) -> EntityKind:
    """The model's kind, corrected by the name's last word and by a role or title next to it."""
    last = (doc[end - 2] if end - start >= 2 and doc[end - 1].tag_ == "POS" else doc[end - 1]).lower_  # "United's"
    if last in ORG_WORDS or (end - start >= 2 and doc[start].lower_ in ORG_FIRST_WORDS):
        return EntityKind.ORG
    if end - start >= 2 and (doc[start].lower_ in EVENT_FIRST_WORDS or last in THING_WORDS):
        return EntityKind.OTHER
    if end - start >= 2 and (last in PLACE_WORDS or doc[start].lower_ in PLACE_FIRST_WORDS):
        return EntityKind.PLACE  # "Kestrel Bridge", "River Tamsin"
    root = doc[start:end].root
    if any(c.dep_ == "appos" and c.lemma_ in ORG_NOUNS for c in root.children):
        return EntityKind.ORG
    if any(c.dep_ == "appos" and _describes_a_person(c) for c in root.children):
        return EntityKind.PERSON  # "Callum Dewar, a 64-year-old fisherman"
    if start > 0 and doc[start - 1].lemma_ in ORG_NOUNS and doc[start - 1].dep_ == "compound":
        return EntityKind.ORG  # "battery maker Lumenworks", "power company Calder Grid"
    if kind is not EntityKind.PLACE and end - start == 1 and (
        (root.dep_ == "poss" and root.head.lemma_ in PLACE_HEADS)
        or (root.dep_ == "pobj" and root.head.lower_ == "of" and root.head.head.lemma_ in PLACE_HEADS)
    ):
        return EntityKind.PLACE  # "Kelvara's exports", "the government of Kelvara"
    if kind is not EntityKind.PLACE and shown_as_place(doc, start, end):
        return EntityKind.PLACE  # "the village of Orrin Ford", "east of Orrin Ford", "outside Orrin Ford"
    if kind is EntityKind.PERSON and _placed(root) and not (start > 0 and doc[start - 1].lower_.rstrip(".") in TITLES):
        return EntityKind.PLACE  # "protests in Bouira", "close to Bouira", "Sidi Ammar in the east": no one is in a person
    if end - start >= 2 and doc[start].is_title and doc[start].lower_.rstrip(".") in TITLES:
        return EntityKind.PERSON  # "Mayor Tomasz Wielgosz"
    if len(doc[start:end]) >= 2 and (
        (start > 0 and doc[start - 1].lower_.rstrip(".") in TITLES and doc[start - 1].is_title)
        or (root.dep_ == "appos" and root.head.lower_ in ROLES)
    ):
        return EntityKind.PERSON
    return kind


def shown_as_place(doc, start: int, end: int) -> bool:
    """Whether the sentence shows a name is a place, whatever else the article calls it: near, outside or
    throughout it, the village (town, region …) of it, east (north …) of it, its residents or people."""
    if any(doc[i].lower_.rstrip(".") in TITLES for i in (start - 1, start) if i >= 0):
        return False  # "near Mr Ford" is a man
    root = doc[start:end].root
    head = root.head
    if root.dep_ == "compound":
        return head.lemma_.lower() in _DWELLERS - {"people"}  # "Orrin Ford residents"
    if root.dep_ != "pobj":
        return False
    return head.lower_ in _NEAR or (
        head.lower_ == "of" and (head.head.lower_ in SETTLEMENTS | _COMPASS or head.head.lemma_.lower() in _DWELLERS)
    )


def _describes_a_person(noun) -> bool:
    """Whether a noun in apposition describes a person: a role, a "-man"/"-woman", or someone's age."""
    word = noun.lemma_.lower()
    if word in ROLES or (word.endswith(("man", "woman")) and len(word) > 5):
        return True
    around = [t.lower_ for t in noun.subtree if t.i < noun.i]
    return "year" in around and "old" in around  # "a 64-year-old …"


def _placed(root) -> bool:
    """Whether a name is used as a location: after "in", "near", "close to", or itself "in the east of" something."""
    head = root.head
    if root.dep_ == "pobj" and (head.lower_ in _IN_A_PLACE or (head.lower_ == "to" and head.head.lower_ in ("close", "next"))):
        return True
    return any(
        c.dep_ == "prep" and c.lower_ == "in" and any(g.lower_ in _COMPASS for g in c.subtree) for c in root.children
    )
