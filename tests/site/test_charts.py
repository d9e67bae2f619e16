"""Coverage charts: bars per day (or week) split by outlet, laid out as plain numbers for an inline SVG."""

from datetime import date, timedelta

from newsbrief.site.charts import HEIGHT, OTHER_COLOUR, PALETTE, PLOT, WIDTH, colours, coverage_chart

NOV = date(2026, 11, 18)


def test_no_dated_articles_draw_no_chart():
    assert coverage_chart({}, {}) is None


def test_each_day_has_a_bar_split_by_outlet_in_the_legends_order():
    colour_of = colours(["Gazette", "Ledger"])
    chart = coverage_chart({(NOV, "Ledger"): 1, (NOV, "Gazette"): 2, (NOV + timedelta(days=2), "Gazette"): 1}, colour_of)
    first_day = [s for s in chart.segments if s.label.startswith("18 Nov 2026")]
    assert [s.colour for s in first_day] == [PALETTE[0], PALETTE[1]]  # the Gazette at the bottom, as listed first
    assert first_day[0].label == "18 Nov 2026: 2 articles (Gazette)"
    assert first_day[1].y + first_day[1].height == first_day[0].y  # stacked, no gap
    assert first_day[0].y + first_day[0].height == PLOT  # the tallest day fills the plot
    assert len(chart.segments) == 3 and chart.peak == 3
    assert (chart.first, chart.last) == ("18 Nov 2026", "20 Nov 2026")
    assert chart.summary == "4 articles from 18 Nov 2026 to 20 Nov 2026, at most 3 a day"
    assert all(0 <= s.x and s.x + s.width <= WIDTH and 0 <= s.y <= HEIGHT for s in chart.segments)


def test_a_long_span_is_drawn_week_by_week():
    counts = {(NOV + timedelta(days=d), ""): 1 for d in range(0, 120, 3)}
    chart = coverage_chart(counts, colours([""]))
    assert len(chart.segments) <= 19  # 120 days are 18 or 19 weeks, not 40 bars
    assert chart.segments[0].label.startswith("week of 16 Nov 2026")  # the Monday before the first article
    assert chart.summary.endswith("a week")


def test_outlets_past_the_palette_share_grey():
    assert colours([f"Outlet {i}" for i in range(len(PALETTE) + 2)])["Outlet 9"] == OTHER_COLOUR
