"""The 0–10 rating axis: its labels at least half a line apart, at any height and text size.

The rating charts labelled 0, 2, 4 … 10 whatever their height: on a before-and-after
chart made 150 px high at 200 % text the labels' lines overlapped, and "10", "8" and "6"
nearly touched. ``RatingAxis`` measures a label's line in its own font and labels every
``STEPS`` rating, the densest whose labels are at least ``GAP_SHARE`` of a line apart
(never less than ``MIN_GAP_PX``): 0, 2 … 10 where there is room, else 0, 5, 10, else 0
and 10, which it keeps whenever two labels fit without touching (and "0" alone when not
even two do: a plot that short does not happen, the chart keeps its data taller). The
ratings between keep their ticks and grid lines, unlabelled.

Main thread only. Imports pyqtgraph (see the package docstring).
"""

from __future__ import annotations

import math

from PySide6.QtGui import QFont, QFontMetricsF

from painease.ui.charts.axes import LeftAxis

STEPS = (2, 5, 10)  # ratings between two labels
GAP_SHARE = 0.5  # of a label's line, between two labels' lines
MIN_GAP_PX = 4
LOWEST, HIGHEST = 0, 10


class RatingAxis(LeftAxis):
    """The left axis of a chart of 0–10 ratings (see the module)."""

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.setStyle(maxTextLevel=0)  # the labelled row only: tickValues keeps them apart

    def line_px(self) -> float:
        """A label's line in the axis' font, in pixels."""
        return QFontMetricsF(self.style["tickFont"] or QFont()).height()

    def label_step(self, px_per_rating: float) -> int | None:
        """Ratings between two labels at ``px_per_rating``; None: not even 0 and 10 fit."""
        line = self.line_px()
        apart = line + max(MIN_GAP_PX, GAP_SHARE * line)
        for step in STEPS:
            if step * px_per_rating >= apart:
                return step
        return STEPS[-1] if STEPS[-1] * px_per_rating >= line else None

    def tickValues(self, minVal, maxVal, size):  # noqa: N802, N803 - pyqtgraph's names
        low, high = sorted((minVal, maxVal))
        if size <= 0 or high - low <= 0:
            return []
        first = max(LOWEST, math.ceil(low))
        last = min(HIGHEST, math.floor(high))
        step = self.label_step(size / (high - low))
        if step is None:
            labelled = [LOWEST] if first <= LOWEST <= last else []
        else:
            labelled = [v for v in range(first, last + 1) if v % step == 0]
        between = [v for v in range(first, last + 1) if v % STEPS[0] == 0 and v not in labelled]
        return [(step or HIGHEST, [float(v) for v in labelled]),
                (STEPS[0], [float(v) for v in between])]

    def tickStrings(self, values, scale, spacing):  # noqa: N802 - pyqtgraph's name
        return [str(round(v)) for v in values]
