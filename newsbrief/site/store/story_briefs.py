"""Each story's brief from all its outlets, kept in Story.brief and written again only when its membership changes.

Story.brief holds the brief's JSON form (story_brief.record) and the story's compact
state (story_state.py). When articles join a story, only they are read (their brief's
sentences, their statements) and folded into the stored state: the cost per article
stays bounded however large the story grows. When an article leaves (a move, a
merge, a revision replacing it), the brief is rebuilt from every member.

Where a model is configured (NEWSBRIEF_LLM_URL), the lead and closing it wrote from the
same extractive lead and closing are kept ("rewrite") and shown again; when they change,
the extractive brief is shown and the model is asked again after the commit
(story_rewrites.py).
"""

from __future__ import annotations

from collections.abc import Iterable

from newsbrief import config
from newsbrief.pipeline import types
from newsbrief.pipeline.briefs.story_brief import Member, StoryState, add_members, brief_of, record
from newsbrief.pipeline.briefs.story_rewrite import reused
from newsbrief.site.models import Article, Statement, Story
from newsbrief.site.store import story_rewrites

PARTS = ("lead", "key_points", "closing")


def refresh_story_briefs(story_ids: Iterable[str]) -> None:
    """Bring the briefs of these stories up to date with their members; stories whose members did not change are left."""
    changed, to_rewrite = [], []
    endpoint = config.llm_endpoint()
    stories = list(Story.objects.filter(pk__in=list(story_ids), merged_into=None).only("pk", "brief"))
    # The members of every story, and below the rows of every new member, each in one query: a
    # backfill's batch touches hundreds of stories, and three queries for each were half its time.
    members_of: dict[str, list[str]] = {}
    for story_id, pk in _members(stories):
        members_of.setdefault(str(story_id), []).append(str(pk))
    updates = []
    for story in stories:
        members = members_of.get(str(story.pk), [])
        stored = story.brief or {}
        state = StoryState(stored.get("state"))
        seen = set(state.data["members"])
        if seen == set(members) and "brief" in stored:
            continue
        if not seen <= set(members):
            state, seen = StoryState(), set()  # an article left: what it reported goes with it
        updates.append((story, stored, state, [pk for pk in members if pk not in seen]))
    rows = {member.id: member for member in member_rows([pk for *_, new in updates for pk in new])}
    for story, stored, state, new in updates:
        add_members(state, [rows[pk] for pk in new if pk in rows])
        extractive = brief_of(state)
        rewrite = stored.get("rewrite") if endpoint is not None else None
        shown = reused(extractive, rewrite)
        if shown is None:
            shown, rewrite = extractive, None
            if endpoint is not None and extractive.lead:
                to_rewrite.append(str(story.pk))
        story.brief = {"brief": record(str(story.pk), shown), "state": state.data, "rewrite": rewrite}
        changed.append(story)
    Story.objects.bulk_update(changed, ["brief"])
    if to_rewrite:
        story_rewrites.schedule(to_rewrite, endpoint)


def _members(stories: list[Story]) -> list[tuple]:
    """(story id, article id) of the stories' current articles, oldest first.

    Read by story alone, then sorted and sifted here: as `current()` with its order, SQLite's
    planner walked the index of every article by status and date and picked out these stories'
    members (0.3 s a batch at 300,000 articles, growing with the archive).
    """
    rows = list(Article.objects.filter(story__in=stories).values_list("story_id", "pk", "status", "published", "ingested"))
    superseded = set(Article.objects.filter(revision_of__in=[row[1] for row in rows]).values_list("revision_of", flat=True))
    current = [row for row in rows if row[2] == Article.Status.OK and row[1] not in superseded]
    current.sort(key=lambda row: (row[3] is None, row[3] or row[4], row[4]))  # published, nulls last; then ingested
    return [(story_id, pk) for story_id, pk, *_ in current]


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
