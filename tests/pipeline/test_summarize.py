"""The extractive brief: lead, key points, body modes, closing, and where each sentence comes from."""

import re
import subprocess
import sys

import pytest

from newsbrief.pipeline.briefs.sentences import paragraphs
from newsbrief.pipeline.briefs.summarize import (
    CLOSING_PREFIX,
    FEATURES,
    _model,
    summarize,
    word_count,
)

# A fictional story written for these tests.
TITLE = "Calderwick council votes to close the old harbour bridge"
TEXT = """CALDERWICK — The town council of Calderwick voted on Tuesday to close the old harbour bridge to cars from next month, after engineers found cracks in two of its supports. The decision will add up to 20 minutes to the morning journey of about 4,000 commuters.

The bridge, built in 1911, carries most of the traffic between the fishing quarter and the new business park. Engineers from the county found the cracks during a routine inspection in March. They said the bridge was safe for people on foot but could not carry heavy vehicles for much longer.

"We had no choice," said council leader Maria Okonjo. "Nobody wants to close a bridge that the town has used for more than a century. But the report left us no room." Seven councillors voted for the closure and two voted against it.

Shop owners in the fishing quarter fear that fewer customers will reach them. Tom Aldous, who runs a bakery near the quay, said his takings fell by a third the last time the bridge was shut for repairs. The council has promised a free shuttle bus every 15 minutes during the closure.

Repairs are expected to cost 3.2 million pounds and to take at least eighteen months. The county has offered to pay half of the bill. The rest will come from the town's reserves, which means other projects, including a new playground, will be delayed.

A public meeting about the closure will be held at the town hall on Thursday evening. Residents can also send questions to the council by post or by email until the end of the month."""


def all_sentences(brief):
    return [*brief.lead, *brief.key_points, *(s for p in brief.body for s in p)]


def source_of(text, span):
    return " ".join(paragraphs(text)[span.paragraph][span.start : span.end].split())


def test_lead_has_at_most_three_sentences_and_75_words():
    brief = summarize(TITLE, TEXT)
    assert 1 <= len(brief.lead) <= 3
    assert word_count(brief.lead_text) <= 75


def test_lead_opens_with_what_happened():
    brief = summarize(TITLE, TEXT)
    assert brief.lead[0].text.startswith("The town council of Calderwick voted on Tuesday")


def test_lead_sentences_keep_article_order():
    brief = summarize(TITLE, TEXT)
    spans = [(s.span.paragraph, s.span.start) for s in brief.lead]
    assert spans == sorted(spans)


def test_key_points_are_three_to_five_short_sentences_outside_the_lead():
    brief = summarize(TITLE, TEXT)
    assert 3 <= len(brief.key_points) <= 5
    lead = {s.text for s in brief.lead}
    assert all(s.text not in lead for s in brief.key_points)
    assert all(word_count(s.text) <= 30 for s in brief.key_points)


def test_key_points_cover_the_article_beyond_its_start():
    brief = summarize(TITLE, TEXT)
    assert max(s.span.paragraph for s in brief.key_points) >= 3


def test_closing_starts_in_summary_and_does_not_repeat_the_lead():
    brief = summarize(TITLE, TEXT)
    assert brief.closing_text.startswith(CLOSING_PREFIX)
    assert word_count(brief.closing_text) <= 80
    assert all(s.text not in brief.closing_text for s in brief.lead)


def test_every_sentence_records_its_paragraph_and_span():
    brief = summarize(TITLE, TEXT, body_mode="full")
    for s in all_sentences(brief):
        assert source_of(TEXT, s.span) == s.text
    closing = brief.closing[0]
    source = source_of(TEXT, closing.span)
    assert closing.text[len(CLOSING_PREFIX) :].lower() == source[0].lower() + source[1:].lower()


def test_spans_count_paragraphs_as_article_paragraphs_do():
    text = "First paragraph here.\n\n\n\nSecond paragraph, after extra blank lines. It has two sentences."
    brief = summarize("", text, body_mode="full")
    assert [(s.span.paragraph, s.text) for p in brief.body for s in p][1] == (
        1,
        "Second paragraph, after extra blank lines.",
    )


def test_every_sentence_is_marked_extractive():
    brief = summarize(TITLE, TEXT)
    assert brief.method == "extractive"
    assert {s.method for s in [*all_sentences(brief), *brief.closing]} == {"extractive"}


def test_full_body_is_the_whole_article_in_its_paragraphs():
    brief = summarize(TITLE, TEXT, body_mode="full")
    expected = [" ".join(p.split()) for p in paragraphs(TEXT)]
    expected[0] = expected[0].removeprefix("CALDERWICK — ")  # the dateline is not a sentence
    assert brief.body_paragraphs == expected


def test_condensed_body_is_about_a_third_in_article_order_without_the_lead():
    brief = summarize(TITLE, TEXT, body_mode="condensed")
    body = [s for p in brief.body for s in p]
    ratio = sum(word_count(s.text) for s in body) / word_count(TEXT)
    assert 0.2 <= ratio <= 0.5
    order = [(s.span.paragraph, s.span.start) for s in body]
    assert order == sorted(order)
    assert not {s.text for s in body} & {s.text for s in brief.lead}


def test_excerpt_body_is_the_opening_and_short():
    brief = summarize(TITLE, TEXT, body_mode="excerpt")
    body = [s for p in brief.body for s in p]
    assert body[0].text.startswith("The town council of Calderwick")
    assert sum(word_count(s.text) for s in body) <= 100
    assert {s.span.paragraph for s in body} <= {0, 1}


def test_none_body_is_empty_and_unknown_mode_is_refused():
    assert summarize(TITLE, TEXT, body_mode="none").body == ()
    with pytest.raises(ValueError, match="body_mode"):
        summarize(TITLE, TEXT, body_mode="everything")


def test_the_same_article_gives_the_same_brief():
    assert summarize(TITLE, TEXT) == summarize(TITLE, TEXT)


def test_an_article_without_title_still_gets_a_brief():
    brief = summarize("", TEXT)
    assert brief.lead and brief.key_points and brief.closing


def test_empty_text_gives_an_empty_brief_with_a_note():
    brief = summarize("Nothing", "  \n\n ")
    assert brief.lead == () and brief.closing == () and brief.notes


def test_one_sentence_article_is_its_own_lead_and_has_no_closing():
    brief = summarize("Short", "The ferry to the island was cancelled because of fog.")
    assert brief.lead_text == "The ferry to the island was cancelled because of fog."
    assert brief.key_points == () and brief.closing == ()


def test_a_sentence_longer_than_the_cap_is_cut_to_75_words():
    long_sentence = " ".join(f"word{i}" for i in range(120)) + "."
    brief = summarize("", long_sentence)
    assert word_count(brief.lead_text) <= 75
    assert brief.lead_text.endswith("…")
    assert brief.lead[0].span.paragraph == 0


def test_lowercased_tokenized_text_is_summarized():
    text = (
        "( cnn ) the river ouse burst its banks on monday , flooding 200 homes in the town of ely . "
        "`` we have never seen water this high , '' said mayor ann price . "
        "rescue teams used boats to reach people trapped upstairs . "
        "the weather service said more rain is expected on wednesday . "
        "schools will stay closed until the water goes down . "
        "the council has opened two shelters for families who lost their homes ."
    )
    brief = summarize("", text)
    assert brief.lead[0].text.startswith("the river ouse burst its banks")
    assert brief.closing_text.startswith("In summary, ")


def test_shipped_weights_match_the_feature_list():
    model = _model()
    for regime in ("titled", "untitled"):
        assert len(model[regime]["weights"]) == len(FEATURES)


def test_pipeline_modules_do_not_import_django():
    code = (
        "import sys\n"
        "import newsbrief.pipeline.briefs.summarize, newsbrief.pipeline.briefs.llm, newsbrief.pipeline.briefs.summarize_jsonl\n"
        "assert not [m for m in sys.modules if m.split('.')[0] == 'django'], 'django imported'\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


def test_dateline_is_not_part_of_the_lead():
    brief = summarize(TITLE, TEXT)
    assert not re.match(r"CALDERWICK", brief.lead_text)
