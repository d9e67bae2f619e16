"""Aims that read: each completes "X wants …" or "X rejects …", balanced, with no word dropped inside it.

Every sentence here is written for this test, in the style of the real defects.
"""

import pytest

from newsbrief.pipeline.enrichment import aims
from newsbrief.pipeline.enrichment.aim_reading import gerund, reads
from newsbrief.pipeline.types import Polarity

W, R = Polarity.WANTS, Polarity.REJECTS


def said(text: str) -> list[tuple[str, Polarity, str]]:
    return [(s.actor, s.polarity, s.aim) for s in aims.extract(text)]


@pytest.mark.parametrize(
    "text, expected",
    [
        # an infinitive keeps its "to" after "wants"
        ("Callum Dewar, a 64-year-old fisherman, said he would stay to watch over his boat.",
         [("Callum Dewar", W, "to stay to watch over his boat")]),
        # and takes its -ing form after "rejects"
        ("The Dunholm Rail Company will not give up its night trains.",
         [("Dunholm Rail Company", R, "giving up its night trains")]),
        # "would rather A than B" wants A and rejects B
        ('"We would rather move a thousand people for nothing than leave one person in danger," Mayor Ines Halloran said.',
         [("Ines Halloran", W, "to move a thousand people for nothing"),
          ("Ines Halloran", R, "leaving one person in danger")]),
        # quote marks go, the words between them stay
        ("Mayor Ines Halloran urged residents to “leave early, not late”.",
         [("Ines Halloran", W, "residents to leave early, not late")]),
        # a demand's modal becomes "to"
        ("Councillor Ida Brenner said the council should publish the contract in full.",
         [("Ida Brenner", W, "the council to publish the contract in full")]),
        # what was done besides is not part of what was tried
        ("Mr Brandt tried at least twice to hack the network of Kestrel Mobile and took names and numbers of "
         "400 customers, said a company spokesman.", [("Brandt", W, "to hack the network of Kestrel Mobile")]),
        # what one hopes will happen reads as what one wants to happen
        ("Kestrel Ferries is hoping a new timetable will win back passengers.",
         [("Kestrel Ferries", W, "a new timetable to win back passengers")]),
        ('"I hope he comes back soon," said Ida Brenner.', [("Ida Brenner", W, "him to come back soon")]),
        # a second thought after "but" is not part of the aim
        ("Ida Brenner said the council should sell the depot, but did not believe the mayor would agree.",
         [("Ida Brenner", W, "the council to sell the depot")]),
        # how long one has opposed something, and the reason one gives, are not what one opposes
        ("Kestrel Ferries and Brandt Logistics have opposed the Ostmark bid for some time saying it would raise fares.",
         [("Kestrel Ferries", R, "the Ostmark bid"), ("Brandt Logistics", R, "the Ostmark bid")]),
    ],
)
def test_the_aim_completes_wants_or_rejects(text, expected):
    assert said(text) == expected


def test_an_aim_ends_where_the_parse_would_drop_words_from_it():
    text = ("Gianni Varesco, the founder of the group, wanted to keep control, "
            "and preferred Brandt Logistics' offer to buy a 20% stake.")
    found = said(text)
    assert ("Gianni Varesco", W, "to keep control") in found
    assert ("Brandt Logistics", W, "to buy a 20% stake") in found


@pytest.mark.parametrize(
    "verb, form",
    [("join", "joining"), ("raise", "raising"), ("stop", "stopping"), ("be", "being"), ("commit", "committing"),
     ("die", "dying"), ("open", "opening"), ("see", "seeing"), ("hold", "holding"), ("Give", "Giving")],
)
def test_the_ing_form_of_a_verb(verb, form):
    assert gerund(verb) == form


@pytest.mark.parametrize(
    "aim, expected",
    [
        ("to stay to watch over his boat", True),
        ("residents to leave early, not late", True),
        ("the “interim” council to resign", True),
        ("residents to “leave early, not late", False),  # an unclosed quote
        ("a review of (the depot plan", False),  # an unclosed bracket
        ("do all they can to", False),  # a dangling "to"
        ("and a new port", False),
        ("", False),
    ],
)
def test_an_aim_reads_when_balanced_and_closed(aim, expected):
    assert reads(aim) is expected
