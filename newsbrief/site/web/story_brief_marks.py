"""A story's stored brief as pages show it: each sentence with its outlet, its article page and its place there."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from newsbrief.site.models import Article, Story
from newsbrief.site.web.brief_method import story_method_line
from newsbrief.site.web.provenance import MarkedSentence, marked_sentence


@dataclass(frozen=True)
class StoryBriefSentence:
    """A sentence of a story brief: its words and place (mark), outlet, article, and how many outlets report it."""

    mark: MarkedSentence
    outlet: str
    article: Article | None
    reported_by: int
    first_outlet: str
    differs: bool = False  # it states a figure other outlets report differently (the "reported differently" table)
    first_published: str | None = None  # when the fact was first reported (UTC ISO 8601)


@dataclass(frozen=True)
class FirstReport:
    """Who first reported one key fact of a story (a sentence of its lead or key points), and when; numbered as
    the chart marks it."""

    number: int
    text: str
    outlet: str
    published: datetime | None


def first_reports(brief: dict | None) -> list[FirstReport]:
    """Who first reported each key fact of a story's brief (as `story_brief_of` gives it), in the brief's order."""
    if not brief:
        return []
    facts = [*brief["lead"], *brief["key_points"]]
    return [FirstReport(k, s.mark.text, s.first_outlet or s.outlet, _time(s.first_published))
            for k, s in enumerate(facts, start=1)]  # fmt: skip


def _time(iso: str | None) -> datetime | None:
    return datetime.fromisoformat(iso) if iso else None


def story_brief_of(stories: list[Story]) -> dict:
    """Each story's brief (by story id) as pages show it: lead, key points, closing, agree, differ, coverage."""
    stored = {story.pk: (story.brief or {}).get("brief") for story in stories}
    ids = {p["article"] for brief in stored.values() if brief for p in brief["provenance"]}
    articles = {str(a.pk): a for a in Article.objects.filter(pk__in=ids).select_related("source")}
    out = {}
    for pk, brief in stored.items():
        if not brief or not brief["provenance"]:
            continue
        parts: dict[str, list] = {"lead": [], "key_points": [], "closing": []}
        for entry in brief["provenance"]:
            article = articles.get(entry["article"])
            mark = marked_sentence(entry, article) if article else MarkedSentence(entry["text"])
            parts[entry["part"]].append(StoryBriefSentence(mark, entry["outlet"], article, entry.get("reported_by", 1),
                                                           entry.get("first_outlet", ""), entry.get("differs", False),
                                                           entry.get("first_published")))
        method = brief.get("method", "extractive")
        out[pk] = {**parts, "agree": brief["agree"], "differ": brief["differ"], "coverage": brief["coverage"],
                   "method": method, "method_line": story_method_line(method)}
    return out
