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


def drawn_ticks(axis) -> list[tuple[str, object]]:
    """The tick labels the axis paints, as (text, rect in the axis' coordinates): pyqtgraph
    leaves out a label that would stick out of the plot."""
    from PySide6.QtGui import QImage, QPainter

    image = QImage(8, 8, QImage.Format.Format_ARGB32)
    painter = QPainter(image)
    try:
        painter.setFont(axis.style["tickFont"])
        _, _, texts = axis.generateDrawSpecs(painter)
    finally:
        painter.end()
    return [(text, rect) for rect, _flags, text in texts]


def rating_charts():
    """Each chart with the 0–10 rating axis, filled with one session."""
    from painease.domain.insights import Series
    from painease.ui.charts.session import SessionChart
    from painease.ui.charts.shift import ShiftChart
    from painease.ui.charts.trend import TrendChart

    one = np.array([6.0])
    return {
        "session": (SessionChart, lambda chart: chart.set_session(point(), None,
                                                                  [(0, "settle")])),
        "shift": (ShiftChart, lambda chart: chart.set_shifts(session_shifts([point()]), UTC)),
        "trend": (TrendChart, lambda chart: chart.set_series(Series(
            np.array(["2026-03-02"], dtype="datetime64[D]"), one, one - 2, one + 1, one - 3,
            one - 2, one, np.array([1])))),
    }


@pytest.mark.parametrize("key", ["session", "shift", "trend"])
@pytest.mark.parametrize(("points", "size"), [(None, (800, 400)), (22, (800, 400)),
                                              (22, (600, 300))])
def test_every_rating_from_0_to_10_is_labelled_at_any_text_size(qtbot, qapp, key, points,
                                                                size):
    """At 200 % text the "0" once stuck out below the plot, and pyqtgraph left it out."""
    from tests.ui.settled import wait_settled

    kind, fill = rating_charts()[key]
    chart = kind(points=points) if points else kind()
    qtbot.addWidget(chart)
    chart.resize(*size)
    chart.show()
    qtbot.waitExposed(chart)
    fill(chart)
    wait_settled(chart)
    axis = chart.item.getAxis("left")
    ticks = drawn_ticks(axis)
    assert [text for text, _ in ticks] == [str(v) for v in range(0, 11, 2)]
    # Each label whole beside the plot, none running into the next.
    plot = chart.view.sceneBoundingRect()
    rects = [axis.mapRectToScene(rect) for _, rect in ticks]
    for rect in rects:
        assert plot.top() - 0.5 <= rect.top() and rect.bottom() <= plot.bottom() + 0.5, (
            rect, plot)
    for a, b in zip(rects, rects[1:], strict=False):
        assert not a.intersects(b), (a, b)
