"""The optional model rewrite of a story brief (issue 18, item 6), against a loopback chat-completions server.

Every generated sentence passes the article briefs' gate against the texts of the
articles the story brief's sentences come from; a rejected one falls back to the
outlet's own sentence it stands for.
"""

from __future__ import annotations

import json

import pytest

from newsbrief.pipeline.briefs.story_brief import story_brief
from newsbrief.pipeline.briefs.story_rewrite import contributing, kept, made_from, reused, rewrite_story
from tests.pipeline.story_fixtures import COURIER, GAZETTE, TITLES, WIRE, members
from tests.pipeline.test_llm import ChatServer

ARTICLES = {"gazette-1": (TITLES["gazette-1"], GAZETTE), "courier-1": (TITLES["courier-1"], COURIER),
            "wire-1": (TITLES["wire-1"], WIRE)}  # fmt: skip
LEAD = ("The Marrow Dam above Port Aldwyn gave way on Tuesday and flooded the lower town. "
        "Rescue crews used boats to search the streets for survivors.")  # fmt: skip
CLOSING = "In summary, the Aldwyn Farmers Union wants an inquiry into how the dam was kept."


@pytest.fixture
def server():
    s = ChatServer()
    yield s
    s.close()


@pytest.fixture
def extractive():
    return story_brief(members())


def test_a_faithful_rewrite_is_used_and_each_sentence_names_the_outlet_it_stands_for(server, extractive):
    server.answer(LEAD, CLOSING)
    brief = rewrite_story(extractive, ARTICLES, server.endpoint, title="Marrow Dam fails")
    assert brief.method == "extractive+llm"
    assert [s.text for s in brief.lead] == [
        "The Marrow Dam above Port Aldwyn gave way on Tuesday and flooded the lower town.",
        "Rescue crews used boats to search the streets for survivors."]
    for new, old in zip(brief.lead, extractive.lead):
        assert (new.method, new.article, new.outlet, new.span) == ("llm", old.article, old.outlet, old.span)
    assert brief.closing[0].text == CLOSING and brief.closing[0].outlet == "Aldwyn Courier"
    assert brief.key_points == extractive.key_points and brief.differ == extractive.differ
    assert not brief.notes


def test_the_model_gets_the_outlets_sentences_and_the_contributing_articles(server, extractive):
    server.answer(LEAD, CLOSING)
    rewrite_story(extractive, ARTICLES, server.endpoint, title="Marrow Dam fails")
    path, body = server.requests[0]
    assert path == "/v1/chat/completions" and body["model"] == "test-model"
    prompt = body["messages"][1]["content"]
    assert "(Harbour Gazette)" in prompt and "Article from Aldwyn Courier" in prompt
    assert "Schools across the district" not in prompt  # the Northern Wire's article gives the brief no sentence


@pytest.mark.parametrize("bad, reason", [
    ("The dam collapse killed 131 people in the lower town.", "number 131"),
    ('Mayor Ilse Varga promised "a new town by the winter" to the shelters.', "quotation"),
    ("Governor Brandt flew to Port Aldwyn on Tuesday.", "name 'Governor'"),
])  # fmt: skip
def test_a_sentence_the_articles_do_not_back_falls_back_to_the_outlet_s_own(server, extractive, bad, reason):
    server.answer(f"{bad} Rescue crews used boats to search the streets for survivors.", CLOSING)
    brief = rewrite_story(extractive, ARTICLES, server.endpoint)
    assert brief.lead[0] == extractive.lead[0]  # the Harbour Gazette's own sentence, as it was
    assert brief.lead[1].method == "llm"
    assert any("lead sentence 1 rejected" in n and reason in n for n in brief.notes)


def test_only_the_contributing_articles_back_a_sentence(server, extractive):
    assert contributing(extractive) == ["gazette-1", "courier-1"]
    server.answer("Schools across the district stayed closed while the water receded.", CLOSING)
    brief = rewrite_story(extractive, ARTICLES, server.endpoint)
    assert brief.lead[0] == extractive.lead[0]
    assert any("name 'Schools'" in n for n in brief.notes)


def test_a_figure_from_another_contributing_outlet_passes_the_gate(server, extractive):
    server.answer(LEAD, "In summary, the toll rose to 130 and the Aldwyn Farmers Union wants a public inquiry.")
    assert rewrite_story(extractive, ARTICLES, server.endpoint).closing[0].method == "llm"


def test_an_unfaithful_closing_keeps_the_outlet_s_closing(server, extractive):
    server.answer(LEAD, "In summary, the Aldwyn Farmers Union wants 12 engineers sacked.")
    brief = rewrite_story(extractive, ARTICLES, server.endpoint)
    assert brief.closing == extractive.closing
    assert any("closing rejected: number 12" in n for n in brief.notes)


def test_a_model_that_fails_leaves_the_extractive_brief_with_a_note(server, extractive):
    server.status = 500
    brief = rewrite_story(extractive, ARTICLES, server.endpoint)
    assert (brief.lead, brief.closing, brief.method) == (extractive.lead, extractive.closing, "extractive")
    assert brief.notes and "not used" in brief.notes[0]


def test_a_missing_contributing_article_is_the_caller_s_error(server, extractive):
    with pytest.raises(KeyError, match="courier-1"):
        rewrite_story(extractive, {"gazette-1": ARTICLES["gazette-1"]}, server.endpoint)
    assert not server.requests


def test_a_kept_rewrite_is_reused_while_the_lead_and_closing_stay_and_dropped_when_they_change(server, extractive):
    server.answer(LEAD, CLOSING)
    rewritten = rewrite_story(extractive, ARTICLES, server.endpoint)
    rewrite = json.loads(json.dumps(kept(extractive, rewritten)))  # stored as JSON and read back
    assert rewrite["of"] == made_from(extractive)
    assert reused(extractive, rewrite) == rewritten
    shorter = story_brief(members()[:1])  # another lead and no closing
    assert reused(shorter, rewrite) is None
    assert reused(extractive, None) is None
