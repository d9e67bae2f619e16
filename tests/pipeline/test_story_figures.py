"""Figures stand side by side only where they count one thing (issue 18, review item 2).

Fiction written for these tests, in the style of the false pairs seen on ECB+: an age
read as a count, a total over several raids against one raid's count, a part ("two
other victims") against the whole, a toll of another year, a number in a link line.
"""

from __future__ import annotations

from datetime import timedelta

from newsbrief.pipeline.briefs.story_brief import Member, story_brief
from newsbrief.pipeline.briefs.story_facts import Figure, figures
from newsbrief.pipeline.types import Brief, BriefSentence, Span
from tests.pipeline.story_fixtures import T0


def _member(n: int, *sentences: str) -> Member:
    """An article of one outlet whose brief holds each sentence as a paragraph of its body."""
    body = tuple((BriefSentence(s, Span(k, 0, len(s))),) for k, s in enumerate(sentences))
    return Member(f"article-{n}", f"Outlet {n}", T0 + timedelta(hours=n), Brief(lead=(), closing=(), body=body))


def _differ(*articles: tuple[str, ...]) -> dict[str, set[str]]:
    """The story's differ table: thing → the figures side by side."""
    brief = story_brief([_member(n, *sentences) for n, sentences in enumerate(articles)])
    return {d.thing: {r.value for r in d.reports} for d in brief.differ}


def test_an_age_a_multiple_a_code_or_a_live_shell_is_no_count():
    assert figures("Tobias Rhee, 32, was arrested on the quay at dawn.") == []
    assert figures("The new cells last three times longer than the old ones.") == []
    assert figures("The ferry left at 0730 with agent 007 aboard.") == []
    assert Figure("3", "dead") not in figures("Police found a rifle and three live shells in the van.")
    assert Figure("5", "dead") in figures("The storm claimed 5 lives in the valley.")


def test_what_stands_before_a_comma_is_not_what_the_number_after_it_counts():
    assert figures("Of the 23 smugglers arrested, 12 are from the islands.") == [Figure("23", "smuggler")]


def test_a_share_a_sum_of_money_and_a_part_are_kinds_of_their_own():
    assert figures("Turnout reached 40% of voters.") == [Figure("40%", "voter", "%")]
    assert figures("The cargo was worth $100 million at the port.") == [Figure("100000000", "worth", "$")]
    assert figures("Two other victims were treated at the hospital.") == [Figure("2", "victim", "+")]
    assert figures("Another four people died in the hospital.") == [Figure("4", "dead", "+")]


def test_a_toll_reported_with_different_figures_stands_side_by_side_though_worded_apart():
    table = _differ(
        ("At least 127 people were killed when the Marrow Dam burst above Port Aldwyn, the emergency office said.",),
        ("The Marrow Dam burst above Port Aldwyn killed 130 people, the emergency office said.",),
    )
    assert table == {"dead": {"127", "130"}}


def test_a_toll_of_another_year_or_of_another_event_does_not_stand_against_this_one():
    table = _differ(
        ("The flood at Port Aldwyn killed 127 people on Tuesday, the emergency office said.",),
        ("The flood at Port Aldwyn killed 130 people on Tuesday, the emergency office said.",
         "The great flood of 1998 killed 300 people along the same river, the emergency office said."),
        ("Rescue crews at Port Aldwyn said two people were killed by a landslide in the hills above the quarry.",),
    )
    assert table == {"dead": {"127", "130"}}


def test_a_total_over_several_raids_or_a_part_does_not_stand_against_one_count():
    table = _differ(
        ("Customs officers seized 300 rounds of ammunition in the raid on the harbour warehouse at Port Aldwyn.",
         "The three victims of the harbour fire were taken to Calder General Hospital by ambulance."),
        ("Customs officers have seized a total of 923 rounds of ammunition in the raid on the harbour warehouse at "
         "Port Aldwyn and four others.",
         "Two other victims of the harbour fire were taken to Calder General Hospital by ambulance."),
    )
    assert table == {}


def test_a_link_line_or_a_heading_reports_no_figure():
    table = _differ(
        ("The flood at Port Aldwyn killed 127 people on Tuesday, the emergency office said.",),
        ("https://news.example/2031/04/flood-kills-200-in-port-aldwyn",
         "Port Aldwyn flood – 200 people killed on Tuesday, emergency office says"),
    )
    assert table == {}
