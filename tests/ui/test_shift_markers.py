"""The before-and-after chart (walkthrough 2, finding 7): a rating the same before and
after shows both markers, the "before" as a ring around the filled "after", so it never
looks as if nothing was rated before; the words for that session say "no change"."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor

from painease.domain.insights import SessionPoint, session_shifts

T0 = datetime(2026, 11, 21, 9, tzinfo=UTC)
# (pre pain, pre threat, post pain, post threat): pain 1 → 1; pain 2 → 2 and threat 1 → 1;
# threat 0 → 0; the rest move.
RATINGS = [(1, 3, 1, 2), (2, 1, 2, 1), (1, 3, 0, 2), (3, 0, 2, 0)]


def spots(item: pg.ScatterPlotItem):
    """(x, y, size, hollow) of every marker the item draws."""
    x, y = item.getData()
    sizes = item.data["size"]
    sizes = np.where(sizes < 0, item.opts["size"], sizes)
    brushes = item.data["brush"]
    out = []
    for i in range(len(x)):
        brush = brushes[i] if brushes[i] is not None else item.opts["brush"]
        brush = pg.mkBrush(brush)
        hollow = (brush.style() == Qt.BrushStyle.NoBrush or brush.color().alpha() == 0
                  or brush.color() == QColor("#ffffff"))  # the chart's background
        out.append((round(float(x[i]), 6), float(y[i]), float(sizes[i]), hollow))
    return out


def test_a_rating_the_same_before_and_after_shows_both_markers(qtbot):
    from painease.ui.charts.shift import KINDS, ShiftChart

    chart = ShiftChart(theme="light")
    qtbot.addWidget(chart)
    chart.resize(1000, 420)
    chart.show()
    points = [SessionPoint(i, "somatic", T0 + timedelta(days=i), "completed", 600_000, 10.0,
                           *r) for i, r in enumerate(RATINGS)]
    shifts = session_shifts(points)
    chart.set_shifts(shifts, UTC)
    drawn = [s for item in chart.item.items if isinstance(item, pg.ScatterPlotItem)
             for s in spots(item)]
    for slot, shift in enumerate(shifts):
        for attr, _, offset, *_ in KINDS:
            change = getattr(shift, attr)
            x = round(slot + offset, 6)
            here = [s for s in drawn if s[0] == x]
            filled = [s for s in here if s[1] == change.after and not s[3]]
            assert filled, (slot, attr)
            before = [s for s in here if s[1] == change.before and s[3]]
            # Some hollow "before" marker shows: not covered by a filled one as big or bigger.
            widest_filled = max(s[2] for s in here if s[1] == change.before and not s[3]) \
                if change.before == change.after else 0
            assert any(s[2] > widest_filled for s in before), (slot, attr, here)
    # Its words (hover, and the arrow keys' reading) say both ratings and "no change".
    assert "Pain 2 → 2 (no change); Sense of threat 1 → 1 (no change)" in chart._describe(
        shifts[1])


def test_the_hint_says_what_a_ring_means(qtbot, make_window):
    from tests.ui.insights_view import open_insights

    view = open_insights(qtbot, make_window(use_device=False))
    from PySide6.QtWidgets import QLabel

    hints = [lab.text() for lab in view.findChildren(QLabel) if "Hollow markers" in lab.text()]
    assert hints and "a ring around a filled marker is a rating that was the same before" \
        in hints[0]
