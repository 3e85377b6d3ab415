"""Zoomed in, the session chart labels the session's end whenever the end is in view,
and never when it is not.

The time axis always adds the end ("13", "12.5") as a label of its own, but pyqtgraph
leaves out a label that sticks out of the axis: zoomed in (mouse wheel, + key) so that the
end came within half a label of the plot's edge, its tick was there and its label was
not. The end's label now stays inside the plot, ending at its edge and still over its
tick; a label beside it makes room. Out of view, the end has neither tick nor label.
Real charts, offscreen, zoomed through the view box; the labels read back as pyqtgraph
paints them.
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPointF, QRectF
from PySide6.QtGui import QFontMetricsF

from tests.ui.settled import wait_settled
from tests.ui.test_chart_axes import drawn_ticks
from tests.ui.test_session_time_axis import shown_chart

# (the view's left, right) in minutes from the end, inside the view box's limits (the
# view reaches at most half a minute past the end)
IN_VIEW = {"end at the right edge": (-4, 0), "just inside the right edge": (-4, 0.02),
           "near the right edge": (-4, 0.12), "near the left edge": (-0.004, 0.4),
           "in the middle": (-0.4, 0.4)}
OUT_OF_VIEW = {"just past the right edge": (-4, -0.03), "before the left edge": (0.01, 0.4)}


def zoomed(qtbot, points, width, minutes, where):
    chart = shown_chart(qtbot, points, width, minutes)
    left, right = where
    chart.view.setXRange(minutes + left, minutes + right, padding=0)
    wait_settled(chart)
    (low, high), _ = chart.view.viewRange()
    assert abs(low - (minutes + left)) < 1e-9 and abs(high - (minutes + right)) < 1e-9
    return chart, chart.item.getAxis("bottom")


@pytest.mark.parametrize("points", [11.0, 22.0])
@pytest.mark.parametrize("width", [420, 1000])
@pytest.mark.parametrize(("minutes", "end"), [(13, "13"), (12.5, "12.5")])
@pytest.mark.parametrize("where", IN_VIEW.values(), ids=IN_VIEW.keys())
def test_an_end_in_view_is_labelled_over_its_tick(qtbot, points, width, minutes, end, where):
    chart, axis = zoomed(qtbot, points, width, minutes, where)
    ticks = drawn_ticks(axis)
    texts = [text for text, _ in ticks]
    assert texts.count(end) == 1, texts
    (rect,) = [rect for text, rect in ticks if text == end]
    inside = QRectF(0, 0, axis.size().width(), axis.size().height())
    assert inside.contains(rect), (rect, inside)
    end_x = axis.mapFromScene(chart.view.mapViewToScene(QPointF(minutes, 0))).x()
    assert rect.left() - 0.5 <= end_x <= rect.right() + 0.5, (rect, end_x)
    space = QFontMetricsF(axis.style["tickFont"]).horizontalAdvance(" ")
    rects = sorted((rect for _, rect in ticks), key=lambda rect: rect.left())
    for a, b in zip(rects, rects[1:], strict=False):
        assert b.left() - a.right() >= space, (texts, a, b)


@pytest.mark.parametrize("points", [11.0, 22.0])
@pytest.mark.parametrize(("minutes", "end"), [(13, "13"), (12.5, "12.5")])
@pytest.mark.parametrize("where", OUT_OF_VIEW.values(), ids=OUT_OF_VIEW.keys())
def test_an_end_out_of_view_is_not_labelled(qtbot, points, minutes, end, where):
    _, axis = zoomed(qtbot, points, 600, minutes, where)
    texts = [text for text, _ in drawn_ticks(axis)]
    assert end not in texts, texts
    assert axis.end not in [v for _, values in axis.tickValues(*axis.range, 600)
                            for v in values]
