"""The brief of a story from all its outlets (issue 18): lead, key points, positions, agreement, difference, coverage."""

from __future__ import annotations

import itertools
import time
from datetime import timedelta
from dataclasses import replace

from newsbrief.pipeline.briefs import story_state
from newsbrief.pipeline.briefs.story_brief import (
    LEAD_MAX_WORDS, REDUNDANT, Member, StoryState, add_members, brief_of, record, story_brief,
)
from newsbrief.pipeline.briefs.story_facts import Figure, dates, figures, quotes, word_overlap
from newsbrief.pipeline.briefs.summarize import summarize, word_count
from newsbrief.pipeline.types import EntityKind
from tests.pipeline.story_fixtures import TEXTS, T0, members, statement


def test_every_sentence_is_an_outlet_s_own_words_at_its_named_place():
    brief = story_brief(members())
    assert brief.lead and brief.key_points and brief.closing
    for part, s in brief.sentences:
        paragraph = TEXTS[s.article].split("\n\n")[s.span.paragraph]
        source = paragraph[s.span.start : s.span.end]
        shown = s.text.removeprefix("In summary, ") if part == "closing" else s.text
        assert " ".join(source.split()).lower() == shown.lower()
        assert s.outlet == {"gazette-1": "Harbour Gazette", "courier-1": "Aldwyn Courier", "wire-1": "Northern Wire"}[s.article]
        assert s.attributed.endswith(f"({s.outlet})")


def test_the_lead_is_short_and_no_two_sentences_of_the_brief_say_the_same_thing():
    brief = story_brief(members())
    assert sum(word_count(s.text) for s in brief.lead) <= LEAD_MAX_WORDS
    texts = [s.text.removeprefix("In summary, ") for _, s in brief.sentences]
    assert all(word_overlap(a, b) <= REDUNDANT for a, b in itertools.combinations(texts, 2))


def test_the_lead_opens_on_what_most_outlets_report_first():
    brief = story_brief(members())
    assert "Marrow Dam" in brief.lead[0].text
    assert brief.lead[0].reported_by == 3 and brief.lead[0].first_outlet == "Harbour Gazette"


def test_key_points_are_facts_several_outlets_report_with_who_reported_first():
    brief = story_brief(members())
    # The toll is a key fact two outlets report, with two figures: it counts the one outlet that states its figure.
    assert all(s.reported_by >= 2 or s.differs for s in brief.key_points)
    toll = next(s for s in (*brief.lead, *brief.key_points) if "127" in s.text)
    assert toll.first_outlet == "Harbour Gazette"


def test_the_closing_states_an_actor_s_position_in_its_statement_s_sentence():
    brief = story_brief(members())
    assert brief.closing[0].text == ("In summary, the Aldwyn Farmers Union wants a public inquiry into the "
                                     "maintenance of the dam.")
    assert brief.closing[0].reported_by == 2


def test_a_quotation_carried_by_two_outlets_is_marked_as_agreed():
    agreed = [a for a in story_brief(members()).agree if a.kind == "quote"]
    assert [(a.text, a.report.outlets) for a in agreed] == [
        ("we will rebuild every house in the lower town", ("Harbour Gazette", "Aldwyn Courier"))]


def test_different_figures_for_one_thing_stand_side_by_side_the_latest_marked():
    (toll,) = story_brief(members()).differ
    assert toll.thing == "dead"
    assert [(r.value, r.outlets, r.latest) for r in toll.reports] == [
        ("127", ("Harbour Gazette",), False), ("130", ("Aldwyn Courier",), True)]


def test_a_figure_reported_by_two_outlets_is_agreed_on():
    echo = Member("echo-1", "Echo", T0, summarize("Toll", "At least 127 people were killed in the flood at Port Aldwyn, "
                                                          "officials said on Tuesday."))
    brief = story_brief([members()[0], echo])
    assert [(a.text, a.report.outlets) for a in brief.agree if a.kind == "figure"] == [
        ("127 dead", ("Harbour Gazette", "Echo"))]


def test_coverage_names_each_outlet_s_first_report_and_a_copy_counts_for_its_original():
    coverage = story_brief(members()).coverage
    assert [(c.outlet, c.first, c.articles, c.carried_by) for c in coverage] == [
        ("Harbour Gazette", True, 1, ()), ("Northern Wire", False, 2, ("Valley Post",)), ("Aldwyn Courier", False, 1, ())]


def test_a_copy_adds_no_outlet_to_what_is_reported():
    without = story_brief(members()[:3])
    with_copy = story_brief(members())
    assert [s.reported_by for s in without.key_points] == [s.reported_by for s in with_copy.key_points]


def test_folding_articles_in_one_by_one_gives_the_brief_of_the_whole_story():
    state = StoryState()
    for member in members():
        state = StoryState(add_members(state, [member]).data)  # stored and read back between articles
    assert brief_of(state) == story_brief(members())


def test_an_article_folded_in_twice_counts_once():
    state = add_members(StoryState(), members())
    again = add_members(StoryState(dict(state.data)), members()[:2])
    assert brief_of(again) == brief_of(state)


def test_sentences_a_model_wrote_never_speak_for_the_story():
    gazette = members()[0]
    rewritten = replace(gazette.brief, lead=tuple(replace(s, text="Invented words here for the lead.", method="llm")
                                                  for s in gazette.brief.lead))
    brief = story_brief([replace(gazette, brief=rewritten)])
    assert all("Invented" not in s.text for _, s in brief.sentences)


def test_the_json_form_lists_provenance_per_sentence_and_the_tables():
    out = record("story-1", story_brief(members()))
    assert set(out) >= {"story", "lead", "key_points", "closing", "agree", "differ", "coverage", "provenance"}
    assert len(out["provenance"]) == len(out["lead"]) + len(out["key_points"]) + (1 if out["closing"] else 0)
    assert all({"article", "outlet", "paragraph", "start", "end"} <= set(p) for p in out["provenance"])


def test_figures_are_counts_with_their_thing_not_years_times_dates_or_names():
    assert figures("The death toll rose to 130 on Thursday.") == [Figure("130", "dead")]
    assert figures("Twelve people were injured near the pier.") == [Figure("12", "injured")]
    assert figures("The council approved 3.5 million crowns.") == [Figure("3500000", "crown")]
    assert figures("In 2029 at 9 a.m. on March 3 the Route 52 bridge shut.") == []


def test_short_quotations_are_no_quotations_to_compare():
    assert quotes('She said "no" and left; he said "we will be back next week".') == ["we will be back next week"]


def test_the_state_stays_bounded_as_a_story_grows():
    state = StoryState()
    for k in range(story_state.MAX_FACTS + 60):
        text = f"Inspector Number{k} of Ward{k} counted flooded cellars along Quay{k} Street on the morning."
        add_members(state, [Member(f"a{k}", f"Outlet{k}", None, summarize("", text))])
    assert len(state.data["facts"]) <= story_state.MAX_FACTS
    started = time.process_time()
    add_members(state, [members()[0]])
    assert time.process_time() - started < 5  # not a speed test: a fold must not grow with the story


def test_a_fact_stating_a_disputed_figure_is_not_shared_with_the_outlet_that_reports_another():
    brief = story_brief(members())
    facts = {a.text: a.report.outlets for a in brief.agree if a.kind == "fact"}
    assert not any("127" in text for text in facts)  # the Courier reports 130: they share no toll
    toll = next(s for s in (*brief.lead, *brief.key_points) if "127" in s.text)
    assert (toll.reported_by, toll.differs) == (1, True)
    assert not any(s.differs for s in brief.lead if "127" not in s.text)


def _told(outlet: str, hours: int, text: str) -> Member:
    return Member(f"{outlet.split()[0].lower()}-{hours}", outlet, T0 + timedelta(hours=hours), summarize("", text))


def test_different_dates_for_one_event_stand_side_by_side_the_latest_marked():
    brief = story_brief([
        _told("Kestrel Times", 0, "The old Kestrel ferry pier collapsed into the estuary on Tuesday evening. "
                                  "Nobody was on the pier when it fell, the harbour master's office said."),
        _told("Fenmoor Echo", 5, "The Kestrel ferry pier collapsed into the estuary on Wednesday after a storm. "
                                 "Divers from the harbour master's office inspected the wreck on the day."),
    ])
    (when,) = [d for d in brief.differ if d.thing == "collapsed on (day)"]
    assert [(r.value, r.outlets, r.latest) for r in when.reports] == [
        ("Tuesday", ("Kestrel Times",), False), ("Wednesday", ("Fenmoor Echo",), True)]


def test_different_counts_written_in_words_or_digits_stand_side_by_side():
    brief = story_brief([
        _told("Kestrel Times", 0, "Three ferries were cancelled on the estuary crossing because of the fog."),
        _told("Fenmoor Echo", 2, "Four ferries were cancelled on the estuary crossing as the fog thickened."),
        _told("Tidewater Post", 3, "The fog cancelled 4 ferries on the estuary crossing, the operator said."),
    ])
    (ferries,) = brief.differ
    assert ferries.thing == "ferry"
    assert [(r.value, r.outlets) for r in ferries.reports] == [
        ("3", ("Kestrel Times",)), ("4", ("Fenmoor Echo", "Tidewater Post"))]
    assert [(a.text, a.report.outlets) for a in brief.agree if a.kind == "figure"] == [
        ("4 ferry", ("Fenmoor Echo", "Tidewater Post"))]


def test_dates_are_the_day_of_an_action_not_of_a_statement():
    assert dates("The Marrow Dam collapsed before dawn on Tuesday.") == [Figure("Tuesday", "collapsed on (day)")]
    assert dates("On 3rd March, the council voted to close the pier.") == [Figure("3 March", "voted on (date)")]
    assert dates("The pier reopened on Sept. 12, 2031.") == [Figure("12 September", "reopened on (date)")]
    assert dates("Officials said on Tuesday that the pier was unsafe.") == []
    assert dates("May said the pier was safe.") == []


def test_a_question_or_a_piece_of_a_line_is_no_position_for_the_closing():
    gazette = members()[0]
    said = [statement(GAZETTE_ASKS, sentence, "Harbour Board", EntityKind.ORG, "wants", "an answer")
            for sentence in GAZETTE_ASKS.split("\n\n")]
    brief = story_brief([replace(gazette, statements=tuple(said))])
    assert brief.closing == ()


GAZETTE_ASKS = ("Does the Harbour Board want the council to pay for the new dam this year?\n\n"
                "com / 2031 / 04 / 02 / the Harbour Board wants the council to pay for a new dam.")
