"""Each story's brief from all its outlets, kept in Story.brief and written again only when its membership changes.

Story.brief holds the brief's JSON form (story_brief.record) and the story's compact
state (story_state.py). When articles join a story, only they are read (their brief's
sentences, their statements) and folded into the stored state: the cost per article
stays bounded however large the story grows. When an article leaves (a move, a
merge, a revision replacing it), the brief is rebuilt from every member.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import F

from newsbrief.pipeline import types
from newsbrief.pipeline.briefs.story_brief import Member, StoryState, add_members, brief_of, record
from newsbrief.site.models import Article, Statement, Story

PARTS = ("lead", "key_points", "closing")


def refresh_story_briefs(story_ids: Iterable[str]) -> None:
    """Bring the briefs of these stories up to date with their members; stories whose members did not change are left."""
    changed = []
    for story in Story.objects.filter(pk__in=list(story_ids), merged_into=None).only("pk", "brief"):
        order = Article.objects.current().filter(story=story).order_by(F("published").asc(nulls_last=True), "ingested")
        members = [str(pk) for pk in order.values_list("pk", flat=True)]
        stored = story.brief or {}
        state = StoryState(stored.get("state"))
        seen = set(state.data["members"])
        if seen == set(members) and "brief" in stored:
            continue
        if not seen <= set(members):
            state, seen = StoryState(), set()  # an article left: what it reported goes with it
        add_members(state, member_rows([pk for pk in members if pk not in seen]))
        story.brief = {"brief": record(str(story.pk), brief_of(state)), "state": state.data}
        changed.append(story)
    Story.objects.bulk_update(changed, ["brief"])


def member_rows(article_ids: list[str]) -> list[Member]:
    """The articles as the story brief reads them, in the order given: outlet, time, brief sentences, statements."""
    rows = {str(a.pk): a for a in Article.objects.filter(pk__in=article_ids).select_related("source", "brief")}
    said: dict[str, list[types.Statement]] = {}
    for s in Statement.objects.filter(article_id__in=article_ids).select_related("actor"):
        said.setdefault(str(s.article_id), []).append(types.Statement(
            s.actor.name, types.EntityKind(s.actor.kind), s.cue, s.aim, types.Polarity(s.polarity), s.evidence,
            types.Span(s.paragraph, s.start, s.end)))
    members = []
    for pk in article_ids:
        article = rows.get(pk)
        if article is None:
            continue
        brief = _brief(article.brief.provenance) if hasattr(article, "brief") else None
        members.append(Member(pk, article.outlet_name, article.published, brief, tuple(said.get(pk, ())),
                              copy_of=str(article.duplicate_of_id or "")))
    return members


def _brief(provenance: list[dict]) -> types.Brief:
    """An article brief's sentences with their places, from its stored provenance."""
    parts: dict[str, list[types.BriefSentence]] = {"lead": [], "key_points": [], "closing": []}
    body: dict[int, list[types.BriefSentence]] = {}
    for entry in provenance:
        span = types.Span(entry["paragraph"], entry["start"], entry["end"]) if "paragraph" in entry else None
        sentence = types.BriefSentence(entry["text"], span, entry.get("method", "extractive"))
        if entry["part"] == "body":
            body.setdefault(entry.get("group", 0), []).append(sentence)
        elif entry["part"] in parts:
            parts[entry["part"]].append(sentence)
    return types.Brief(lead=tuple(parts["lead"]), key_points=tuple(parts["key_points"]),
                       closing=tuple(parts["closing"]), body=tuple(tuple(body[k]) for k in sorted(body)))
