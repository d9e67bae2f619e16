"""Entities that hold on real news: kinds that do not hang on one parse, names joined and kept apart.

Every sentence here is written for this test, in the style of the real defects.
"""

from newsbrief.pipeline.enrichment import aims, entities, entity_lexicon
from newsbrief.pipeline.types import Entity, EntityKind


def by_name(text: str, title: str = "") -> dict[str, Entity]:
    return {e.name: e for e in entities.extract(title, text)}


def test_a_country_is_a_place_whatever_the_sentence():
    found = by_name("Lesotho said the factories had closed. Sri Lanka and Bangladesh could lose jobs too.")
    assert {found[n].kind for n in ("Lesotho", "Sri Lanka", "Bangladesh")} == {EntityKind.PLACE}


def test_a_surname_that_is_also_a_city_stays_a_person_after_a_title():
    found = by_name("Mr Houston said he would appeal.")
    assert found["Houston"].kind is EntityKind.PERSON


def test_well_known_spellings_are_one_organisation():
    found = by_name(
        "The Lib Dems want an inquiry. A Lib Dem spokesman said the Tories had blocked it, "
        "but a Tory MP denied it and UKIP stayed silent."
    )
    assert found["Liberal Democrats"].kind is EntityKind.ORG
    assert found["Liberal Democrats"].mentions == 2
    assert found["Conservative Party"].kind is EntityKind.ORG
    assert "UK Independence Party" in found


def test_an_acronym_joins_the_name_it_abbreviates():
    found = by_name(
        "Harwick Data Systems will buy the plant. HDS said the deal would close in May. "
        "The Grain Growers Association (GGA) welcomed it."
    )
    assert found["Harwick Data Systems"].mentions == 2
    assert found["Grain Growers Association"].mentions == 2
    assert "HDS" not in found and "GGA" not in found


def test_a_name_is_no_general_of_anything():
    found = by_name("General Motors said it would cut jobs. Air Kestrel ordered ten jets.")
    assert found["General Motors"].kind is EntityKind.ORG
    assert found["Air Kestrel"].kind is EntityKind.ORG


def test_a_parent_named_before_its_unit_is_not_the_unit():
    found = by_name("Harwick will close its engine works. The Harwick Powertrain plant employs 800 people.")
    assert "Harwick" in found and "Harwick Powertrain" in found


def test_a_country_is_not_the_academy_named_after_it_nor_south_of_itself():
    found = by_name(
        "Vietnam hosted the talks. The minister spoke at the Diplomatic Academy of Vietnam. "
        "Refugees fled from Sudan to South Sudan."
    )
    assert found["Vietnam"].kind is EntityKind.PLACE
    assert "Diplomatic Academy of Vietnam" in found
    assert "Sudan" in found and "South Sudan" in found


def test_a_role_after_a_name_and_a_line_break_are_not_part_of_it():
    found = by_name(
        "Ministry names fellow Ruth Adeyemi\nJul 13, 2009 01: 40 PM\nAs the hearings start, Ruth Adeyemi spoke.\n"
        "The South Dakota Gov. spoke to the Senate Leader on Monday."
    )
    assert found["Ruth Adeyemi"].mentions == 2
    assert {"Senate", "South Dakota"} <= set(found)


def test_the_lexicon_is_data_with_one_kind_per_name():
    assert entity_lexicon.WELL_KNOWN["Taliban"] is EntityKind.ORG
    assert entity_lexicon.WELL_KNOWN_ALIASES["Tories"] == "Conservative Party"
    assert entity_lexicon.known_kind("Sri Lanka") is EntityKind.PLACE
    assert entity_lexicon.known_kind("Harwick Powertrain") is None


def test_a_well_known_surname_is_the_person_even_alone():
    found = by_name("Talks with Trump resumed. Putin said the talks were useful.")
    assert found["Donald Trump"].kind is EntityKind.PERSON
    assert found["Vladimir Putin"].kind is EntityKind.PERSON


def test_a_law_or_a_product_is_no_organisation_and_wants_nothing():
    text = ("Ministers insist the Harbour Fares Bill would not change the toll. "
            "Kestrel Games says the Nimbus Controller will work wirelessly with phones.")
    found = by_name(text)
    assert found["Harbour Fares Bill"].kind is EntityKind.OTHER
    assert found["Nimbus Controller"].kind is EntityKind.OTHER
    assert [s.actor for s in aims.extract(text)] == []


def test_a_club_is_an_organisation_even_with_its_s():
    found = by_name("Harwick United's board has agreed to open its books. Selden Rovers said nothing.")
    assert found["Harwick United"].kind is EntityKind.ORG
    assert found["Selden Rovers"].kind is EntityKind.ORG
