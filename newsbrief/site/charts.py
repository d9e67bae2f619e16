"""Coverage over time as a bar chart, laid out here and drawn as inline SVG by a template.

One bar per day (per week once the coverage spans more than two months), its
height the articles of that day; a bar may be split by outlet. The layout is
plain numbers, so the page needs no script and no image file, and the chart
reads the same in a feed reader or a static export.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta

WIDTH, HEIGHT = 640, 96  # the SVG's coordinate box; the page scales it to its width
PLOT = 72  # height of the tallest bar; the rest holds the date labels
DAILY_SPAN = 62  # days of coverage drawn day by day; a longer span is drawn week by week
# Colours of the outlets of a story, in the order the outlet list gives them; later outlets share grey.
PALETTE = ("#1f5f99", "#c8553d", "#2a9d8f", "#e9a23b", "#6d597a", "#8ab17d", "#b56576", "#3d405b")
OTHER_COLOUR = "#9a9a9a"


@dataclass(frozen=True)
class Segment:
    """One outlet's part of a bar, in SVG coordinates."""

    x: float
    y: float
    width: float
    height: float
    colour: str
    label: str  # the tooltip: "21 Nov 2026: 3 articles (The Harbour Gazette)"


@dataclass(frozen=True)
class Chart:
    """A laid-out bar chart: its segments, axis labels and a sentence for screen readers."""

    segments: tuple[Segment, ...]
    first: str
    last: str
    peak: int
    summary: str
    width: int = WIDTH
    height: int = HEIGHT

    @property
    def label_y(self) -> int:
        """Where the date labels sit, below the bars."""
        return HEIGHT - 4

    @property
    def baseline(self) -> float:
        """Where the bars stand: a line drawn on the pixel's middle."""
        return PLOT + 0.5


def colours(outlets: Iterable[str]) -> dict[str, str]:
    """A colour for each outlet, in the order given."""
    return {name: PALETTE[i] if i < len(PALETTE) else OTHER_COLOUR for i, name in enumerate(outlets)}


def coverage_chart(
    counts: Mapping[tuple[date, str], int], colour_of: Mapping[str, str], noun: str = "article"
) -> Chart | None:
    """The chart of counts by (day, outlet): bars per day or week, split by outlet; None without dates."""
    if not counts:
        return None
    start, end = min(day for day, _ in counts), max(day for day, _ in counts)
    step = 1 if (end - start).days < DAILY_SPAN else 7
    if step == 7:
        start -= timedelta(days=start.weekday())  # weeks start on Monday
    bins = (end - start).days // step + 1
    per_bin: list[Counter] = [Counter() for _ in range(bins)]
    for (day, outlet), n in counts.items():
        per_bin[(day - start).days // step][outlet] += n
    peak = max(sum(b.values()) for b in per_bin)
    order = {name: i for i, name in enumerate(colour_of)}  # outlets stack in the order of the legend
    slot = WIDTH / bins
    bar = max(slot * 0.8, 1.0)
    segments = []
    for i, outlets in enumerate(per_bin):
        day, top = start + timedelta(days=i * step), PLOT
        when = _day(day) if step == 1 else f"week of {_day(day)}"
        for outlet in sorted(outlets, key=lambda name: order.get(name, len(order))):
            n = outlets[outlet]
            height = PLOT * n / peak
            top -= height
            label = f"{when}: {n} {noun}{'' if n == 1 else 's'}" + (f" ({outlet})" if outlet else "")
            segments.append(Segment(round(i * slot + (slot - bar) / 2, 1), round(top, 1), round(bar, 1),
                                    round(height, 1), colour_of.get(outlet, PALETTE[0]), label))
    total = sum(counts.values())
    unit = "day" if step == 1 else "week"
    summary = (f"{total} {noun}{'' if total == 1 else 's'} from {_day(start)} to {_day(end)}, "
               f"at most {peak} a {unit}")
    return Chart(tuple(segments), _day(start), _day(end), peak, summary)


def _day(day: date) -> str:
    return f"{day.day} {day:%b %Y}"
