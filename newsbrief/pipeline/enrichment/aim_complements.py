"""The aim of a cue verb: which of its objects, infinitives, clauses and prepositions say what is wanted."""

from __future__ import annotations

from newsbrief.pipeline.enrichment import aim_parse as tree
from newsbrief.pipeline.enrichment.aim_words import (
    AIM_PREPOSITIONS,
    ASKING_VERBS,
    AT_CUES,
    CALLED_THINGS,
    COMPLEMENTS,
    NEEDS_COMPLEMENT,
    OBJECT_PREPOSITIONS,
)


def complement(reader, tok, lemma: str) -> list:
    """The tokens of a cue verb's aim: its objects, infinitive or clause, and aim prepositions (`reader` knows
    the sentence's entities: a named object alone is no aim)."""
    children = [c for c in tok.children if c.i > tok.i]
    has_object = any(c.dep_ in ("dobj", "dative", "xcomp", "ccomp") for c in children)
    parts = []
    for c in children:
        if c.dep_ in COMPLEMENTS or (
            c.dep_ == "advcl" and lemma in ASKING_VERBS and has_object and tree.has_infinitive(c) and c.tag_ == "VB"
        ):
            parts.append(c)  # "asked the board on Friday to halve the cut": the parser's advcl is the request
        elif c.dep_ == "prep" and (
            c.lower_ in AIM_PREPOSITIONS or c.lower_ == "at" and lemma in AT_CUES or tree.pobj_lemma(c) == "exchange"
        ):
            if not tree.temporal(c):
                parts.append(c)
        elif (c.dep_ == "prep" and c.lower_ in OBJECT_PREPOSITIONS and parts and parts[-1].dep_ == "dobj"
              and c.i == parts[-1].right_edge.i + 1 and not tree.temporal(c)):
            parts.append(c)  # "sought refuge at the mission": the place belongs to what is sought
        elif c.dep_ == "npadvmod" and any(p.dep_ == "dative" for p in children):
            parts.append(c)  # "offered its drivers a four-day week": the model reads a time phrase
        elif c.dep_ == "advmod" and c.lower_ == "instead" and parts:
            parts.append(c)
    if len(parts) > 1:  # a phrase between two parts of the aim belongs to it: "opposes intimidation by any claimant to …"
        first, last = min(p.i for p in parts), max(p.i for p in parts)
        parts += [c for c in children if first < c.i < last and c.dep_ in ("prep", "advmod", "npadvmod") and c not in parts]
        parts.sort(key=lambda p: p.i)
    if lemma in NEEDS_COMPLEMENT and not any(p.dep_ != "advmod" for p in parts):
        return []
    if lemma in ASKING_VERBS | {"push"} and parts and all(p.dep_ == "dobj" for p in parts) and (
        parts[0].tag_ == "PRP" or reader.table.at(reader.paragraph, parts[0].i) is not None
    ):
        return []  # "asked them about the launches", "pushed referee Alan Wiley": no aim is said
    if lemma == "call" and any(p.dep_ == "dobj" and p.lemma_.lower() not in CALLED_THINGS for p in parts):
        return []  # "called one of my best friends", "called time on his career": a call, not a call for something
    if lemma == "appeal" and not any(p.lower_ == "for" or tree.has_infinitive(p) for p in parts):
        return []  # "appealed to the same voters" attracts them; "appealed to them to stay" asks
    if not has_object and not parts:
        return []
    asked_for = next((p for p in parts if p.dep_ == "prep" and p.lower_ == "for"), None)
    if lemma in ("ask", "press") and asked_for is not None and any(p.dep_ == "dobj" for p in parts):
        return tree.after(asked_for) + tree.conditions(tok)  # "asked the government for 180 million crowns"
    tokens = []
    for p in parts:
        if p.dep_ == "prep" and (p.lower_ in AIM_PREPOSITIONS or p.lower_ == "at") and not tokens and lemma != "offer":
            tokens.extend(tree.after(p))  # "calls for a ban": the aim starts after "for"
        else:
            tokens.extend(p.subtree)
    return tokens + tree.conditions(tok)
