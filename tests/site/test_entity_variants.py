"""Across the archive one entity per thing: demonyms and an outlet's name with or without its qualifier join; pairs stay two."""

import pytest

from newsbrief.site.models import Entity
from newsbrief.site.store.entity_variants import demonym_variants, qualifier_variants

pytestmark = pytest.mark.django_db


def test_a_demonym_and_its_place_are_variants_of_one_name():
    assert "Veradia Coastguard" in demonym_variants("Veradian Coastguard")
    assert "Veradian Coastguard" in demonym_variants("Veradia Coastguard")
    assert "Ostmarkian Navy" in demonym_variants("Ostmark Navy")
    assert demonym_variants("Coastguard") == set()
    assert demonym_variants("Saltmarsh and Northgate") == set()


def test_a_name_without_the_word_that_says_what_it_is_is_a_shorter_variant():
    assert qualifier_variants("Calder General Hospital") == {"Calder General", "General Hospital"}
    assert "Water Board" in qualifier_variants("Tamsin Valley Water Board")
    assert qualifier_variants("Calder General") == set()  # "General" says nothing of what it is
    assert qualifier_variants("Marks and Spencer Bank") == set()


def test_the_archive_joins_spellings_of_one_thing_and_keeps_two_things_apart(ingested_examples):
    names = set(Entity.objects.values_list("name", flat=True))
    # one outlet writes "Veradia Coastguard", others "Veradian Coastguard": one entity
    assert len(names & {"Veradia Coastguard", "Veradian Coastguard"}) == 1
    # outlets that name "Calder General Hospital" also write "Calder General": one entity
    assert len(names & {"Calder General", "Calder General Hospital"}) == 1
    # two villages named together stay two
    assert "Saltmarsh and Northgate" not in names
    assert {"Saltmarsh", "Northgate"} <= names
