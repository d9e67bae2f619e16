"""The JSON API's shape of a story brief (pipeline/briefs/story_brief.record): sentences with provenance, and tables.

Its notes for editors (a model gate's rejections) are never part of it: they stay in the admin.
"""

from __future__ import annotations

from ninja import Schema


class StorySentenceOut(Schema):
    """One sentence of a story brief and where it comes from: the outlet's article, paragraph and characters
    (0-based, end exclusive), how it was written (extractive, or llm: rewritten by a model behind the gate),
    how many outlets report its fact, who first did and when, and whether outlets report its figure differently."""

    part: str  # lead, key_points or closing
    text: str
    article: str
    outlet: str
    published: str | None = None
    paragraph: int
    start: int
    end: int
    method: str = "extractive"
    reported_by: int = 1
    first_outlet: str = ""
    first_published: str | None = None
    differs: bool = False


class ReportOut(Schema):
    """A figure, quotation or fact as outlets reported it: the value or words, the outlets, the first report, and
    (in the difference table) whether it is the latest of the figures for one thing."""

    value: str
    outlets: list[str]
    first_outlet: str
    first_article: str
    first_published: str | None = None
    latest: bool = False


class AgreementOut(ReportOut):
    """A figure, quotation or fact that two outlets or more report."""

    kind: str  # figure, quote or fact
    text: str


class DifferenceOut(Schema):
    """One thing counted or dated differently by the outlets: each figure with its report, the latest marked."""

    thing: str
    reports: list[ReportOut]


class CoverageOut(Schema):
    """One outlet's coverage of the story: its first report (the story's first marked), its articles, and the
    outlets that carried its text as copies."""

    outlet: str
    first_published: str | None = None
    first_article: str
    articles: int
    first: bool
    carried_by: list[str]


class StoryBriefOut(Schema):
    """A story's brief from all its outlets: lead and key points (each sentence with its outlet), the closing,
    each sentence's provenance, and the agreement, difference and coverage tables; method says how it was written."""

    story: str
    lead: list[str]
    key_points: list[str]
    closing: str
    agree: list[AgreementOut]
    differ: list[DifferenceOut]
    coverage: list[CoverageOut]
    provenance: list[StorySentenceOut]
    method: str = "extractive"
