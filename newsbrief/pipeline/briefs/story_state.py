"""A story's compact state: what its coverage says so far, folded in one article at a time.

The state holds no article text, only bounded tallies: the facts (groups of
sentences, one per outlet or more, that state one thing, each with its best
sentence, the outlets that report it and who did first), the figures (a number
and the thing it counts, per value, with outlets, first and latest report), the
quotations carried, the actors' positions (from who-wants-what statements) and
each outlet's first coverage. Each tally is capped (MAX_*), the weakest entry
dropped, so that folding in one article costs the same whether the story has 10
articles or 1,000. The state is plain JSON (`StoryState.data`) so that the site
can store it beside the story and fold the next article into it later.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime, timezone

from newsbrief.pipeline.briefs import residue, standalone
from newsbrief.pipeline.briefs.story_facts import (
    Figure, counts_totals, dates, figures, quotes, term_overlap, terms, years,
)
from newsbrief.pipeline.briefs.story_standalone import mended, stands_alone
from newsbrief.pipeline.language.labels import without_closing_prefix
from newsbrief.pipeline.types import Brief, BriefSentence, Statement

STATE_VERSION = 3  # 2: dates among the figures, plural -ies stemmed; 3: figures by kind, year and context
MAX_FACTS = 240  # sentence groups kept; past this the least reported (oldest first) is dropped
MAX_FIGURES = 120  # figure groups (one thing counted) kept
MAX_VALUES = 6  # values per figure group
MAX_QUOTES = 120
MAX_ACTORS = 40
MAX_POSITIONS = 6  # per actor
MAX_OUTLETS_LISTED = 64  # outlets named per tally; reported_by counts no further
MAX_BODY_SENTENCES = 12  # of an article brief's body, after its lead and key points
SAME_FACT = 0.5  # two sentences state one fact past this share of the smaller one's content terms …
SAME_FACT_TERMS = 3  # … and with at least this many content terms in common
SAME_AIM = 0.5  # two statements of one actor take one position past this share of the aim's terms
# Things that a story counts only once whatever the wording: the dead, the injured …
EVENT_THINGS = frozenset("dead injured missing arrested evacuated rescued".split())
# … where the sentences stating them share this share of the smaller one's content terms: "127 killed in the
# flood, the office said" and "130 killed by Wednesday, the office said" count one toll, "230,000 killed by the
# tsunami" another (chosen on half of the ECB+ topics: bench/storybrief, docs/benchmarks.md).
SAME_CONTEXT = 0.6


@dataclass(frozen=True)
class Member:
    """One article of a story as the story brief reads it: its outlet, time, brief and statements.

    A copy (copy_of: the id of the article whose text it carries) brings no
    sentences of its own: it counts as its original outlet's coverage."""

    id: str
    outlet: str
    published: datetime | None = None
    brief: Brief | None = None
    statements: tuple[Statement, ...] = ()
    copy_of: str = ""


class StoryState:
    """The compact state of one story's coverage; `add` folds an article in, `data` is its JSON form."""

    def __init__(self, data: dict | None = None):
        data = data or {}
        if data and data.get("version") != STATE_VERSION:
            data = {}  # written by another version of this module: the caller rebuilds from the members
        self.data = {
            "version": STATE_VERSION, "arrivals": data.get("arrivals", 0), "members": data.get("members", {}),
            "outlets": data.get("outlets", {}), "facts": data.get("facts", []), "figures": data.get("figures", []),
            "quotes": data.get("quotes", {}), "actors": data.get("actors", {}), "facts_made": data.get("facts_made", 0),
        }  # fmt: skip
        # The facts' term sets, kept beside the JSON lists so that matching a sentence builds none.
        self._fact_terms = [frozenset(f["terms"]) for f in self.data["facts"]]

    def has(self, article_id: str) -> bool:
        """Whether the article is folded in already."""
        return str(article_id) in self.data["members"]

    def add(self, member: Member) -> None:
        """Fold one article in: its outlet's coverage, its sentences' facts and figures, its statements."""
        if self.has(member.id):
            return  # folding twice would count an outlet's report twice
        data = self.data
        arrival = data["arrivals"]
        data["arrivals"] += 1
        when = _iso(member.published)
        original = data["members"].get(str(member.copy_of)) if member.copy_of else None
        data["members"][str(member.id)] = original or member.outlet
        self._cover(original or member.outlet, member, when, arrival, carried=bool(original))
        if original or member.brief is None:
            return  # a copy says what its original said, under its outlet
        touched: set[int] = set()
        for part, sentence in candidates(member.brief):
            ref = _ref(member, when, arrival, part, sentence)
            own = frozenset(ref.pop("terms"))
            fact = self._fold_fact(ref, own, touched)
            self._fold_figures(ref, fact, own)
            self._fold_quotes(ref)
        for statement in member.statements:
            self._fold_statement(member, when, arrival, statement)

    def _cover(self, outlet: str, member: Member, when: str | None, arrival: int, carried: bool) -> None:
        """Count the article in its outlet's coverage; a copy is named among those that carried the outlet's text."""
        row = self.data["outlets"].setdefault(
            outlet, {"first": when, "arrival": arrival, "article": str(member.id), "articles": 0, "carried_by": []})
        row["articles"] += 1
        if _sooner((when, arrival), (row["first"], row["arrival"])):
            row["first"], row["arrival"], row["article"] = when, arrival, str(member.id)
        if carried and member.outlet != outlet and member.outlet not in row["carried_by"]:
            row["carried_by"] = [*row["carried_by"], member.outlet][:MAX_OUTLETS_LISTED]

    def _fold_fact(self, ref: dict, own: frozenset[str], touched: set[int]) -> int | None:
        """Join the sentence to the fact it states, or start one; the weakest fact goes past MAX_FACTS.
        Returns the fact's id (None for a sentence of too few content terms to state one); `touched` holds the
        ids of the facts this article reported already; `own` is the sentence's content terms."""
        if len(own) < SAME_FACT_TERMS:
            return None
        facts, best, best_overlap = self.data["facts"], -1, SAME_FACT
        for k, other in enumerate(self._fact_terms):
            shared = len(own & other)
            if shared >= SAME_FACT_TERMS and shared / min(len(own), len(other)) > best_overlap:
                best, best_overlap = k, shared / min(len(own), len(other))
        fit = stands_alone(ref["text"])
        if best < 0:
            made = self.data["facts_made"]
            self.data["facts_made"] += 1
            facts.append({"id": made, "terms": sorted(own), "rep": ref, "fit": fit, "first": _short(ref),
                          "outlets": [ref["outlet"]], "articles": 1, "lead_votes": int(ref["part"] == "lead")})  # fmt: skip
            self._fact_terms.append(own)
            touched.add(made)
            if len(facts) > MAX_FACTS:
                self._drop_weakest_fact()
            return made
        fact = facts[best]
        if fact["id"] in touched:
            return fact["id"]  # one article restating its own fact is still one report
        touched.add(fact["id"])
        fact["articles"] += 1
        fact["lead_votes"] += int(ref["part"] == "lead")
        if ref["outlet"] not in fact["outlets"] and len(fact["outlets"]) < MAX_OUTLETS_LISTED:
            fact["outlets"].append(ref["outlet"])
        if _sooner((ref["published"], ref["arrival"]), (fact["first"]["published"], fact["first"]["arrival"])):
            fact["first"] = _short(ref)
        # The group is shown by a sentence that stands alone, from a lead where one can be had.
        if fit and (not fact["fit"] or (ref["part"] == "lead" and fact["rep"]["part"] != "lead")):
            fact["rep"], fact["fit"] = ref, True
        return fact["id"]

    def _drop_weakest_fact(self) -> None:
        facts = self.data["facts"]
        weakest = min(range(len(facts)), key=lambda k: (len(facts[k]["outlets"]), facts[k]["lead_votes"],
                                                         facts[k]["articles"], facts[k]["rep"]["arrival"]))
        del facts[weakest]
        del self._fact_terms[weakest]

    def _fold_figures(self, ref: dict, fact: int | None, own: frozenset[str]) -> None:
        """Count each figure of the sentence under its thing: one value more, or one more outlet for a value.
        Only a sentence of prose reports a figure: a heading, a link line or page residue does not."""
        found = stated_figures(ref["text"])
        if not found or not standalone.is_complete(ref["text"]) or residue.is_residue(ref["text"]):
            return
        groups = self.data["figures"]
        context = figure_context(ref["text"], fact, own)
        values_of: dict[str, set[str]] = {}
        for figure in found:
            values_of.setdefault(figure.thing, set()).add(figure.value)
        for figure in found:
            if len(values_of[figure.thing]) > 1:
                continue  # "between 13 and 15 inches", "up from 127 to 130": a range or a change, no one figure
            group = figure_group(groups, figure, context)
            if group is None:
                group = {"thing": figure.thing, "kind": figure.kind, "frame": context.frame, "fact": fact,
                         "terms": sorted(context.terms), "values": {}}  # fmt: skip
                groups.append(group)
                if len(groups) > MAX_FIGURES:
                    del groups[min(range(len(groups)), key=lambda k: _reach(groups[k]))]
                    if group not in groups:
                        continue
            value = group["values"].get(figure.value)
            if value is None:
                if len(group["values"]) >= MAX_VALUES:
                    continue
                group["values"][figure.value] = {"outlets": [ref["outlet"]], "first": _short(ref), "latest": _short(ref)}
                continue
            if ref["outlet"] not in value["outlets"] and len(value["outlets"]) < MAX_OUTLETS_LISTED:
                value["outlets"].append(ref["outlet"])
            if _sooner((ref["published"], ref["arrival"]), (value["first"]["published"], value["first"]["arrival"])):
                value["first"] = _short(ref)
            if not _sooner((ref["published"], ref["arrival"]), (value["latest"]["published"], value["latest"]["arrival"])):
                value["latest"] = _short(ref)

    def _fold_quotes(self, ref: dict) -> None:
        """Count each quotation of the sentence: one more outlet carrying it."""
        table = self.data["quotes"]
        for quoted in quotes(ref["text"]):
            row = table.get(quoted)
            if row is None:
                table[quoted] = {"outlets": [ref["outlet"]], "first": _short(ref)}
                if len(table) > MAX_QUOTES:
                    del table[min(table, key=lambda q: (len(table[q]["outlets"]), table[q]["first"]["arrival"]))]
            elif ref["outlet"] not in row["outlets"] and len(row["outlets"]) < MAX_OUTLETS_LISTED:
                row["outlets"].append(ref["outlet"])

    def _fold_statement(self, member: Member, when: str | None, arrival: int, statement: Statement) -> None:
        """Count a who-wants-what statement under its actor: one position more, or one more outlet for one."""
        if statement.span.paragraph < 0 or not stands_alone(_as_shown(statement.evidence)):
            return  # said in the title, or leaning on a sentence before it: no sentence to show alone
        actors = self.data["actors"]
        actor = actors.setdefault(statement.actor, {"kind": str(statement.actor_kind), "outlets": [], "positions": []})
        if member.outlet not in actor["outlets"] and len(actor["outlets"]) < MAX_OUTLETS_LISTED:
            actor["outlets"].append(member.outlet)
        aim = terms(statement.aim)
        span = statement.span
        evidence = {"text": _as_shown(statement.evidence), "article": str(member.id), "outlet": member.outlet, "published": when,
                    "arrival": arrival, "paragraph": span.paragraph, "start": span.start, "end": span.end, "part": "statement"}
        position = next((p for p in actor["positions"] if p["polarity"] == str(statement.polarity)
                         and term_overlap(aim, frozenset(p["terms"])) > SAME_AIM), None)  # fmt: skip
        if position is None:
            actor["positions"].append({"polarity": str(statement.polarity), "aim": statement.aim, "terms": sorted(aim),
                                       "outlets": [member.outlet], "evidence": evidence})  # fmt: skip
            if len(actor["positions"]) > MAX_POSITIONS:
                positions = actor["positions"]
                del positions[min(range(len(positions)), key=lambda k: (len(positions[k]["outlets"]), -k))]
        elif member.outlet not in position["outlets"] and len(position["outlets"]) < MAX_OUTLETS_LISTED:
            position["outlets"].append(member.outlet)
        if len(actors) > MAX_ACTORS:
            del actors[min(actors, key=lambda name: (len(actors[name]["outlets"]), name == statement.actor))]


def stated_figures(text: str) -> list[Figure]:
    """The figures a sentence states: its counts and its dates."""
    return figures(text) + dates(text)


@dataclass(frozen=True)
class FigureContext:
    """Where a figure is stated: the fact its sentence states (an id of the state's facts), its frame (the years the
    sentence names, and whether it counts totals over more than one event: "2004", "total"), and its content terms."""

    fact: int | None
    frame: str
    terms: frozenset[str]


def figure_context(text: str, fact: int | None, own: frozenset[str]) -> FigureContext:
    """The context of the figures a sentence of this fact states, its content terms `own` given."""
    frame = [*sorted(years(text)), *(["total"] if counts_totals(text) else [])]
    return FigureContext(fact, " ".join(frame), own)


def figure_group(groups: list[dict], figure: Figure, context: FigureContext) -> dict | None:
    """The group of the story's figures that counts (or dates) what `figure` does: the same thing, of the same kind
    (a count, a share, a sum of one currency, a part), in a sentence of the same frame (naming the same years, or
    none; a total, or one event's count); and stated in the same fact, or, for an event's toll (the dead, the
    injured …), in a sentence sharing SAME_CONTEXT of its terms: "30 miles" and "50 miles" are one thing only where
    outlets say one thing with them."""
    for g in groups:
        if g["thing"] != figure.thing or g["kind"] != figure.kind or g["frame"] != context.frame:
            continue
        if context.fact is not None and g["fact"] == context.fact:
            return g
        if figure.thing in EVENT_THINGS and term_overlap(context.terms, frozenset(g["terms"])) >= SAME_CONTEXT:
            return g
    return None


def candidates(brief: Brief) -> list[tuple[str, BriefSentence]]:
    """The sentences of an article brief that may speak for the story, as the article wrote them: lead, key
    points, closing (without "In summary,"), the body's first few, each without a connective tying it to the
    sentence before ("However, …"). Sentences a model wrote are not among them."""
    body = [s for para in brief.body for s in para][:MAX_BODY_SENTENCES]
    found = [("lead", s) for s in brief.lead] + [("key_points", s) for s in brief.key_points]
    found += [("closing", _as_written(s)) for s in brief.closing] + [("body", s) for s in body]
    return [(part, mended(s)) for part, s in found if s.span is not None and s.method != "llm"]


def _as_written(s: BriefSentence) -> BriefSentence:
    """A closing sentence as its article wrote it: the summing-up words off, its first letter raised again."""
    text = without_closing_prefix(s.text)
    return replace(s, text=text[:1].upper() + text[1:])


def _ref(member: Member, when: str | None, arrival: int, part: str, s: BriefSentence) -> dict:
    """A sentence as the state keeps it: its text, article, outlet, time and place, and (until folded) its terms."""
    return {"text": s.text, "article": str(member.id), "outlet": member.outlet, "published": when, "arrival": arrival,
            "part": part, "paragraph": s.span.paragraph, "start": s.span.start, "end": s.span.end,
            "terms": terms(s.text)}  # fmt: skip


def _as_shown(evidence: str) -> str:
    """A statement's sentence on one line, without a quotation mark left over from the sentence before it."""
    text = " ".join(evidence.split())
    return text[1:].lstrip() if text[:1] in "\"”" and text.count(text[0]) % 2 else text


def _short(ref: dict) -> dict:
    """Who reported a thing and when: outlet, article, time, arrival (no text)."""
    return {k: ref[k] for k in ("outlet", "article", "published", "arrival")}


def _reach(group: dict) -> tuple[int, int]:
    """How widely a figure group is reported: outlets of its values together, then its newest arrival."""
    values = group["values"].values()
    return (sum(len(v["outlets"]) for v in values), max((v["latest"]["arrival"] for v in values), default=-1))


def _iso(when: datetime | None) -> str | None:
    """A time as UTC ISO 8601 (naive times are taken as UTC), so that times compare as strings."""
    if when is None:
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=timezone.utc)
    return when.astimezone(timezone.utc).isoformat()


def _sooner(a: tuple[str | None, int], b: tuple[str | None, int]) -> bool:
    """Whether report a (time, arrival) came before report b: dated before undated, then by time, then arrival."""
    return (a[0] is None, a[0] or "", a[1]) < (b[0] is None, b[0] or "", b[1])
