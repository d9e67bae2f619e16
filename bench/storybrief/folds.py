"""Choosing the story brief's thresholds on one half of the ECB+ events (by topic) and confirming on the other.

The thresholds tuned are the story state's rule for one fact (SAME_FACT: the share of
content terms two outlets' sentences share; SAME_FACT_TERMS: how many at least) and the
brief's rule for two sentences saying one thing (story_brief.SAME_TERMS). A choice must
keep every event free of redundant pairs and have no more events with an editorial defect
than 5 % or than the shipped values have, whichever is more (on 18 events, 5 % allows
none, and a defect these thresholds do not touch would rule out every choice); among
those, the one with the best mean of "outlets contributing" and "majority facts stated"
wins (the shipped values win ties). The measures' own rule for a fact is
fixed (quality.reference_facts), so a threshold cannot move the yardstick it is judged by.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from contextlib import contextmanager

from bench.storybrief.quality import new_row, rates, score, story_brief_sentences
from newsbrief.pipeline.briefs import story_brief, story_state
from newsbrief.pipeline.briefs.story_brief import Member

# Each threshold: its module, and the values tried (the shipped value first, so that it wins ties).
GRID = {
    "SAME_FACT": (story_state, (0.5, 0.4, 0.6)),
    "SAME_FACT_TERMS": (story_state, (3, 2, 4)),
    "SAME_TERMS": (story_brief, (0.5, 0.4, 0.6)),
}
# The figures' rule for one toll stated in two facts (tuned apart: it moves only the "differ" table, judged by
# differ.py's hand judgments).
FIGURE_GRID = {"SAME_CONTEXT": (story_state, (0.6, 0.2, 0.4, 0.8, 1.0))}
MAX_DEFECTS = 0.05


def halves(topics: list[str]) -> tuple[set[str], set[str]]:
    """The topics in two halves: alternate topics in sorted order (ECB+ topics are unrelated events)."""
    ordered = sorted(set(topics), key=lambda t: (len(t), t))
    return set(ordered[0::2]), set(ordered[1::2])


@contextmanager
def thresholds(values: dict[str, float]) -> Iterator[None]:
    """Run the story brief under these thresholds, and put the shipped ones back after."""
    module = {name: owner for name, (owner, _) in {**GRID, **FIGURE_GRID}.items()}
    shipped = {name: getattr(module[name], name) for name in values}
    try:
        for name, value in values.items():
            setattr(module[name], name, value)
        yield
    finally:
        for name, value in shipped.items():
            setattr(module[name], name, value)


def measure(events: list[list[Member]], texts: dict[str, str], values: dict[str, float] | None = None) -> dict:
    """The story brief's rates over these events under the thresholds given (the shipped ones by default)."""
    row = new_row()
    with thresholds(values or {}):
        for group in events:
            score(row, story_brief_sentences(group), group, texts)
    return rates(row)


def tune(events: list[list[Member]], texts: dict[str, str]) -> tuple[dict[str, float], dict, int]:
    """The thresholds that do best on these events (see the module), their rates, and how many choices were tried."""
    names = list(GRID)
    best, best_rates, best_goal, tried = {}, {}, float("-inf"), 0
    allowed = max(MAX_DEFECTS, measure(events, texts)["defect"])
    for combo in itertools.product(*(GRID[name][1] for name in names)):
        values = dict(zip(names, combo))
        found = measure(events, texts, values)
        tried += 1
        if found["redundant"] > 0 or found["defect"] > allowed + 1e-9:
            continue
        goal = (found["outlets"] + found["majority"]) / 2
        if goal > best_goal + 1e-9:
            best, best_rates, best_goal = values, found, goal
    return best, best_rates, tried
