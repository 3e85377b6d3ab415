"""Chart axes say what they measure and nothing else: no "(x0.001)" scale factor when the
data span is small (a patient's first session; a half-minute session). Real charts,
offscreen, in the app's look and the report's."""

from __future__ import annotations

from datetime import UTC, datetime

import numpy as np
import pytest

from painease.domain.insights import SessionPoint, session_shifts
from painease.domain.live_shifts import LiveTrace

STARTED = datetime(2026, 3, 2, 9, 30, tzinfo=UTC)


def point(elapsed_ms: int = 30_000, length: float = 0.5) -> SessionPoint:
    return SessionPoint(1, "body-scan", STARTED, "completed", elapsed_ms, length, 6, 7, 4, 3)


def shown(qtbot, chart):
    qtbot.addWidget(chart)
    chart.resize(800, 400)
    chart.show()
    qtbot.waitExposed(chart)
    return chart


def labels(chart) -> dict[str, str]:
    return {side: chart.item.getAxis(side).labelString()
            for side in ("left", "bottom")}


@pytest.mark.parametrize("style", [{}, {"theme": "light", "points": 10}])
def test_one_sessions_before_and_after_chart_has_a_plain_session_axis(qtbot, qapp, style):
    from painease.ui.charts.shift import ShiftChart

    chart = shown(qtbot, ShiftChart(**style))
    chart.set_shifts(session_shifts([point()]), UTC)
    qtbot.wait(10)
    text = labels(chart)
    assert "Session" in text["bottom"]
    assert "Rating (0–10)" in text["left"]
    for label in text.values():
        assert "(x" not in label


def test_a_short_session_is_measured_in_minutes_on_its_own_axis(qtbot, qapp):
    from painease.ui.charts.session import SessionChart

    chart = shown(qtbot, SessionChart())
    trace = LiveTrace(1, np.array([5_000, 15_000], dtype=np.int64), np.array([6.0, 4.0]),
                      [(0, "settle")], 30_000)
    chart.set_session(point(), trace, [(0, "settle")])
    qtbot.wait(10)
    bottom = chart.item.getAxis("bottom")
    assert "Minutes into the session" in bottom.labelString()
    assert "(x" not in bottom.labelString()
    # The ticks count minutes too (0.2, 0.4 …), not thousandths of them.
    values = [v for _spacing, ticks in bottom.tickValues(*bottom.range, 600) for v in ticks]
    strings = bottom.tickStrings(values, bottom.scale * bottom.autoSIPrefixScale, 0.1)
    assert all(float(s) <= 1 for s in strings if s), strings


def test_the_link_and_trend_charts_have_plain_axes_too(qtbot, qapp):
    from painease.domain.insights import fear_pain_link
    from painease.ui.charts.link import LinkChart

    link_chart = shown(qtbot, LinkChart())
    link_chart.set_link(fear_pain_link(session_shifts([point()])))
    link_chart.view.setRange(xRange=(-0.5, 0.5), yRange=(-0.5, 0.5), padding=0)
    qtbot.wait(10)
    for label in labels(link_chart).values():
        assert "(x" not in label

    from painease.domain.insights import Series
    from painease.ui.charts.trend import TrendChart

    one = np.array([6.0])
    trend = shown(qtbot, TrendChart())
    trend.set_series(Series(np.array(["2026-03-02"], dtype="datetime64[D]"), one, one - 2,
                            one + 1, one - 3, one - 2, one, np.array([1])))
    qtbot.wait(10)
    assert "Date" in labels(trend)["bottom"]
    for label in labels(trend).values():
        assert "(x" not in label
