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


def test_every_entity_knows_its_last_word_however_it_is_written(ingested_examples):
    made_by_hand = Entity.objects.create(name="Port Aldwyn Harbour Authority", kind=Entity.Kind.ORGANIZATION)
    assert made_by_hand.last_word == "authority"
    stored = list(Entity.objects.values_list("name", "last_word"))
    assert len(stored) > 20
    assert all(last_word == name.rsplit(" ", 1)[-1].lower() for name, last_word in stored)


def test_a_name_that_ends_in_a_new_name_is_found_through_the_last_word_index():
    from django.db import connection

    if connection.vendor != "sqlite":
        pytest.skip("SQLite's plan is fixed by its schema; PostgreSQL's follows its statistics")
    ending = Entity.objects.filter(last_word=Entity.last_word_of("Water Board"), name__endswith=" Water Board")
    with connection.cursor() as cursor:
        sql, params = ending.query.sql_with_params()
        plan = " ".join(str(row) for row in cursor.execute(f"EXPLAIN QUERY PLAN {sql}", params).fetchall())
    assert "SEARCH newsbrief_entity USING INDEX" in plan and "last_word" in plan and "SCAN" not in plan
