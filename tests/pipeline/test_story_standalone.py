"""A story brief's lead and key points stand alone by the article briefs' rules (issue 18, review item 1).

The stories here are fiction written for these tests, in the style of the defects
seen on the demo: a quotation whose speaker is only "he", sentences opening on
"However," "They" or "This" whose antecedent stays in their article.
"""

from __future__ import annotations

from datetime import timedelta

from newsbrief.pipeline.briefs.story_brief import Member, StoryState, add_members, brief_of
from newsbrief.pipeline.briefs.standalone import speaker_points_back
from newsbrief.pipeline.briefs.story_standalone import mended, stands_alone
from newsbrief.pipeline.types import Brief, BriefSentence, Span
from tests.pipeline.story_fixtures import T0

# Three outlets report the strike at Kestrel Mills; each carries the foreman's words with "he said".
QUOTE = "\"We will stay out until the looms are made safe for every shift,\" he said."
ARTICLES = {
    "ledger-1": [
        "Weavers at Kestrel Mills walked out on Monday over broken safety guards on the night-shift looms.",
        f"Foreman Tobias Rhee spoke to the crowd at the gate. {QUOTE}",
        "However, the mill's owners said the guards had been repaired in March.",
        "They said the strike was unlawful.",
    ],
    "courier-1": [
        "Weavers at Kestrel Mills walked out on Monday over broken safety guards on the looms of the night shift.",
        f"Foreman Tobias Rhee addressed the pickets. {QUOTE}",
        "However, the mill's owners said the guards had been repaired in March.",
        "This is the second strike at the mill this year, after a walkout over pay in February.",
    ],
    "post-1": [
        "Weavers at Kestrel Mills stopped work on Monday over broken safety guards on the night-shift looms.",
        f"The foreman, Tobias Rhee, was cheered at the gate. {QUOTE}",
        "However, the mill's owners said the guards had been repaired in March.",
        "They said the strike was unlawful.",
    ],
}
OUTLETS = {"ledger-1": "Kestrel Ledger", "courier-1": "Mill Town Courier", "post-1": "Valley Post"}


def _sentence(paragraphs: list[str], k: int, text: str) -> BriefSentence:
    """An article brief's sentence, at its place in paragraph k."""
    start = paragraphs[k].index(text)
    return BriefSentence(text, Span(k, start, start + len(text)))


def _member(n: int, article: str) -> Member:
    """An article as its own brief took it: the opening as lead, every later sentence as a key point."""
    paras = ARTICLES[article]
    quote_para = paras[1]
    points = (
        _sentence(paras, 1, quote_para[: quote_para.index(QUOTE) - 1]),
        _sentence(paras, 1, QUOTE),
        _sentence(paras, 2, paras[2]),
        _sentence(paras, 3, paras[3]),
    )
    brief = Brief(lead=(_sentence(paras, 0, paras[0]),), closing=(), key_points=points)
    return Member(article, OUTLETS[article], T0 + timedelta(hours=n), brief)


def _story() -> tuple[StoryState, list]:
    state = add_members(StoryState(), [_member(n, a) for n, a in enumerate(ARTICLES)])
    brief = brief_of(state)
    return state, [s for part, s in brief.sentences if part in ("lead", "key_points")]


def test_a_quotation_whose_speaker_is_only_he_is_no_lead_or_key_point_though_every_outlet_carries_it():
    state, shown = _story()
    # The quotation is the story's most reported fact, so only the rule keeps it out.
    quoted = next(f for f in state.data["facts"] if f["rep"]["text"] == QUOTE)
    assert len(quoted["outlets"]) == 3 and not quoted["fit"]
    assert shown and all(s.text != QUOTE for s in shown)


def test_a_sentence_opening_on_however_is_shown_without_it_at_its_narrowed_place():
    _, shown = _story()
    owners = next(s for s in shown if "owners said" in s.text)
    assert owners.text == "The mill's owners said the guards had been repaired in March."
    paragraph = ARTICLES[owners.article][owners.span.paragraph]
    held = paragraph[owners.span.start : owners.span.end].strip()
    assert held == "the mill's owners said the guards had been repaired in March."


def test_a_sentence_opening_on_they_or_this_is_no_lead_or_key_point():
    _, shown = _story()
    assert shown and not any(s.text.startswith(("They ", "This ")) for s in shown)


def test_a_quotation_stands_alone_when_it_names_its_speaker_and_not_when_a_pronoun_does():
    assert speaker_points_back("\"We will rebuild every house,\" he said.")
    assert speaker_points_back("“We will rebuild every house, ” she added after the meeting.")
    assert speaker_points_back("'We will rebuild every house,' they told reporters.")
    assert not speaker_points_back("\"We will rebuild every house,\" said Mayor Ilse Varga.")
    assert not speaker_points_back("\"We will rebuild every house,\" the mayor said.")
    assert not speaker_points_back("He said the town would rebuild every house.")  # no quotation: not its case
    assert not stands_alone("\"We will rebuild every house in the lower town,\" he said.")
    assert stands_alone("\"We will rebuild every house in the lower town,\" said Mayor Ilse Varga.")


def test_the_article_briefs_rules_judge_what_stands_alone():
    assert not stands_alone("He said the council had known about the cracks for years.")  # points back
    assert not stands_alone("\"We knew about the cracks for years and did nothing.\"")  # bare quotation
    assert not stands_alone("Sign up for our newsletter to get the latest flood news.")  # page residue
    assert not stands_alone("Flood defences along the lower town and the harbour")  # no sentence's end
    assert stands_alone("The council had known about the cracks in the spillway for three years.")


def test_a_connective_is_cut_off_and_the_span_narrowed_to_the_rest():
    paragraph = "Engineers warned of cracks.  However,   the council voted to keep the spillway open."
    start = paragraph.index("However")
    source = BriefSentence("However, the council voted to keep the spillway open.", Span(0, start, len(paragraph)))
    alone = mended(source)
    assert alone.text == "The council voted to keep the spillway open."
    held = " ".join(paragraph[alone.span.start : alone.span.end].split())
    assert held.lower() == alone.text.lower()
    untouched = BriefSentence("The council voted to keep the spillway open.", Span(0, 0, 44))
    assert mended(untouched) is untouched
