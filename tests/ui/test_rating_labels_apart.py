"""The rating axis (0–10) keeps its labels apart at any height and text size.

Every rating chart labelled 0, 2, 4 … 10 whatever its height: on a before-and-after chart
made 150 px high at 200 % text, "10", "8" and "6" nearly touched (the labels' lines
overlapped). The axis now labels every second, fifth or tenth rating, the densest whose
labels are at least half a line apart, and always 0 and 10. Real charts, offscreen: the
labels read back as pyqtgraph paints them, their lines measured in the axis' font where
the view puts their ratings.
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPointF, QRectF
from PySide6.QtGui import QFontMetricsF

from tests.ui.settled import wait_settled
from tests.ui.test_chart_axes import drawn_ticks, rating_charts


def label_lines(chart, axis, values) -> list[QRectF]:
    """Each label's line (the font's height, centred on its rating) in scene pixels."""
    line = QFontMetricsF(axis.style["tickFont"]).height()
    rects = []
    for value in values:
        y = chart.view.mapViewToScene(QPointF(0, value)).y()
        rects.append(QRectF(0, y - line / 2, 10, line))
    return rects


@pytest.mark.parametrize("key", ["shift", "trend", "session"])
@pytest.mark.parametrize("points", [11.0, 16.5, 22.0])
@pytest.mark.parametrize("height", [150, 200, None])
@pytest.mark.parametrize("width", [420, 900])
def test_rating_labels_stay_apart_and_0_and_10_read(qtbot, key, points, height, width):
    kind, fill = rating_charts()[key]
    style = {"points": points}
    if height:
        style["height"] = height
    chart = kind(**style)
    qtbot.addWidget(chart)
    chart.resize(width, 100)  # as short as the chart lets it be
    chart.show()
    qtbot.waitExposed(chart)
    fill(chart)
    wait_settled(chart)
    axis = chart.item.getAxis("left")
    texts = [text for text, _ in drawn_ticks(axis)]
    values = sorted(float(text) for text in texts)
    assert values[0] == 0 and values[-1] == 10, texts
    steps = {b - a for a, b in zip(values, values[1:], strict=False)}
    assert len(steps) == 1 and steps <= {2.0, 5.0, 10.0}, texts  # evenly spaced
    line = QFontMetricsF(axis.style["tickFont"]).height()
    rects = sorted(label_lines(chart, axis, values), key=lambda rect: rect.top())
    for a, b in zip(rects, rects[1:], strict=False):
        assert b.top() - a.bottom() >= line / 2 - 0.5, (texts, a, b, line)
    # No sparser than it needs to be: every second rating when they are that far apart.
    (step,) = steps
    if step > 2:
        two = label_lines(chart, axis, [0.0, 2.0])
        assert abs(two[0].top() - two[1].top()) < 1.5 * line + 0.5, (texts, two, line)
