"""False pairs in the story briefs' "differ" table: two figures side by side that count different things.

Each difference lists figures that the brief holds to count one thing. Judged by hand
(differ_judged.tsv: event, article of a figure's first report, value, the thing the brief
says it counts, and what it does count), two figures of one difference make a true pair when
they count the same thing, a false pair when they do not ("923 rounds in five operations"
against "300 rounds in this one", a URL's number, an age). A figure not judged yet is
counted as unjudged, so that a rule that brings new pairs shows them instead of hiding them.
"""

from __future__ import annotations

import itertools
from pathlib import Path

from bench.storybrief.folds import FIGURE_GRID, thresholds
from newsbrief.pipeline.briefs.story_brief import Member, StoryBrief, story_brief

JUDGED = Path(__file__).with_name("differ_judged.tsv")
NOTHING = "x"  # the referent of a figure that counts nothing comparable


def judged(path: Path = JUDGED) -> dict[tuple[str, ...], str]:
    """The hand judgments: (event, first article, value, thing) → what the figure counts."""
    found = {}
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        fields = line.split("\t")
        if len(fields) != 5:
            raise ValueError(f"{path}:{n}: expected 5 tab-separated fields, got {len(fields)}")
        found[tuple(fields[:4])] = fields[4]
    return found


def new_tally() -> dict[str, int]:
    """An empty count of differences and their pairs."""
    return {"differences": 0, "pairs": 0, "true": 0, "false": 0, "unjudged": 0}


def count_pairs(tally: dict[str, int], event: str, brief: StoryBrief, referents: dict[tuple[str, ...], str]) -> None:
    """Add one event's differences to a tally: each pair of figures side by side, judged true, false or not yet."""
    for difference in brief.differ:
        tally["differences"] += 1
        for a, b in itertools.combinations(difference.reports, 2):
            tally["pairs"] += 1
            ra = referents.get((event, a.first_article, a.value, difference.thing))
            rb = referents.get((event, b.first_article, b.value, difference.thing))
            if ra is None or rb is None:
                tally["unjudged"] += 1
            elif ra == rb and ra != NOTHING:
                tally["true"] += 1
            else:
                tally["false"] += 1


def unjudged(event: str, brief: StoryBrief, referents: dict[tuple[str, ...], str]) -> list[str]:
    """The figures of an event's differences that no judgment covers, as lines to judge: event, article, value,
    thing."""
    return [f"{event}\t{r.first_article}\t{r.value}\t{d.thing}" for d in brief.differ for r in d.reports
            if (event, r.first_article, r.value, d.thing) not in referents]  # fmt: skip


def measure_pairs(events: dict[str, list[Member]], values: dict[str, float] | None = None) -> dict[str, int]:
    """The differ table's pairs over these events (label → articles), under the thresholds given (shipped ones by
    default)."""
    tally, referents = new_tally(), judged()
    with thresholds(values or {}):
        for event, group in events.items():
            count_pairs(tally, event, story_brief(group), referents)
    return tally


def tune_context(events: dict[str, list[Member]]) -> tuple[dict[str, float], dict[str, int], int]:
    """The figures' thresholds with the most true pairs less false pairs on these events (a false pair costs what a
    true one gains; the shipped values, tried first, win ties), their tally, and how many choices were tried."""
    names = list(FIGURE_GRID)
    best, best_tally, best_goal, tried = {}, {}, float("-inf"), 0
    for combo in itertools.product(*(FIGURE_GRID[name][1] for name in names)):
        values = dict(zip(names, combo))
        tally = measure_pairs(events, values)
        tried += 1
        if tally["true"] - tally["false"] > best_goal:
            best, best_tally, best_goal = values, tally, tally["true"] - tally["false"]
    return best, best_tally, tried
