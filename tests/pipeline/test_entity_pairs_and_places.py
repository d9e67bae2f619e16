"""Entities you can trust: two names joined by "and" stay two, a pair of countries is no entity, the sentence tells the kind.

Every sentence here is written for this test, in the style of the real defects.
"""

import pytest

from newsbrief.pipeline.enrichment import entities
from newsbrief.pipeline.types import EntityKind


def kinds(text: str) -> dict[str, EntityKind]:
    return {e.name: e.kind for e in entities.extract("", text)}


def test_two_places_named_together_stay_two():
    found = kinds("Schools in coastal districts, including Saltmarsh and Northgate, will be closed on Monday.")
    assert "Saltmarsh and Northgate" not in found
    assert {"Saltmarsh", "Northgate"} <= set(found)


def test_a_well_known_name_with_and_stays_whole():
    assert "Marks and Spencer" in kinds("Marks and Spencer wants a new store on the quay.")


def test_a_pair_of_countries_is_no_entity():
    found = kinds("Officials said U.S.-Russia relations could improve after the talks.")
    assert not any("-" in name for name in found)


@pytest.mark.parametrize(
    "text, name, kind",
    [
        # an apposition that describes a person: a role, a "-man", an age
        ("Callum Dewar, a 64-year-old fisherman, said he would stay.", "Callum Dewar", EntityKind.PERSON),
        # a name used as a location is no person
        ("Hot spots centred on the villages close to Aldo Brennick, officials said.", "Aldo Brennick", EntityKind.PLACE),
        # a camp is a place
        ("Aid reached the Marrowby Refugee Camp on Friday.", "Marrowby Refugee Camp", EntityKind.PLACE),
    ],
)
def test_the_sentence_tells_the_kind(text, name, kind):
    assert kinds(text)[name] is kind
