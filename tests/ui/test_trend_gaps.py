"""The trend chart's lines do not cross time without sessions. With sessions on 29–30 March
and then none until 24 October, the 7-day average was drawn as a steady ramp all summer,
and a week without sessions was bridged in weekly mode: ``connect="finite"`` breaks only
at NaN. A NaN point now goes between two periods the line must not join (trend.gaps says
the rule), on the page and in the report's chart. Real store files, real charts,
offscreen; the lines as drawn read back with getData."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import numpy as np

from painease.domain.insights import daily_series, weekly_series
from painease.storage import SessionStore
from tests.insights_history import add_session
from tests.ui.settled import wait_settled

BEFORE, AFTER, AVERAGE, THREAT = range(4)  # TrendChart.curves, in drawing order


def series_of(tmp_path, days: list[datetime], weekly: bool = False, pains=None):
    with SessionStore(tmp_path / "trend.db") as store:
        for i, day in enumerate(days):
            pain = pains[i] if pains else 4
            add_session(store, day, pre=(6, 6), post=(pain, pain))
        points = store.insight_points()
    return (weekly_series if weekly else daily_series)(points, UTC)


def drawn(qtbot, series, weekly: bool = False):
    from painease.ui.charts.trend import TrendChart

    chart = TrendChart()
    qtbot.addWidget(chart)
    chart.resize(800, 420)
    chart.show()
    qtbot.waitExposed(chart)
    chart.set_series(series, weekly)
    wait_settled(chart)
    return chart


def runs(chart, which: int) -> list[list[str]]:
    """The curve's joined stretches, each as its points' days (yyyy-mm-dd)."""
    x, y = chart.curves[which].getData()
    out, run = [], []
    for at, value in zip(x, y, strict=True):
        if np.isfinite(value):
            run.append(str(np.datetime64(int(at), "s").astype("datetime64[D]")))
        elif run:
            out.append(run)
            run = []
    return [*out, run] if run else out


def noon(month: int, day: int, year: int = 2026) -> datetime:
    return datetime(year, month, day, 12, tzinfo=UTC)


def test_no_line_runs_through_the_summer_without_sessions(qtbot, tmp_path):
    series = series_of(tmp_path, [noon(3, 29), noon(3, 30), noon(10, 24), noon(10, 25)])
    chart = drawn(qtbot, series)
    assert not chart.weekly
    both = [["2026-03-29", "2026-03-30"], ["2026-10-24", "2026-10-25"]]
    for which in (BEFORE, AFTER, AVERAGE, THREAT):
        assert runs(chart, which) == both
    x, y = chart.curves[AVERAGE].getData()
    assert len(x) == 5 and np.isnan(y[2])  # the break, halfway
    # Hovering still reads the sessions' days, not the break.
    assert chart.hover_text_at(x[3], y[3]).startswith("Sat 24 Oct 2026")


def test_daily_values_break_at_a_day_without_sessions_the_average_at_a_week(qtbot,
                                                                          tmp_path):
    # Days 1, 2, 6 (three days missed: the 7-day windows in between all hold day 2) and
    # 15 (nine days after day 6: days 13-14 would average over no rating).
    series = series_of(tmp_path, [noon(5, 1), noon(5, 2), noon(5, 6), noon(5, 15)])
    chart = drawn(qtbot, series)
    assert runs(chart, AFTER) == [["2026-05-01", "2026-05-02"], ["2026-05-06"],
                                  ["2026-05-15"]]
    assert runs(chart, AVERAGE) == [["2026-05-01", "2026-05-02", "2026-05-06"],
                                    ["2026-05-15"]]


def test_the_average_breaks_after_a_week_from_the_last_after_rating(qtbot, tmp_path):
    # 1 May rated; 6 May a session without an after-rating (the average there still holds
    # 1 May's); 10 May rated: nine days after the last rating, so days 8-9 had no average.
    with SessionStore(tmp_path / "trend.db") as store:
        add_session(store, noon(5, 1), pre=(6, 6), post=(4, 4))
        add_session(store, noon(5, 6), pre=(6, 6), post=None)
        add_session(store, noon(5, 10), pre=(6, 6), post=(3, 3))
        series = daily_series(store.insight_points(), UTC)
    chart = drawn(qtbot, series)
    assert runs(chart, AVERAGE) == [["2026-05-01", "2026-05-06"], ["2026-05-10"]]


def test_weekly_lines_break_at_an_empty_week_the_average_after_four(qtbot, tmp_path):
    # Mondays: 2 Mar, 9 Mar, (none on 16 Mar), 23 Mar, then 4 May (six weeks later).
    days = [noon(3, 2), noon(3, 9), noon(3, 23), noon(5, 4)]
    chart = drawn(qtbot, series_of(tmp_path, days, weekly=True), weekly=True)
    assert runs(chart, AFTER) == [["2026-03-02", "2026-03-09"], ["2026-03-23"],
                                  ["2026-05-04"]]
    assert runs(chart, AVERAGE) == [["2026-03-02", "2026-03-09", "2026-03-23"],
                                    ["2026-05-04"]]


def test_a_point_left_alone_still_shows_when_markers_are_off(qtbot, tmp_path):
    from painease.ui.charts.trend import MARKERS_UP_TO

    days = [noon(1, 1) + timedelta(days=2 * i) for i in range(MARKERS_UP_TO + 2)]
    chart = drawn(qtbot, series_of(tmp_path, days))
    assert "symbol" not in chart.curves[AFTER].opts or chart.curves[AFTER].opts["symbol"] \
        is None
    assert len(runs(chart, AFTER)) == len(days)  # every other day: each day alone
    shown = {len(dots.getData()[0]) for dots in chart.dots}
    assert len(days) in shown  # each one a dot: a line of one point draws nothing


def test_the_report_draws_the_trend_with_the_same_breaks(tmp_path, monkeypatch, qapp):
    from painease.report import write_report
    from painease.ui.charts.trend import TrendChart

    seen = []
    draw = TrendChart.redraw

    def redraw(chart):
        draw(chart)
        if chart.curves:
            seen.append(runs(chart, AVERAGE))

    monkeypatch.setattr(TrendChart, "redraw", redraw)
    with SessionStore(tmp_path / "report.db") as store:
        for day in (noon(3, 29), noon(3, 30), noon(10, 24), noon(10, 25)):
            add_session(store, day, pre=(6, 6), post=(4, 4))
        write_report(store, tmp_path / "r.pdf", tz=UTC)
    assert seen and seen[-1] == [["2026-03-29", "2026-03-30"],
                                 ["2026-10-24", "2026-10-25"]]
    assert (tmp_path / "r.pdf").stat().st_size > 0
