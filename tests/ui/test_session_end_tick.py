"""The session chart labels the minute its session ends ("10" for a 10-minute session).

pyqtgraph leaves out a tick label that would stick out of its axis, and the chart kept
only a marker's room (``END_PX``) past the end: at 200 % text, or with a short session
on a wide chart, half of "10" was wider than that and the last label went. A real
chart, offscreen; the labels read back as pyqtgraph paints them."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from painease.domain.insight_sessions import SessionPoint
from tests.ui.settled import wait_settled
from tests.ui.test_chart_axes import drawn_ticks


def session(minutes: int) -> SessionPoint:
    return SessionPoint(1, "somatic", datetime(2026, 12, 1, 9, tzinfo=UTC), "completed",
                        minutes * 60_000, float(minutes), 5, 5, 3, 3)


@pytest.mark.parametrize("points", [11.0, 22.0])
@pytest.mark.parametrize("width", [1000, 420])
@pytest.mark.parametrize("minutes", [5, 10, 20, 30])  # each one a tick at these widths
def test_the_end_minute_is_labelled(qtbot, points, width, minutes):
    from painease.ui.charts.session import SessionChart

    chart = SessionChart(points=points)
    qtbot.addWidget(chart)
    chart.resize(width, 420)
    chart.show()
    qtbot.waitExposed(chart)
    chart.set_session(session(minutes), None, [(0, "settle"), (60_000, "safety")])
    wait_settled(chart)
    labels = [text for text, _ in drawn_ticks(chart.item.getAxis("bottom"))]
    assert str(minutes) in labels, labels
