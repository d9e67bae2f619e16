"""Coverage charts: bars per day (or week) split by outlet, laid out as plain numbers for an inline SVG."""

from datetime import date, timedelta

from newsbrief.site.web.charts import MOST_BARS, OTHER_COLOUR, PALETTE, PLOT, WIDTH, colours, coverage_chart

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
    assert all(0 <= s.x and s.x + s.width <= WIDTH and 0 <= s.y <= chart.height for s in chart.segments)


def test_a_long_span_is_drawn_week_by_week():
    counts = {(NOV + timedelta(days=d), ""): 1 for d in range(0, 120, 3)}
    chart = coverage_chart(counts, colours([""]))
    assert len(chart.segments) <= 19  # 120 days are 18 or 19 weeks, not 40 bars
    assert chart.segments[0].label.startswith("week of 16 Nov 2026")  # the Monday before the first article
    assert chart.summary.endswith("a week")


def test_years_of_coverage_are_drawn_month_by_month_and_decades_year_by_year():
    five_years = coverage_chart({(NOV + timedelta(days=d), ""): 1 for d in range(0, 5 * 365, 10)}, colours([""]))
    assert len(five_years.segments) == 61  # Nov 2026 to Nov 2031, not 261 weeks
    assert five_years.segments[0].label == "Nov 2026: 2 articles" and five_years.summary.endswith("a month")
    century = coverage_chart({(date(1930 + y, 6, 1), ""): y + 1 for y in range(90)}, colours([""]))
    assert len(century.segments) == 90 and century.segments[-1].label == "2019: 90 articles"
    assert century.summary == f"{sum(range(1, 91))} articles from 1 Jun 1930 to 1 Jun 2019, at most 90 a year"
    assert all(len(chart.segments) <= MOST_BARS for chart in (five_years, century))


def test_outlets_past_the_palette_share_grey():
    assert colours([f"Outlet {i}" for i in range(len(PALETTE) + 2)])["Outlet 9"] == OTHER_COLOUR


def test_a_sparkline_is_the_same_bars_smaller_and_without_dates():
    counts = {(NOV, ""): 2, (NOV + timedelta(days=3), ""): 1}
    spark = coverage_chart(counts, colours([""]), width=120, plot=24, labels=False)
    assert (spark.width, spark.height) == (120, 25)
    assert max(s.x + s.width for s in spark.segments) <= 120 and max(s.height for s in spark.segments) == 24


def test_charts_of_the_last_days_have_bars_of_one_width():
    one_day = coverage_chart({(NOV, ""): 3}, colours([""]), width=140, last_days=14)
    long_story = coverage_chart({(NOV - timedelta(days=d), ""): 1 for d in range(30)}, colours([""]), width=140, last_days=14)
    assert one_day.segments[0].width == long_story.segments[0].width == 8.0
    assert one_day.segments[0].x == 130 + 1.0  # the last of 14 slots of 10
    assert len(long_story.segments) == 14 and long_story.summary.startswith("14 articles from 5 Nov 2026")


def test_who_first_reported_each_key_fact_is_marked_under_the_bar_of_its_day():
    colour_of = colours(["Gazette", "Ledger"])
    counts = {(NOV, "Gazette"): 2, (NOV + timedelta(days=1), "Ledger"): 1, (NOV + timedelta(days=2), "Gazette"): 1}
    firsts = [(1, NOV, "Gazette"), (2, NOV, "Ledger"), (3, NOV + timedelta(days=2), "Gazette"),
              (4, NOV + timedelta(days=9), "Ledger")]  # the last is past the chart's end: no mark
    chart = coverage_chart(counts, colour_of, firsts=firsts)
    assert [(m.number, m.colour) for m in chart.marks] == [(1, PALETTE[0]), (2, PALETTE[1]), (3, PALETTE[0])]
    assert chart.marks[0].label == "1: first reported by Gazette, 18 Nov 2026"
    first_bar = next(s for s in chart.segments if s.label.startswith("18 Nov"))
    assert first_bar.x < chart.marks[0].x < chart.marks[1].x < first_bar.x + first_bar.width + 2 * chart.marks[0].radius
    assert all(m.y - m.radius > PLOT and m.y + m.radius < chart.label_y - 8 for m in chart.marks)  # between bars and dates
    assert chart.height == coverage_chart(counts, colour_of).height + 16
