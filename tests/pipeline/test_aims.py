"""Who wants what: statements actor → aim on hand-written sentences.

Each case is a short text of our own, and the statement it must yield: the actor
(the entity's normalised name), the polarity and the aim as a clean clause.
"""

import pytest

from newsbrief.pipeline.enrichment import aims
from newsbrief.pipeline.types import EntityKind, Polarity, Span

W, R = Polarity.WANTS, Polarity.REJECTS

CASES = [
    # plain cues of want
    ("The Orbis Mining Company wants a new licence for the northern pit.",
     "Orbis Mining Company", W, "a new licence for the northern pit"),
    ("Mayor Edith Lambrecht aims to open three new libraries by 2029.",
     "Edith Lambrecht", W, "to open three new libraries by 2029"),
    ("The Pellam Teachers Union is seeking a ten per cent rise for junior staff.",
     "Pellam Teachers Union", W, "a ten per cent rise for junior staff"),
    ("The Coastal Ferry Board demands a new timetable from the port.",
     "Coastal Ferry Board", W, "a new timetable from the port"),
    ("The Harlow Cyclists Club is pushing for a protected lane on Mill Road.",
     "Harlow Cyclists Club", W, "a protected lane on Mill Road"),
    ("Senator Rosalind Okonkwo called for an inquiry into the grain contracts.",
     "Rosalind Okonkwo", W, "an inquiry into the grain contracts"),
    ("The Alder Valley Trust urged the council to protect the old orchards.",
     "Alder Valley Trust", W, "the council to protect the old orchards"),
    ("Brackwater Energy is ready to sell its gas fields in the south.",
     "Brackwater Energy", W, "to sell its gas fields in the south"),
    ("The Fenland Growers Cooperative backs the new water charter.",
     "Fenland Growers Cooperative", W, "the new water charter"),
    ("Minister Oskar Lindgren hopes to sign the trade deal before the summer.",
     "Oskar Lindgren", W, "to sign the trade deal before the summer"),
    ("Tessaly Airways offered its pilots a bonus of 2,000 crowns.",
     "Tessaly Airways", W, "its pilots a bonus of 2,000 crowns"),
    # refusal, opposition and negation
    ("The Harbour Workers Union rejects the new shift rota.",
     "Harbour Workers Union", R, "the new shift rota"),
    ("The Merrow Residents Association opposes the plan for a second runway.",
     "Merrow Residents Association", R, "the plan for a second runway"),
    ("Governor Ilse Varnhagen refuses to raise the fuel tax.",
     "Ilse Varnhagen", R, "raising the fuel tax"),
    ("The Dunholm Rail Company will not accept any cut to its subsidy.",
     "Dunholm Rail Company", R, "accepting any cut to its subsidy"),
    ("Lakeside Foods is not prepared to close the Brenton plant.",
     "Lakeside Foods", R, "closing the Brenton plant"),
    ("The Valmont Farmers Guild does not want a new motorway across the valley.",
     "Valmont Farmers Guild", R, "a new motorway across the valley"),
    # passives
    ("A tax on second homes was proposed by the Greywater Housing Board on Tuesday.",
     "Greywater Housing Board", W, "a tax on second homes"),
    ("The merger was rejected by the Ostmark Competition Office.",
     "Ostmark Competition Office", R, "the merger"),
    # reported speech, with the actor named in it or as its source
    ("Hanna Koller said the Kessel Water Company would not raise prices this year.",
     "Kessel Water Company", R, "raising prices this year"),
    ("The Tarrow Dockers Union said it would hold a ballot on strike action.",
     "Tarrow Dockers Union", W, "to hold a ballot on strike action"),
    ("According to Maren Solvik, the government is prepared to lend the club the money.",
     "Maren Solvik", W, "to lend the club the money"),
    ("The Ashby Council said it was willing to sell the depot if the price was fair.",
     "Ashby Council", W, "to sell the depot if the price was fair"),
    ('"We will not give up the northern fields," said Gregor Malt, who chairs the Oldbrook Farmers Union.',
     "Gregor Malt", R, "giving up the northern fields"),
    # pronouns and short forms take up the entity they stand for
    ("Paula Brandvold spoke to the assembly on Monday. She insisted that the hospital must stay open.",
     "Paula Brandvold", W, "the hospital to stay open"),
    ("The Northern Bus Authority met on Friday. The authority wants a fare freeze for students.",
     "Northern Bus Authority", W, "a fare freeze for students"),
    # a relative pronoun stands for the noun its clause hangs on
    ("Mayor Odile Brandsma, who wants the state to pay for the dredging, opened the meeting.",
     "Odile Brandsma", W, "the state to pay for the dredging"),
    # "it" with a verb that can be impersonal is still someone when it acts
    ("The campaign group Clean Air Harwick says it will take the council to court if the road is approved.",
     "Clean Air Harwick", W, "to take the council to court if the road is approved"),
    # a possessor speaks through its body: "X's priorities are"
    ("The Caldera Party's priorities are cheaper housing and faster trains.",
     "Caldera Party", W, "cheaper housing and faster trains"),
    # a quote mark left out of the aim keeps the space after it
    ('The Pellam Health Board has promised to "act on its findings" from next spring.',
     "Pellam Health Board", W, "to act on its findings from next spring"),
]


@pytest.mark.parametrize(("text", "actor", "polarity", "aim"), CASES, ids=[c[1] + ":" + c[3][:24] for c in CASES])
def test_a_statement_names_actor_polarity_and_a_clean_aim(text, actor, polarity, aim):
    found = [(s.actor, s.polarity, s.aim) for s in aims.extract(text)]
    assert (actor, polarity, aim) in found


def test_a_sentence_of_fact_makes_no_statement():
    text = (
        "The Brenton Steel Company raised its prices by four per cent on Monday. "
        "Its chief executive, Ada Morrell, said sales had fallen in the autumn."
    )
    assert aims.extract(text) == ()


def test_an_unnamed_group_is_no_actor():
    assert aims.extract("Local residents want a new crossing near the school.") == ()


@pytest.mark.parametrize("text", [
    '"Nobody in this queue wants to be here," said Ilsa Varden of the Harwick Tenants Union.',
    '"You will get one chance, so be ready," said Tomas Ekberg, the Rovers coach.',
    "Asked whether the Harwick Bridge could stay shut for a year, Ilsa Varden said engineers would know more soon.",
    "The ferry firm, which sails past the Harwick landing stage, said it had asked the port for more slots.",
    "Ilsa Varden of the Harwick Tenants Union said the offer would not keep pace with rents.",
    '"It will take us weeks to catch up," said Tomas Ekberg, the director of Harwick General Hospital.',
])
def test_no_one_nameable_wants_anything_here(text):
    assert aims.extract(text) == ()


def test_a_cue_inside_another_aim_is_part_of_that_aim():
    found = aims.extract("The Merrow Council urged the Port Authority to seek a new operator.")
    assert [(s.actor, s.aim) for s in found] == [("Merrow Council", "the Port Authority to seek a new operator")]


def test_coordinated_cues_give_one_statement_each():
    found = aims.extract("The Kestrel Nurses Union rejected the offer and called for talks with a mediator.")
    assert {(s.actor, s.polarity, s.aim) for s in found} == {
        ("Kestrel Nurses Union", R, "the offer"),
        ("Kestrel Nurses Union", W, "talks with a mediator"),
    }


def test_the_evidence_is_the_sentence_and_its_place_in_the_paragraphs():
    text = "A quiet week in the capital.\n\nThe weather was mild. The Orbis Mining Company wants a new licence."
    (statement,) = aims.extract(text)
    assert statement.evidence == "The Orbis Mining Company wants a new licence."
    assert statement.span == Span(paragraph=1, start=22, end=67)
    assert text.split("\n\n")[1][22:67] == statement.evidence
    assert statement.cue == "wants"
    assert statement.actor_kind is EntityKind.ORG


def test_a_title_stripped_surname_becomes_the_full_name():
    text = (
        "Health Minister Ruth Abernathy visited the hospital on Monday.\n\n"
        "Ms. Abernathy wants a new cancer ward in the east wing."
    )
    assert [(s.actor, s.aim) for s in aims.extract(text)] == [("Ruth Abernathy", "a new cancer ward in the east wing")]


@pytest.mark.parametrize(
    "text",
    [
        "Storm Edda would bring the valley its heaviest rain in four months, forecasters said.",
        "The Veradia Chamber of Commerce called the decision a missed opportunity.",
        'Its chair, Ruth Halvey, said any request would be "judged on the drought we face, not the one we wish we had".',
    ],
)
def test_a_storm_wants_nothing_calling_something_names_it_and_a_wish_needs_its_object(text):
    assert aims.extract(text) == ()


def test_the_union_is_not_the_hospital_named_just_before():
    text = (
        "Economists met on Monday. Ada Renner noted that the strike at Pellam General Hospital, "
        "where the union is seeking 8 per cent, showed the pressure on pay."
    )
    assert all(s.actor != "Pellam General Hospital" for s in aims.extract(text))


def test_a_place_is_no_aim():
    text = "Both candidates, Ilse Marrow and Joss Penhale, campaigned on Tide Street on Monday afternoon."
    assert all(s.aim != "Tide Street" for s in aims.extract(text))


def test_the_cue_is_the_words_of_want_and_the_preposition_after_them():
    assert [s.cue for s in aims.extract("On Monday, Kestrel Ferries declined to cut fares.")] == ["declined"]
    assert [s.cue for s in aims.extract("Kestrel Ferries insisted on a new timetable.")] == ["insisted on"]
