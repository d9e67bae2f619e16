"""How the lead is chosen within its limits, and the centrality features the scorer reads."""

import pytest

from newsbrief.pipeline.briefs.sentences import split_text
from newsbrief.pipeline.briefs.lead import LEAD_MAX_WORDS, select_lead
from newsbrief.pipeline.briefs.summarize import features, summarize, word_count
from newsbrief.pipeline.briefs.centrality import document_similarity, textrank


def terms_of(n):
    return [frozenset({f"topic{i}"}) for i in range(n)]  # no two sentences alike


def test_overflowing_best_three_give_way_to_the_best_whole_sentences_that_fit():
    words = [40, 38, 36, 30]
    lead = select_lead([3.0, 2.9, 2.8, 2.7], words, terms_of(4), summary_words=(200.0, 0.0))
    assert sum(words[i] for i in lead) <= LEAD_MAX_WORDS
    # No three fit; 38 + 36 fills the budget best of the pairs, and no sentence is cut.
    assert lead == [1, 2]


def test_lead_fills_the_budget_when_the_expected_summary_is_long():
    words = [20, 25, 25, 30]
    lead = select_lead([1.0, 1.0, 1.0, 1.0], words, terms_of(4), summary_words=(200.0, 0.0))
    assert len(lead) == 3 and sum(words[i] for i in lead) == 75


def test_lead_does_not_open_on_a_sentence_that_leans_on_one_left_out():
    words = [20, 20, 20, 20]
    scores = [-4.0, 3.0, -4.0, -4.0]  # the best sentence starts "He ..."
    lead = select_lead(scores, words, terms_of(4), summary_words=(30.0, 0.0), dangling={1})
    assert lead[0] != 1 and 1 in lead


def test_lead_may_open_so_when_every_candidate_does():
    lead = select_lead([1.0, 2.0], [10, 10], terms_of(2), dangling={0, 1})
    assert lead


def test_summarized_lead_opens_on_a_sentence_that_stands_alone():
    text = (
        "The harbour authority of Calderwick closed the north pier on Monday after a storm. "
        "It said repairs would take a month.\n\n"
        "He added that the pier, which carries the fuel line to the lighthouse, was badly damaged. "
        "But the ferry to the islands will keep running from the south pier."
    )
    brief = summarize("Calderwick closes its north pier after a storm", text)
    assert brief.lead[0].text.split()[0] not in {"It", "He", "But"}
    assert word_count(brief.lead_text) <= LEAD_MAX_WORDS


AIRSHIP_TITLE = "Norvane Freight tests airship cargo to the northern islands"
AIRSHIP = (
    "The ferry queues at Calderwick harbour were long again on Monday, as they have been all winter.\n\n"
    "Shipping line Norvane Freight is taking to the air. It is testing an airship cargo service between "
    "Calderwick and the northern islands, called Skyhold, which will carry mail and fresh food from March.\n\n"
    "Norvane Freight trails the island ferry companies, which already carry most of the freight to the "
    "northern islands by sea.\n"
    "Airships, long thought too slow for cargo, have become a cheap way to reach islands without a deep harbour.\n"
    "The Skyhold airship is free to book for any business with a Norvane account.\n"
    "Customers will be able to choose a delivery window, track their parcels and pay on arrival.\n"
    "The service will be paid for by a levy on fuel.\n"
    "Island shops say they are waiting to see the prices.\n"
    "Fishermen on the islands are worried about the noise.\n"
    "The airship is moored at a mast on the old airfield.\n"
    "A second airship is being built at a yard in the south.\n"
    "The harbour master declined to comment.\n"
    "Nobody knows yet how many parcels the service will carry in its first year.\n"
    "The weather on the islands can ground an airship for days."
)


def test_lead_keeps_the_news_by_taking_its_antecedent_along():
    # The news is "It is testing …"; the sentence "It" points to scores too low to be a
    # candidate on its own. The lead takes the two together rather than lose the news.
    brief = summarize(AIRSHIP_TITLE, AIRSHIP)
    lead = [s.text for s in brief.lead]
    assert lead[:2] == [
        "Shipping line Norvane Freight is taking to the air.",
        AIRSHIP.split("\n\n")[1].split(". ", 1)[1],
    ]
    assert word_count(brief.lead_text) <= LEAD_MAX_WORDS
    # Each keeps its own span: the lead is the article's sentences, word for word.
    source = AIRSHIP.split("\n\n")[1]
    assert [(s.span.paragraph, source[s.span.start : s.span.end]) for s in brief.lead[:2]] == [(1, t) for t in lead[:2]]


def test_an_antecedent_brought_along_is_never_taken_alone():
    # Sentence 0 is what "It …" (sentence 1) points to, outside the best ten, worth what
    # sentence 1 is worth; the two together run past the budget, so neither may be taken.
    scores = [-9.0, 3.0, *[-5.0] * 10]
    words = [20, 70, *[10] * 10]
    lead = select_lead(scores, words, terms_of(12), summary_words=(30.0, 0.0), dangling={1}, joined={1})
    assert lead and 0 not in lead and 1 not in lead


@pytest.mark.parametrize(
    ("text", "expected"),
    [("a , b", 2), ("— x", 1), ("__ _a", 1), ("said . ''", 1), ("£5.7bn ($10.7bn)", 2), ("", 0), ("½ 日本", 2)],
)
def test_word_count_counts_tokens_with_a_letter_or_digit(text, expected):
    assert word_count(text) == expected


def test_textrank_ranks_the_sentence_the_others_share_highest():
    sets = [{"flood", "river", "town"}, {"flood", "river"}, {"flood", "town"}, {"cake", "recipe"}]
    rank = textrank(sets)
    assert rank.index(max(rank)) == 0
    assert rank.index(min(rank)) == 3
    assert textrank(sets) == rank


def test_centrality_copes_with_one_sentence_and_empty_ones():
    assert len(textrank([{"a"}])) == 1
    assert len(textrank([set(), set()])) == 2
    assert document_similarity([[], ["a"], ["a", "b"]])[0] == 0.0


def test_document_similarity_is_the_cosine_with_the_rest():
    sims = document_similarity([["a", "b"], ["a", "b"], ["c"]])
    assert sims[0] == pytest.approx(2 / (2**0.5 * 3**0.5))  # (a, b) against (a, b, c)
    assert sims[2] == 0.0


def test_every_feature_row_is_finite_for_odd_articles():
    for text in ("One.", "One. One. One.", "Short.\n\n- a bullet\n- another bullet", "…"):
        sentences = split_text(text)
        for row in features("", sentences):
            assert all(value == value and abs(value) != float("inf") for value in row)


def test_a_subheading_is_never_a_lead_sentence():
    text = (
        "The Pellam Nurses Union and the Health Ministry agreed a 6 per cent pay rise on Tuesday, ending a strike.\n\n"
        "The deal was reached after 30 hours of talks at the mediation service.\n\n"
        "Ballot next week\n\n"
        "Members will vote on the offer in an online ballot that closes on 7 December."
    )
    lead = summarize("Nurses end strike after pay deal", text).lead
    assert lead and all(s.text != "Ballot next week" for s in lead)
