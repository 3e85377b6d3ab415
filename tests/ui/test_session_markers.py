"""The session chart's before and after markers: pain and the sense of threat rated the
same were drawn on one spot, the triangle over the circle, so one hid the other. Both
show side by side now, whatever the chart's width or zoom, each still under its own
name in the legend. A real chart, offscreen; the positions read back from its items."""

from __future__ import annotations

from datetime import UTC, datetime

import pyqtgraph as pg
import pytest
from PySide6.QtCore import QPointF

from painease.domain.insights import SessionPoint
from painease.domain.vocabulary import PAIN_NAME, THREAT_NAME
from tests.ui.settled import wait_settled

# Pain and threat both 5 before and both 3 after: each pair on one spot, unless moved.
POINT = SessionPoint(1, "somatic", datetime(2026, 12, 1, 9, tzinfo=UTC), "completed",
                     600_000, 10.0, 5, 5, 3, 3)
MARKS = [(0, "settle"), (200_000, "safety"), (500_000, "closing")]


def chart(qtbot, width: int):
    from painease.ui.charts.session import SessionChart

    drawn = SessionChart()
    qtbot.addWidget(drawn)
    drawn.resize(width, 420)
    drawn.show()
    qtbot.waitExposed(drawn)
    drawn.set_session(POINT, None, MARKS)
    wait_settled(drawn)
    return drawn


def markers(drawn) -> dict[str, pg.ScatterPlotItem]:
    """The legend's name of each marker, and the marker drawn on the plot."""
    found = {label.text: sample.item for sample, label in drawn.legend.items}
    assert all(item in drawn.item.items for item in found.values())
    return found


def on_screen(drawn, item: pg.ScatterPlotItem) -> QPointF:
    xs, ys = item.getData()
    assert len(xs) == 1
    return drawn.view.mapViewToScene(QPointF(float(xs[0]), float(ys[0])))


@pytest.mark.parametrize("width", [1000, 420])
def test_pain_and_threat_rated_alike_are_both_seen(qtbot, width):
    drawn = chart(qtbot, width)
    shown = markers(drawn)
    plot = drawn.view.sceneBoundingRect()
    for when, value in (("before", 5), ("after", 3)):
        pain, threat = shown[f"{PAIN_NAME} {when}"], shown[f"{THREAT_NAME} {when}"]
        assert pain.opts["symbol"] != threat.opts["symbol"]  # told apart without colour
        assert pain.getData()[1][0] == threat.getData()[1][0] == value  # the ratings as given
        a, b = on_screen(drawn, pain), on_screen(drawn, threat)
        size = max(pain.opts["size"], threat.opts["size"])
        # Side by side: their centres at least a marker's width apart, at the same height.
        assert abs(a.x() - b.x()) >= size, (when, a, b)
        assert abs(a.y() - b.y()) < 0.5
        for where in (a, b):
            assert plot.contains(where), (when, where, plot)


def test_zoomed_in_the_markers_stay_apart_by_the_same_width(qtbot):
    drawn = chart(qtbot, 800)
    shown = markers(drawn)
    drawn.view.setXRange(8.5, 10.2, padding=0)
    drawn.view.sigRangeChangedManually.emit([True, False])
    qtbot.wait(10)
    pain, threat = shown[f"{PAIN_NAME} after"], shown[f"{THREAT_NAME} after"]
    a, b = on_screen(drawn, pain), on_screen(drawn, threat)
    assert pain.opts["size"] <= abs(a.x() - b.x()) <= 3 * pain.opts["size"]
    # The hover value follows the marker it names.
    (x,), (y,) = threat.getData()
    assert drawn.hover_text_at(float(x), float(y)) == f"{THREAT_NAME} after: 3"
    (x,), (y,) = pain.getData()
    assert drawn.hover_text_at(float(x), float(y)) == f"{PAIN_NAME} after: 3"


@pytest.mark.parametrize("width", [1000, 420])
@pytest.mark.parametrize("marks", [[], MARKS])
def test_the_markers_at_both_ends_are_whole_inside_the_plot(qtbot, width, marks):
    """A 30-minute session's "after" marker sat 2–6 pixels from the right edge, so half of
    it was cut off (and the "before" marker likewise at the left edge): the unzoomed time
    axis now reaches a marker's width and a bit beyond each end, in pixels."""
    from painease.ui.charts.session import SessionChart

    long = SessionPoint(2, "somatic", POINT.started_at, "completed", 1_800_000, 30.0,
                        5, 4, 3, 2)
    drawn = SessionChart()
    qtbot.addWidget(drawn)
    drawn.resize(width, 420)
    drawn.show()
    qtbot.waitExposed(drawn)
    drawn.set_session(long, None, marks)
    wait_settled(drawn)
    plot = drawn.view.sceneBoundingRect()
    for label, item in markers(drawn).items():
        centre = on_screen(drawn, item)
        reach = item.opts["size"] / 2 + item.opts["pen"].widthF() / 2
        assert plot.left() + reach <= centre.x() <= plot.right() - reach, (
            label, centre.x(), reach, plot)
