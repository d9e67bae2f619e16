"""A story brief rewritten by the configured model (issue 18, item 6): gated, shown with its method, notes for editors.

Real SQLite or PostgreSQL, and a real HTTP server on loopback that plays the model.
"""

from __future__ import annotations

import json

import pytest

from newsbrief.site.models import Story
from newsbrief.site.store.story_briefs import refresh_story_briefs
from newsbrief.site.web.brief_method import STORY_METHODS
from tests.pipeline.test_llm import ChatServer
from tests.site.conftest import reader_get, sample_corpus  # noqa: F401 (a fixture)

pytestmark = pytest.mark.django_db


@pytest.fixture
def model(monkeypatch):
    server = ChatServer()
    monkeypatch.setenv("NEWSBRIEF_LLM_URL", server.url)
    monkeypatch.setenv("NEWSBRIEF_LLM_MODEL", "test-model")
    monkeypatch.setenv("NEWSBRIEF_LLM_TIMEOUT", "2")
    yield server
    server.close()


@pytest.fixture
def story(sample_corpus) -> Story:  # noqa: F811
    found = Story.objects.filter(merged_into=None, outlets__gte=2).exclude(brief={}).order_by("-outlets", "pk").first()
    assert found is not None and found.brief["brief"]["lead"]
    return found


def _parts(story: Story) -> dict[str, list[dict]]:
    provenance = story.brief["brief"]["provenance"]
    return {part: [p for p in provenance if p["part"] == part] for part in ("lead", "closing")}


def _write_again(story: Story, capture) -> Story:
    """The story's brief written again from its stored state (as a membership change does), the commit's work run."""
    Story.objects.filter(pk=story.pk).update(brief={"state": story.brief["state"], "rewrite": story.brief.get("rewrite")})
    with capture(execute=True):
        refresh_story_briefs([str(story.pk)])
    return Story.objects.get(pk=story.pk)


def _reworded(lead: list[dict]) -> str:
    """The extractive lead, its first sentence reworded with words of the article only (a faithful rewrite)."""
    first = lead[0]["text"].rstrip(".") + ", it was reported."
    return " ".join([first, *(p["text"] for p in lead[1:])])


def test_the_model_s_faithful_lead_is_stored_after_the_commit_and_shown_with_its_method(
        model, story, django_capture_on_commit_callbacks):
    extractive = _parts(story)
    model.answer(_reworded(extractive["lead"]), closing="")
    stored = _write_again(story, django_capture_on_commit_callbacks)
    brief = stored.brief["brief"]
    assert brief["method"] == "extractive+llm"
    lead = _parts(stored)["lead"]
    assert lead[0]["text"].endswith(", it was reported.") and lead[0]["method"] == "llm"
    # The rewritten sentence names the outlet and place of the outlet's sentence it stands for.
    assert {k: lead[0][k] for k in ("article", "outlet", "paragraph")} == {
        k: extractive["lead"][0][k] for k in ("article", "outlet", "paragraph")}
    page = reader_get(story.get_absolute_url()).content.decode()
    assert STORY_METHODS["extractive+llm"].replace("'", "&#x27;") in page
    assert json.loads(reader_get(f"/api/stories/{story.pk}").content)["brief"]["method"] == "extractive+llm"
    prompt = model.requests[0][1]["messages"][1]["content"]
    assert f"({extractive['lead'][0]['outlet']})" in prompt


def test_a_sentence_the_articles_do_not_back_keeps_the_outlet_s_own_and_only_editors_see_why(
        model, story, django_capture_on_commit_callbacks, admin_client):
    extractive = _parts(story)
    model.answer("A total of 98765 homes lost power. " + _reworded(extractive["lead"][1:] or extractive["lead"]))
    stored = _write_again(story, django_capture_on_commit_callbacks)
    lead = _parts(stored)["lead"]
    assert lead[0]["text"] == extractive["lead"][0]["text"] and lead[0]["method"] == extractive["lead"][0]["method"]
    assert any("number 98765 is not in the article" in n for n in stored.brief["rewrite"]["notes"])
    for url in (story.get_absolute_url(), f"/api/stories/{story.pk}", f"/s/{story.pk}/feed.rss",
                f"/s/{story.pk}/feed.atom", f"/s/{story.pk}/feed.json", story.thread.get_absolute_url()):
        text = reader_get(url).content.decode()
        assert "is not in the article" not in text and "98765" not in text, url
    admin = admin_client.get(f"/admin/newsbrief/story/{story.pk}/change/").content.decode()
    assert "notes for editors" in admin.lower() and "number 98765 is not in the article" in admin


def test_the_model_is_asked_again_only_when_the_lead_or_closing_changes(
        model, story, django_capture_on_commit_callbacks):
    model.answer(_reworded(_parts(story)["lead"]), closing="")
    once = _write_again(story, django_capture_on_commit_callbacks)
    again = _write_again(once, django_capture_on_commit_callbacks)  # same members, same lead: the rewrite is kept
    assert len(model.requests) == 1
    assert again.brief["brief"] == once.brief["brief"]


def test_a_model_that_is_down_leaves_the_outlets_sentences(model, story, django_capture_on_commit_callbacks):
    model.status = 503
    stored = _write_again(story, django_capture_on_commit_callbacks)
    assert stored.brief["brief"]["method"] == "extractive"
    assert stored.brief["brief"]["lead"] == story.brief["brief"]["lead"]
    assert "not used" in stored.brief["rewrite"]["notes"][0]


def test_without_a_model_nothing_is_asked_and_the_brief_stays_extractive(story, django_capture_on_commit_callbacks):
    stored = _write_again(story, django_capture_on_commit_callbacks)
    assert stored.brief["brief"]["method"] == "extractive" and stored.brief["rewrite"] is None
