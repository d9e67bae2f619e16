"""Coverage over time as a bar chart, laid out here and drawn as inline SVG by a template.

One bar per day (per week once the coverage spans more than two months, per month
or year once weeks would be too many to see), its height the articles of that day;
a bar may be split by outlet. The layout is
plain numbers, so the page needs no script and no image file, and the chart
reads the same in a feed reader or a static export. Under the bars, numbered marks
may show who first reported each of a story's key facts, on the day they did.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from django.utils.html import escape
from django.utils.safestring import mark_safe

WIDTH = 640  # the SVG's coordinate width; the page scales the chart to its own
PLOT = 72  # height of the tallest bar
LABELS = 24  # height below the bars for the date labels
DAILY_SPAN = 62  # days of coverage drawn day by day; a longer span is drawn week by week
# At most this many weeks or months: a longer span is drawn a month (a year) a bar. Bars stay wider than
# a few pixels, and a page's cost is bounded by the chart's width, not by how many years an archive holds.
MOST_BARS = 120
# Colours of the outlets of a story, in the order the outlet list gives them; later outlets share grey.
PALETTE = ("#1f5f99", "#c8553d", "#2a9d8f", "#e9a23b", "#6d597a", "#8ab17d", "#b56576", "#3d405b")
OTHER_COLOUR = "#9a9a9a"
MARK_ROW = 16  # height of the row of key-fact marks under the bars
MARK_RADIUS = 6


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
class Mark:
    """A key fact's first report: a numbered dot under the bar of its day, in its outlet's colour."""

    x: float
    y: float
    number: int
    colour: str
    label: str  # the tooltip: "1: first reported by The Harbour Gazette, 21 Nov 2026"
    radius: int = MARK_RADIUS

    @property
    def text_y(self) -> float:
        """Where the number's baseline sits, so that it stands in the dot's middle."""
        return self.y + 3.5


@dataclass(frozen=True)
class Chart:
    """A laid-out bar chart: its segments, axis labels and a sentence for screen readers."""

    segments: tuple[Segment, ...]
    first: str
    last: str
    peak: int
    summary: str
    width: int = WIDTH
    plot: int = PLOT
    labels: bool = True  # dates below the bars; a sparkline has none
    marks: tuple[Mark, ...] = ()

    @property
    def height(self) -> int:
        """The height of the SVG's coordinate box."""
        return self.plot + (MARK_ROW if self.marks else 0) + (LABELS if self.labels else 1)

    @property
    def bars(self) -> str:
        """The segments as SVG rectangles with their tooltips, drawn here: as a template loop, the
        five hundred weekly bars of a busy entity's nine years cost a page most of its time."""
        return mark_safe("\n".join(
            f'<rect x="{s.x}" y="{s.y}" width="{s.width}" height="{s.height}" fill="{escape(s.colour)}">'
            f"<title>{escape(s.label)}</title></rect>"
            for s in self.segments
        ))

    @property
    def label_y(self) -> int:
        """Where the date labels sit, below the bars."""
        return self.height - 4

    @property
    def baseline(self) -> float:
        """Where the bars stand: a line drawn on the pixel's middle."""
        return self.plot + 0.5


def colours(outlets: Iterable[str]) -> dict[str, str]:
    """A colour for each outlet, in the order given."""
    return {name: PALETTE[i] if i < len(PALETTE) else OTHER_COLOUR for i, name in enumerate(outlets)}


def coverage_chart(
    counts: Mapping[tuple[date, str], int],
    colour_of: Mapping[str, str],
    width: int = WIDTH,
    plot: int = PLOT,
    labels: bool = True,
    last_days: int = 0,
    firsts: Sequence[tuple[int, date, str]] = (),
) -> Chart | None:
    """The chart of counts by (day, outlet): bars per day or week, split by outlet; None without dates.

    With `last_days`, the chart spans that many days up to the last one, so that the bars
    of several charts side by side have one width; older counts are left out. `firsts`
    (number, day, outlet) marks who first reported each key fact, under the bar of its day.
    """
    end = max((day for day, _ in counts), default=None)
    if last_days and end is not None:
        counts = {key: n for key, n in counts.items() if (end - key[0]).days < last_days}
    if not counts:
        return None
    start = end - timedelta(days=last_days - 1) if last_days else min(day for day, _ in counts)
    unit = _unit_of(start, end)
    first = unit.index(start)
    bins = unit.index(end) - first + 1
    per_bin: list[Counter] = [Counter() for _ in range(bins)]
    for (day, outlet), n in counts.items():
        per_bin[unit.index(day) - first][outlet] += n
    peak = max(sum(b.values()) for b in per_bin)
    order = {name: i for i, name in enumerate(colour_of)}  # outlets stack in the order of the legend
    slot = width / bins
    bar = max(slot * 0.8, 1.0)
    segments = []
    for i, outlets in enumerate(per_bin):
        when, top = unit.label(unit.first_day(first + i)), plot
        for outlet in sorted(outlets, key=lambda name: order.get(name, len(order))):
            n = outlets[outlet]
            height = plot * n / peak
            top -= height
            label = f"{when}: {_articles(n)}" + (f" ({outlet})" if outlet else "")
            segments.append(Segment(round(i * slot + (slot - bar) / 2, 1), round(top, 1), round(bar, 1),
                                    round(height, 1), colour_of.get(outlet, PALETTE[0]), label))
    total = sum(counts.values())  # the summary counts what is drawn
    summary = (f"{_articles(total)} from {_day(start)} to {_day(end)}, "
               f"at most {peak} a {unit.name}")
    marks = _marks(firsts, start, end, unit, slot, colour_of, plot)
    return Chart(tuple(segments), _day(start), _day(end), peak, summary, width, plot, labels, marks)


@dataclass(frozen=True)
class _Unit:
    """The time one bar stands for: ordinals of consecutive bars differ by one."""

    name: str
    index: Callable[[date], int]  # the ordinal of the bar a day falls in
    first_day: Callable[[int], date]  # the first day of the bar of an ordinal
    label: Callable[[date], str]  # a bar's name in its tooltip, from its first day


def _day(day: date) -> str:
    return f"{day.day} {day:%b %Y}"


# date.toordinal() counts from Monday 1 Jan of year 1, so weeks of seven ordinals start on Mondays.
_DAY = _Unit("day", date.toordinal, date.fromordinal, _day)
_WEEK = _Unit("week", lambda d: (d.toordinal() - 1) // 7, lambda i: date.fromordinal(7 * i + 1),
              lambda d: f"week of {_day(d)}")
_MONTH = _Unit("month", lambda d: 12 * d.year + d.month - 1, lambda i: date(i // 12, i % 12 + 1, 1),
               lambda d: f"{d:%b %Y}")
_YEAR = _Unit("year", lambda d: d.year, lambda i: date(i, 1, 1), lambda d: str(d.year))


def _unit_of(start: date, end: date) -> _Unit:
    """Days for a short span; else the shortest of weeks, months and years that needs no more than MOST_BARS."""
    if (end - start).days < DAILY_SPAN:
        return _DAY
    return next((unit for unit in (_WEEK, _MONTH) if unit.index(end) - unit.index(start) < MOST_BARS), _YEAR)


def _marks(firsts: Sequence[tuple[int, date, str]], start: date, end: date, unit: _Unit, slot: float,
           colour_of: Mapping[str, str], plot: int) -> tuple[Mark, ...]:
    """The numbered marks of key facts' first reports, side by side under the bar that holds their day."""
    by_bin: dict[int, list[tuple[int, date, str]]] = {}
    for number, day, outlet in firsts:
        if start <= day <= end:
            by_bin.setdefault(unit.index(day) - unit.index(start), []).append((number, day, outlet))
    marks = []
    gap = 2 * MARK_RADIUS + 1
    right = slot * (unit.index(end) - unit.index(start) + 1) - MARK_RADIUS
    for i, group in sorted(by_bin.items()):
        left = (i + 0.5) * slot - gap * (len(group) - 1) / 2
        for k, (number, day, outlet) in enumerate(group):
            x = min(max(left + k * gap, MARK_RADIUS), right)
            marks.append(Mark(round(x, 1), plot + MARK_ROW / 2 + 1, number, colour_of.get(outlet, OTHER_COLOUR),
                              f"{number}: first reported by {outlet}, {_day(day)}"))
    return tuple(marks)


def _articles(n: int) -> str:
    return f"{n} article{'' if n == 1 else 's'}"


ROW = 18  # height of one event's row in a span chart, its bar 12 of it


@dataclass(frozen=True)
class Span:
    """One event's bar in a span chart, from its first day to its last, in SVG coordinates."""

    x: float
    y: float
    width: float
    colour: str
    label: str  # the tooltip: "Bridge shut: 18 Nov 2026 to 20 Nov 2026, 12 articles"


@dataclass(frozen=True)
class SpanChart:
    """Events as bars along one time axis, a row each, oldest first: a developing story at a glance."""

    spans: tuple[Span, ...]
    first: str
    last: str
    summary: str
    width: int = WIDTH

    @property
    def height(self) -> int:
        """The height of the SVG's coordinate box: a row per event, and the date labels."""
        return ROW * len(self.spans) + LABELS

    @property
    def label_y(self) -> int:
        """Where the date labels sit, below the rows."""
        return self.height - 4


def span_chart(events: list[tuple[str, date, date, int]], colour_of: Mapping[str, str],
               width: int = WIDTH) -> SpanChart | None:
    """Events (label, first day, last day, articles), a row each in the order given, on one axis; None without any."""
    if not events:
        return None
    start, end = min(first for _, first, _, _ in events), max(last for _, _, last, _ in events)
    days = (end - start).days + 1  # a one-day event still has a day's width
    spans = []
    for row, (label, first, last, n) in enumerate(events):
        x = width * (first - start).days / days
        span = max(width * ((last - first).days + 1) / days, 2.0)
        when = _day(first) if first == last else f"{_day(first)} to {_day(last)}"
        spans.append(Span(round(x, 1), row * ROW + 3, round(min(span, width - x), 1), colour_of.get(label, PALETTE[0]),
                          f"{label}: {when}, {_articles(n)}"))
    summary = (f"{len(events)} event{'' if len(events) == 1 else 's'} from {_day(start)} to {_day(end)}")
    return SpanChart(tuple(spans), _day(start), _day(end), summary, width)
