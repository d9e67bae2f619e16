"""Where a name's span starts and ends in spaCy's parse: what the model cut short, or took in beside the name."""

from __future__ import annotations

from newsbrief.pipeline.enrichment.entity_words import (
    LEADING_PREPOSITIONS,
    ORG_WORDS,
    PLACE_WORDS,
    POST_NOMINALS,
    TITLES,
    TRAILING_ROLES,
)

OWNED_NAMES = ORG_WORDS | PLACE_WORDS  # last words of a name that may open with its owner's: "St John's Ambulance Service"


def cut_at_line_break(doc, start: int, end: int) -> int:
    """The end of a name at the first line break inside it: a headline's name does not run into the date line."""
    for i in range(start + 1, end):
        if "\n" in doc[i - 1].whitespace_ or "\n" in doc[i].text:
            return i
    return end


def opens_sentence(tok) -> bool:
    """True for the first word of a sentence, after any opening quotation mark or line break."""
    while not (tok.is_sent_start or tok.i == 0):
        if not (tok.nbor(-1).is_quote or tok.nbor(-1).is_space):
            return False
        tok = tok.nbor(-1)
    return True


def opens_line(tok) -> bool:
    """True for the first word of a line."""
    return tok.i == 0 or "\n" in tok.nbor(-1).text_with_ws


def without_overlaps(spans):
    """Spans that do not overlap, the longer kept where two do."""
    kept: list = []
    for span in sorted(spans, key=lambda s: (s[0] - s[1], s[0])):
        if all(span[1] <= k[0] or span[0] >= k[1] for k in kept):
            kept.append(span)
    return sorted(kept)


def trim(doc, start: int, end: int, person: bool) -> tuple[int, int]:
    """The span without what opens or closes it and is not the name.

    That is a leading preposition ("Along Kestrel Parade"), a possessive owner
    ("Ostrel's Data Protection Office", "the Civic Alliance's Colm Brady"), a number
    after a person's name ("Barnaby Hollis 612", a vote count; "Apollo 11" keeps its own)
    and the letters after it ("Tomas Kell MSP").
    """
    while start < end and doc[start].lower_ in LEADING_PREPOSITIONS:
        start += 1
    owner = next((i for i in range(end - 3, start, -1) if doc[i].tag_ == "POS" and doc[i].lower_ in ("'s", "’s")), None)
    # The owner goes when one word owns a longer name, or when what it owns is no organisation or place
    # of its own ("St John's Ambulance Service" stays whole).
    if owner is not None and (owner == start + 1 and end - start >= 4 or doc[end - 1].lower_ not in OWNED_NAMES):
        start = owner + 1
    while person and end > start and doc[end - 1].tag_ == "CD":
        end -= 1
    while person and end - start > 1 and doc[end - 1].lower_.rstrip(".") in POST_NOMINALS:
        end -= 1
    while not person and end - start > 1 and doc[end - 1].lower_.rstrip(".") in TRAILING_ROLES:
        end -= 1  # "Senate Leader", "South Dakota Gov.": the role of whoever follows
    return start, end


def name_start(doc, start: int, end: int, person: bool = False) -> int:
    """Where a name really starts, left of where the model or the parser put it.

    It takes in proper nouns that qualify the name ("Quiet" of "Quiet Skies Calder")
    and a plural possessive that opens it ("Sable Hills Miners' Union").
    """
    while start > 0:
        before = doc[start - 1]
        if (
            before.text in ("'", "’")
            and start >= 2
            and doc[start - 2].tag_ in ("NNP", "NNPS")
            and doc[start - 2].is_title
            and not doc[start - 2].ent_type_
        ):
            start -= 2
        elif (
            before.dep_ == "compound"
            and before.tag_ in ("NNP", "NNPS")
            and before.is_title
            and start <= before.head.i < end
            and not before.ent_type_
            and not (person and start - 1 == 0)
        ):
            start -= 1
        else:
            break
    return start


def extend_left(doc, ent) -> int:
    """The start of a name whose first words the model left out."""
    return name_start(doc, ent.start, ent.end, person=ent.label_ == "PERSON")


def extend(doc, ent) -> int:
    """The end of a name the model cut short: "Tamsin Valley Farmers' Cooperative", "Tamsin Water"."""
    end = ent.end
    apostrophe = end - 1 if doc[end - 1].text in ("'", "’") else end
    if apostrophe < len(doc) and doc[apostrophe].text in ("'", "’"):
        end = apostrophe + 1
        while end < len(doc) and doc[end].tag_ == "NNP" and doc[end].is_title:
            end += 1
        return end if end > apostrophe + 1 else ent.end
    while end < len(doc) and doc[end - 1].dep_ == "compound" and doc[end - 1].head.i == end:
        if not (doc[end].tag_ in ("NNP", "NNPS") and doc[end].is_title) or title_of_next_name(doc, end):
            break  # "Carnegie Mellon Professor Raj Reddy": the title opens the next name
        end += 1
    return end


def title_of_next_name(doc, i: int) -> bool:
    """Whether the token is a title before a name: "Professor" of "Professor Raj Reddy"."""
    return doc[i].lower_ in TITLES and i + 1 < len(doc) and doc[i + 1].tag_ == "NNP" and doc[i + 1].is_title


def possessive(doc, start: int, end: int) -> bool | None:
    """Whether the name's "'s" owns nothing after it, so it may be part of the name ("McDonald's said …",
    "flocked to Sainsbury's"): True; False where it owns what follows ("Tesco's profits", "Google's planned
    tier"); None without one."""
    name = doc[end - 2] if doc[end - 1].tag_ == "POS" else doc[end - 1]
    mark = next((c for c in name.children if c.tag_ == "POS" and c.lower_ in ("'s", "’s")), None)
    if mark is None or not start <= name.i < end:
        return None
    if name.dep_ == "poss" or mark.i + 1 == len(doc):
        return name.dep_ != "poss"
    # and no noun phrase follows for it to own, whatever the parse says ("Britain's biggest bank"); a participle
    # before a noun describes it ("Stadia's recommended Chromecast")
    after = doc[mark.i + 1]
    if after.tag_ in ("VBN", "VBG") and mark.i + 2 < len(doc) and doc[mark.i + 2].pos_ in ("NOUN", "PROPN", "ADJ"):
        return False
    return after.pos_ in ("PUNCT", "VERB", "AUX", "ADP", "CCONJ", "PART", "SPACE")
