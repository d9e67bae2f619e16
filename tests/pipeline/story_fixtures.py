"""A fictional story told by four outlets, for the story brief's tests: the Marrow Dam failure at Port Aldwyn.

Written for this project. The Harbour Gazette reports first with 127 dead, the
Aldwyn Courier later with 130; both carry the mayor's words; the Valley Post runs
the Northern Wire's text as a copy.
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from newsbrief.pipeline.briefs.story_brief import Member
from newsbrief.pipeline.briefs.summarize import summarize
from newsbrief.pipeline.types import EntityKind, Polarity, Span, Statement

T0 = datetime(2031, 4, 2, 6, 0, tzinfo=timezone.utc)

GAZETTE = (
    "The Marrow Dam above Port Aldwyn collapsed before dawn on Tuesday, sending a wall of water through the lower town.\n\n"
    "At least 127 people were killed in the flood, the regional emergency office said.\n\n"
    "Rescue crews searched the flooded streets by boat for survivors throughout the morning.\n\n"
    "Mayor Ilse Varga said \"we will rebuild every house in the lower town\" as she toured the shelters.\n\n"
    "Engineers had warned the council about cracks in the dam's spillway for three years."
)
COURIER = (
    "Floodwater from the broken Marrow Dam swept through the lower town of Port Aldwyn on Tuesday.\n\n"
    "The death toll rose to 130 people killed by Wednesday evening, the regional emergency office said.\n\n"
    "Mayor Ilse Varga said \"we will rebuild every house in the lower town\" and asked for calm.\n\n"
    "The Aldwyn Farmers Union wants a public inquiry into the maintenance of the dam.\n\n"
    "Rescue crews searched the flooded streets by boat for survivors throughout the morning."
)
WIRE = (
    "A dam failure at Port Aldwyn flooded the lower town on Tuesday and killed dozens of residents.\n\n"
    "Rescue crews searched the flooded streets by boat for survivors during the morning.\n\n"
    "The Aldwyn Farmers Union wants a public inquiry into the maintenance of the dam.\n\n"
    "Schools across the district stayed closed while the water receded."
)
TITLES = {
    "gazette-1": "Marrow Dam collapses above Port Aldwyn",
    "courier-1": "Port Aldwyn flood toll rises to 130",
    "wire-1": "Dam failure floods Port Aldwyn",
}


def statement(text: str, sentence: str, actor: str, kind: EntityKind, cue: str, aim: str) -> Statement:
    """A who-wants-what statement whose evidence is a whole paragraph of `text`."""
    paragraphs = text.split("\n\n")
    index = paragraphs.index(sentence)
    return Statement(actor, kind, cue, aim, Polarity.WANTS, sentence, Span(index, 0, len(sentence)))


INQUIRY = "The Aldwyn Farmers Union wants a public inquiry into the maintenance of the dam."


def members() -> list[Member]:
    """The story's articles in order of arrival: Gazette, Courier, Wire, and the Valley Post's copy of the Wire."""
    inquiry = lambda text: statement(text, INQUIRY, "Aldwyn Farmers Union", EntityKind.ORG, "wants",  # noqa: E731
                                     "a public inquiry into the maintenance of the dam")
    return [
        Member("gazette-1", "Harbour Gazette", T0, summarize(TITLES["gazette-1"], GAZETTE)),
        Member("courier-1", "Aldwyn Courier", T0 + timedelta(hours=30), summarize(TITLES["courier-1"], COURIER),
               statements=(inquiry(COURIER),)),
        Member("wire-1", "Northern Wire", T0 + timedelta(hours=3), summarize(TITLES["wire-1"], WIRE),
               statements=(inquiry(WIRE),)),
        Member("post-1", "Valley Post", T0 + timedelta(hours=4), None, copy_of="wire-1"),
    ]


TEXTS = {"gazette-1": GAZETTE, "courier-1": COURIER, "wire-1": WIRE}
