"""The brief of a story from all its outlets: lead, key points, the actors' positions, agreement and difference.

Every sentence is one outlet's own sentence, named with its outlet and its place
(article, paragraph, characters), so that all of it traces to the coverage:

- the lead: at most 3 sentences and LEAD_MAX_WORDS words, the facts that most
  articles open on and most outlets report, no two saying the same thing (no
  pair over REDUNDANT word overlap, nor over half their content terms);
- key points: the facts reported by the most outlets, each with how many and who
  reported it first;
- the closing, "In summary,": the positions of the actors named by most outlets,
  each in the sentence of the statement (who wants what) that says it;
- agreement: figures, quotations and facts reported by two outlets or more; a fact
  whose sentence states a figure that other outlets report differently counts only
  the outlets that report no other figure (127 dead is no fact shared with an outlet
  that reports 130), and its sentence is marked as differing;
- difference: one thing counted or dated with different figures (a death toll of
  127 and of 130, a collapse on Tuesday and on Wednesday), each figure with its
  outlets and first report, the latest marked;
- coverage: each outlet with its first report (the story's first marked); a copy
  counts as its original outlet's coverage and is named among those that carried it.

The brief is written from a `StoryState` (story_state.py), which folds one article
in at a time at a bounded cost: `add_members` then `brief_of` is the incremental
path; `story_brief(members)` does both for a whole story at once.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from newsbrief.pipeline.briefs import closing as closing_phrase
from newsbrief.pipeline.briefs.sentences import Sentence
from newsbrief.pipeline.briefs.story_facts import label, term_overlap, word_overlap
from newsbrief.pipeline.briefs.story_state import Member, StoryState, figure_context, figure_group, stated_figures
from newsbrief.pipeline.briefs.summarize import CLOSING_MAX_WORDS, CLOSING_PREFIX, COMMON_OPENERS, LEAD_MAX_WORDS, word_count
from newsbrief.pipeline.language.labels import without_closing_prefix
from newsbrief.pipeline.types import Span

LEAD_MAX_SENTENCES = 3
KEY_POINTS = 5
KEY_POINT_MAX_WORDS = 40
CLOSING_ACTORS = 2
REDUNDANT = 0.6  # the bar: no two sentences of a story brief over 60 % word overlap
SAME_TERMS = 0.5
AGREE_FACTS = 8  # facts listed as agreed on, most reported first (figures and quotations all listed)


@dataclass(frozen=True)
class StorySentence:
    """One sentence of a story brief: an outlet's own words, where they stand, and who reported the fact."""

    text: str
    article: str
    outlet: str
    span: Span
    published: str | None = None  # UTC ISO 8601
    method: str = "extractive"
    reported_by: int = 1  # outlets reporting the fact it states (up to story_state.MAX_OUTLETS_LISTED)
    first_outlet: str = ""  # who reported it first
    first_published: str | None = None
    differs: bool = False  # it states a figure that other outlets of the story report differently

    @property
    def attributed(self) -> str:
        """The sentence with its outlet after it, as a reader meets it: "… on Tuesday. (Harbour Gazette)"."""
        return f"{self.text} ({self.outlet})"


@dataclass(frozen=True)
class Report:
    """One figure, quotation or fact as outlets reported it: the value or words, who, first and latest report."""

    value: str
    outlets: tuple[str, ...]
    first_outlet: str
    first_article: str
    first_published: str | None
    latest: bool = False  # the most recent figure of those reported for one thing


@dataclass(frozen=True)
class Agreement:
    """A figure ("130 dead"), quotation or fact (its sentence) that two outlets or more report."""

    kind: str  # figure, quote, fact
    text: str
    report: Report


@dataclass(frozen=True)
class Difference:
    """One thing counted with different figures: each figure with its outlets; the latest marked."""

    thing: str
    reports: tuple[Report, ...]  # in order of first report


@dataclass(frozen=True)
class Coverage:
    """One outlet's coverage of the story: its first report, how many articles, and who carried its text."""

    outlet: str
    first_published: str | None
    first_article: str
    articles: int
    first: bool  # the story's first report
    carried_by: tuple[str, ...] = ()


@dataclass(frozen=True)
class StoryBrief:
    """A story's brief from all its outlets, with agreement, difference and coverage tables."""

    lead: tuple[StorySentence, ...]
    key_points: tuple[StorySentence, ...]
    closing: tuple[StorySentence, ...]
    agree: tuple[Agreement, ...] = ()
    differ: tuple[Difference, ...] = ()
    coverage: tuple[Coverage, ...] = ()
    method: str = "extractive"
    notes: tuple[str, ...] = ()

    @property
    def sentences(self) -> list[tuple[str, StorySentence]]:
        """Every sentence with its part: lead, key_points, closing."""
        return [(part, s) for part in ("lead", "key_points", "closing") for s in getattr(self, part)]


def add_members(state: StoryState, members: Iterable[Member]) -> StoryState:
    """Fold articles into a story's state, in order of arrival (those already in it are skipped); returns the state."""
    for member in members:
        state.add(member)
    return state


def story_brief(members: Iterable[Member]) -> StoryBrief:
    """The brief of a whole story from its articles, in order of arrival."""
    return brief_of(add_members(StoryState(), members))


def brief_of(state: StoryState) -> StoryBrief:
    """The story brief a state holds: lead, key points, closing, agreement, difference, coverage."""
    data = state.data
    # The closing is chosen first: a position it states is not taken again as a fact of the lead.
    end = _closing(data["actors"])
    stated = [without_closing_prefix(s.text) for s in end]
    facts = [f for f in data["facts"] if f["fit"] and not any(word_overlap(f["rep"]["text"], t) > REDUNDANT for t in stated)]
    lead = _lead(facts, data["figures"])
    key_points = _key_points(facts, lead, data["figures"], many_outlets=len(data["outlets"]) > 1)
    return StoryBrief(
        lead=tuple(lead),
        key_points=tuple(key_points),
        closing=tuple(end),
        agree=tuple(_agreements(data)),
        differ=tuple(_differences(data["figures"])),
        coverage=tuple(_coverage(data["outlets"])),
    )


def _lead(facts: list[dict], figures: list[dict]) -> list[StorySentence]:
    """The facts most articles open on and most outlets report, best first, in LEAD_MAX_WORDS words."""
    ranked = sorted(facts, key=lambda f: (-(f["lead_votes"] + len(f["outlets"])), -len(f["outlets"]),
                                          f["first"]["arrival"]))  # fmt: skip
    chosen: list[dict] = []
    words = 0
    for fact in ranked:
        n = word_count(fact["rep"]["text"])
        if words + n > LEAD_MAX_WORDS or _says_again(fact, chosen):
            continue
        chosen.append(fact)
        words += n
        if len(chosen) == LEAD_MAX_SENTENCES:
            break
    return [_sentence(f, figures) for f in chosen]


def _key_points(facts: list[dict], lead: list[StorySentence], figures: list[dict],
                many_outlets: bool) -> list[StorySentence]:
    """The facts the most outlets report, beyond the lead; with one outlet only, the facts it leads with."""
    taken = {s.text for s in lead}
    pool = [f for f in facts if f["rep"]["text"] not in taken and word_count(f["rep"]["text"]) <= KEY_POINT_MAX_WORDS]
    if many_outlets:
        pool = [f for f in pool if len(f["outlets"]) > 1] or pool
    ranked = sorted(pool, key=lambda f: (-len(f["outlets"]), -f["articles"], -f["lead_votes"], f["first"]["arrival"]))
    chosen: list[dict] = []
    for fact in ranked:
        if not _says_again(fact, chosen) and not any(word_overlap(fact["rep"]["text"], t) > REDUNDANT for t in taken):
            chosen.append(fact)
            if len(chosen) == KEY_POINTS:
                break
    return [_sentence(f, figures) for f in chosen]


def _says_again(fact: dict, chosen: list[dict]) -> bool:
    """Whether a fact's sentence says what a chosen one says: over REDUNDANT words or SAME_TERMS terms in common."""
    text, own = fact["rep"]["text"], frozenset(fact["terms"])
    return any(word_overlap(text, c["rep"]["text"]) > REDUNDANT or term_overlap(own, frozenset(c["terms"])) > SAME_TERMS
               for c in chosen)  # fmt: skip


def _sentence(fact: dict, figures: list[dict]) -> StorySentence:
    rep, first = fact["rep"], fact["first"]
    outlets, differs = _agreeing(fact, figures)
    return StorySentence(
        text=rep["text"], article=rep["article"], outlet=rep["outlet"], published=rep["published"],
        span=Span(rep["paragraph"], rep["start"], rep["end"]), reported_by=max(len(outlets), 1),
        first_outlet=first["outlet"], first_published=first["published"], differs=differs,
    )  # fmt: skip


def _agreeing(fact: dict, figures: list[dict]) -> tuple[list[str], bool]:
    """The outlets of a fact that report no other figure for what its sentence counts or dates, and whether any
    outlet of the story does (its figure is in the difference table)."""
    others: set[str] = set()
    differs = False
    found = stated_figures(fact["rep"]["text"])
    context = figure_context(fact["rep"]["text"], fact["id"], frozenset(fact["terms"])) if found else None
    for figure in found:
        group = figure_group(figures, figure, context)
        if group is not None and _disputed(group["values"]):
            differs = True
            others.update(o for value, row in group["values"].items() if value != figure.value for o in row["outlets"])
    return [o for o in fact["outlets"] if o not in others], differs


def _closing(actors: dict) -> list[StorySentence]:
    """"In summary," the positions of the actors most outlets name, each in its statement's own sentence."""
    ranked = sorted(actors.items(), key=lambda item: (-len(item[1]["outlets"]), -len(item[1]["positions"]), item[0]))
    out: list[StorySentence] = []
    room = CLOSING_MAX_WORDS - word_count(CLOSING_PREFIX)
    for _, actor in ranked:
        positions = sorted(actor["positions"], key=lambda p: (-len(p["outlets"]), p["evidence"]["arrival"]))
        for position in positions:
            evidence = position["evidence"]
            n = word_count(evidence["text"])
            if n > room or any(word_overlap(evidence["text"], s.text) > REDUNDANT for s in out):
                continue
            room -= n
            out.append(_closing_sentence(evidence, position, first=not out))
            break
        if len(out) == CLOSING_ACTORS:
            break
    return out


def _closing_sentence(evidence: dict, position: dict, first: bool) -> StorySentence:
    """A statement's sentence in the closing; the first opens with "In summary,"."""
    span = Span(evidence["paragraph"], evidence["start"], evidence["end"])
    text = evidence["text"]
    if first:
        opener = text.split()[0].strip("\"“‘'`(").lower() if text.split() else ""
        source = Sentence(text, span.paragraph, span.start, span.end)
        text = closing_phrase.closing_sentence(source, CLOSING_PREFIX, keep_capital=opener not in COMMON_OPENERS).text
    return StorySentence(
        text=text, article=evidence["article"], outlet=evidence["outlet"], published=evidence["published"], span=span,
        reported_by=len(position["outlets"]), first_outlet=evidence["outlet"], first_published=evidence["published"],
    )  # fmt: skip


def _agreements(data: dict) -> list[Agreement]:
    """Figures, quotations and facts that two outlets or more report, the most reported first."""
    found = []
    for group in data["figures"]:
        for value, row in group["values"].items():
            if len(row["outlets"]) > 1:
                found.append(Agreement("figure", label(value, group["thing"]), _report(value, row)))
    for quoted, row in data["quotes"].items():
        if len(row["outlets"]) > 1:
            found.append(Agreement("quote", quoted, _report(quoted, row)))
    shared = [(f, _agreeing(f, data["figures"])[0]) for f in data["facts"] if len(f["outlets"]) > 1]
    shared = sorted(((f, outlets) for f, outlets in shared if len(outlets) > 1),
                    key=lambda item: (-len(item[1]), item[0]["first"]["arrival"]))  # fmt: skip
    for fact, outlets in shared[:AGREE_FACTS]:
        found.append(Agreement("fact", fact["rep"]["text"], _report(fact["rep"]["text"], {**fact, "outlets": outlets})))
    kinds = {"figure": 0, "quote": 1, "fact": 2}
    return sorted(found, key=lambda a: (kinds[a.kind], -len(a.report.outlets), a.text))


def _differences(groups: list[dict]) -> list[Difference]:
    """Each thing counted with two figures or more, the figures in order of first report, the latest marked."""
    found = []
    for group in groups:
        rows = group["values"]
        if not _disputed(rows):
            continue
        latest = max(rows, key=lambda v: (rows[v]["latest"]["published"] is not None, rows[v]["latest"]["published"] or "",
                                          rows[v]["latest"]["arrival"]))  # fmt: skip
        order = sorted(rows, key=lambda v: (rows[v]["first"]["published"] is None, rows[v]["first"]["published"] or "",
                                            rows[v]["first"]["arrival"]))  # fmt: skip
        found.append(Difference(group["thing"], tuple(_report(v, rows[v], latest=v == latest) for v in order)))
    return sorted(found, key=lambda d: (-sum(len(r.outlets) for r in d.reports), d.thing))


def _disputed(rows: dict) -> bool:
    """Whether outlets report different figures: two values, each with an outlet that does not report the other."""
    outlets = [set(row["outlets"]) for row in rows.values()]
    return any(a - b and b - a for k, a in enumerate(outlets) for b in outlets[k + 1 :])


def _report(value: str, row: dict, latest: bool = False) -> Report:
    first = row["first"]
    return Report(value, tuple(row["outlets"]), first["outlet"], first["article"], first["published"], latest)


def _coverage(outlets: dict) -> list[Coverage]:
    """Each outlet with its first report, in order of first report; the first marked."""
    order = sorted(outlets.items(), key=lambda item: (item[1]["first"] is None, item[1]["first"] or "", item[1]["arrival"]))
    return [Coverage(name, row["first"], row["article"], row["articles"], k == 0, tuple(row["carried_by"]))
            for k, (name, row) in enumerate(order)]  # fmt: skip


def record(story: str, brief: StoryBrief) -> dict:
    """The JSON form of a story brief: `{story, lead, key_points, closing, agree, differ, coverage, provenance, method}`.

    lead and key_points list each sentence with its outlet after it; provenance lists
    every sentence as taken (part, text, article, outlet, paragraph, start, end, method)."""
    return {
        "story": story,
        "lead": [s.attributed for s in brief.lead],
        "key_points": [s.attributed for s in brief.key_points],
        "closing": " ".join(s.attributed for s in brief.closing),
        "agree": [{"kind": a.kind, "text": a.text, **_report_record(a.report)} for a in brief.agree],
        "differ": [{"thing": d.thing, "reports": [_report_record(r) for r in d.reports]} for d in brief.differ],
        "coverage": [
            {"outlet": c.outlet, "first_published": c.first_published, "first_article": c.first_article,
             "articles": c.articles, "first": c.first, "carried_by": list(c.carried_by)}
            for c in brief.coverage
        ],  # fmt: skip
        "provenance": [
            {"part": part, "text": s.text, "article": s.article, "outlet": s.outlet, "published": s.published,
             "paragraph": s.span.paragraph, "start": s.span.start, "end": s.span.end, "method": s.method,
             "reported_by": s.reported_by, "first_outlet": s.first_outlet, "first_published": s.first_published,
             "differs": s.differs}
            for part, s in brief.sentences
        ],  # fmt: skip
        "method": brief.method,
    }  # the notes (a model gate's rejections) are for editors: story_rewrite.kept holds them apart


def _report_record(report: Report) -> dict:
    return {"value": report.value, "outlets": list(report.outlets), "first_outlet": report.first_outlet,
            "first_article": report.first_article, "first_published": report.first_published, "latest": report.latest}
