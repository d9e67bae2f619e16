"""A story's stored brief as pages show it: each sentence with its outlet, its article page and its place there."""

from __future__ import annotations

from dataclasses import dataclass

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
                                                           entry.get("first_outlet", "")))
        method = brief.get("method", "extractive")
        out[pk] = {**parts, "agree": brief["agree"], "differ": brief["differ"], "coverage": brief["coverage"],
                   "method": method, "method_line": story_method_line(method)}
    return out
