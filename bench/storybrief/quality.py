"""The story brief's quality on grouped articles: redundancy, coverage, faithfulness and editorial defects.

The facts a brief should state are found here by a rule of the benchmark's own, fixed
whatever thresholds the story brief runs under (`reference_facts`): each candidate
sentence of the event's article briefs joins the first group whose first sentence shares
half of the smaller one's content terms, three at least. A fact "of the majority" is a
group reported by more than half of the event's outlets (events of three outlets or more).
"""

from __future__ import annotations

import itertools
from collections import defaultdict
from dataclasses import dataclass

from bench.summarize.defects import Page, defects
from newsbrief.pipeline.briefs.story_brief import Member, StoryState, add_members, brief_of
from newsbrief.pipeline.briefs.story_facts import term_overlap, terms, word_overlap
from newsbrief.pipeline.briefs.story_state import candidates
from newsbrief.pipeline.types import Brief, BriefSentence, Span

REDUNDANT = 0.6  # the bar
SAME_FACT = 0.5  # the benchmark's own rule for one fact (see the module), fixed across runs
SAME_FACT_TERMS = 3


@dataclass(frozen=True)
class Shown:
    """A sentence a brief shows: its part, text, article and span."""

    part: str
    text: str
    article: str
    span: Span | None


def story_brief_sentences(group: list[Member]) -> list[Shown]:
    """The story brief of an event's articles, in order of arrival, as sentences shown."""
    brief = brief_of(add_members(StoryState(), group))
    return [Shown(part, s.text, s.article, s.span) for part, s in brief.sentences]


def central_lead_sentences(group: list[Member]) -> list[Shown]:
    """Today's story lead: the lead of the most central article (the most content terms shared with the others)."""
    bags = [terms(" ".join(s.text for s in m.brief.lead)) | terms(" ".join(s.text for p in m.brief.body for s in p))
            for m in group]  # fmt: skip
    central = max(zip(group, bags), key=lambda mb: sum(len(mb[1] & other) for other in bags))[0]
    return [Shown("lead", s.text, central.id, s.span) for s in central.brief.lead]


def reference_facts(group: list[Member]) -> list[tuple[list[frozenset[str]], set[str]]]:
    """The event's facts by the benchmark's own rule: each a list of its sentences' term sets, and its outlets."""
    facts: list[tuple[list[frozenset[str]], set[str]]] = []
    for member in group:
        if member.brief is None:
            continue
        for _, sentence in candidates(member.brief):
            own = terms(sentence.text)
            if len(own) < SAME_FACT_TERMS:
                continue
            home = next((f for f in facts if len(own & f[0][0]) >= SAME_FACT_TERMS
                         and term_overlap(own, f[0][0]) >= SAME_FACT), None)  # fmt: skip
            if home is None:
                facts.append(([own], {member.outlet}))
            else:
                home[0].append(own)
                home[1].add(member.outlet)
    return facts


def score(row: dict, shown: list[Shown], group: list[Member], texts: dict[str, str]) -> None:
    """Add one event's measures to a row of lists: redundant, outlets, majority, traced, defect, kinds, sentences."""
    plain = [s.text.removeprefix("In summary, ") for s in shown]
    outlet_of = {m.id: m.outlet for m in group}
    outlets = set(outlet_of.values())
    row["sentences"].append(len(shown))
    row["redundant"].append(any(word_overlap(a, b) > REDUNDANT for a, b in itertools.combinations(plain, 2)))
    row["traced"].extend(traced(t, texts[s.article], s.span) for t, s in zip(plain, shown))
    facts = reference_facts(group)
    own = [terms(t) for t in plain]
    stated = [f for f in facts if any(term_overlap(o, t) >= SAME_FACT for o in own for t in f[0])]
    contributing = {outlet_of[s.article] for s in shown} | {o for f in stated for o in f[1]}
    row["outlets"].append(len(contributing) / max(len(outlets), 1))
    if len(outlets) > 2:
        row["majority"].extend(any(f is s for s in stated) for f in facts if len(f[1]) > len(outlets) / 2)
    found = defects(Page("", "", _as_brief(shown)))  # no one article's text: every sentence stands alone on the page
    row["defect"].append(bool(found))
    row["kinds"].extend(found)


def _as_brief(shown: list[Shown]) -> Brief:
    part = lambda name: tuple(BriefSentence(s.text, s.span) for s in shown if s.part == name)  # noqa: E731
    return Brief(lead=part("lead"), key_points=part("key_points"), closing=part("closing"))


def traced(text: str, article: str, span: Span | None) -> bool:
    """Whether a sentence's words stand within its article's named span (a dateline may be left off its front)."""
    paragraphs = [p for p in article.split("\n\n") if p.strip()]
    if span is None or span.paragraph >= len(paragraphs):
        return False
    source = " ".join(paragraphs[span.paragraph][span.start : span.end].split())
    text = " ".join(text.removesuffix(" …").split())
    return bool(text) and text.lower() in source.lower()


def new_row() -> dict:
    """An empty row of measures."""
    return defaultdict(list)


def rates(row: dict) -> dict[str, float]:
    """A row's measures as shares (0 to 1) and the mean sentences per brief."""
    share = lambda key: sum(row[key]) / len(row[key]) if row[key] else float("nan")  # noqa: E731
    return {"redundant": share("redundant"), "outlets": share("outlets"), "majority": share("majority"),
            "traced": share("traced"), "defect": share("defect"),
            "sentences": sum(row["sentences"]) / max(len(row["sentences"]), 1)}  # fmt: skip
