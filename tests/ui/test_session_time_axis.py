"""The session chart's time axis: the session's end is labelled wherever it falls, and the
labels never crowd into each other, at any width and text size.

pyqtgraph chose the tick spacing from the axis's length alone and labelled only the
multiples of it: a 13-minute session's end went unlabelled between "12" and "14" (or
"10" and "15"), and at 400 px with 150 % text a 12-minute session's axis also labelled
every minute between the fives, the labels a pixel or two apart. Real charts,
offscreen; the labels and their rectangles read back as pyqtgraph paints them.
"""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from PySide6.QtCore import QPointF
from PySide6.QtGui import QFontMetricsF

from painease.domain.insight_sessions import SessionPoint
from tests.ui.settled import wait_settled
from tests.ui.test_chart_axes import drawn_ticks


def session(minutes: float) -> SessionPoint:
    return SessionPoint(1, "somatic", datetime(2026, 12, 1, 9, tzinfo=UTC), "completed",
                        round(minutes * 60_000), float(minutes), 5, 5, 3, 3)


def shown_chart(qtbot, points: float, width: int, minutes: float):
    from painease.ui.charts.session import SessionChart

    chart = SessionChart(points=points)
    qtbot.addWidget(chart)
    chart.resize(width, 420)
    chart.show()
    qtbot.waitExposed(chart)
    chart.set_session(session(minutes), None, [(0, "settle"), (60_000, "safety")])
    wait_settled(chart)
    return chart


@pytest.mark.parametrize("points", [11.0, 16.5, 22.0])
@pytest.mark.parametrize("width", [400, 600, 1000])
@pytest.mark.parametrize(("minutes", "end"), [(0.75, "0.8"), (3, "3"), (12.5, "12.5"),
                                              (13, "13"), (17, "17"), (23, "23"),
                                              (45, "45")])
def test_the_end_is_labelled_and_no_labels_crowd(qtbot, points, width, minutes, end):
    chart = shown_chart(qtbot, points, width, minutes)
    axis = chart.item.getAxis("bottom")
    ticks = drawn_ticks(axis)
    texts = [text for text, _ in ticks]
    assert end in texts, texts
    assert "0" in texts, texts  # the start, and
    assert len(texts) >= 3, texts  # at least one minute between it and the end
    # The end's label is where the end is (centred on it, whatever it says).
    (end_rect,) = [rect for text, rect in ticks if text == end]
    end_x = axis.mapFromScene(chart.view.mapViewToScene(QPointF(minutes, 0))).x()
    assert abs(end_rect.center().x() - end_x) < 1.0, (end_rect, end_x)
    # Apart: at least a space's width between any two labels, left to right in time.
    space = QFontMetricsF(axis.style["tickFont"]).horizontalAdvance(" ")
    rects = sorted((rect for _, rect in ticks), key=lambda rect: rect.left())
    values = [float(text) for text, _ in sorted(ticks, key=lambda tick: tick[1].left())]
    assert values == sorted(values), texts
    for a, b in zip(rects, rects[1:], strict=False):
        assert b.left() - a.right() >= space, (texts, a, b)
