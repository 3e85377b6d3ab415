"""Change in the sense of threat against pain change across sessions, with the fitted
line, r and n.

Ratings are whole numbers, so many sessions share a point: each (threat change, pain
change) pair is drawn once, its marker area growing with the number of sessions there
(hover and the keys say how many, in words: "Sense of threat down 2, pain down 1: 3
sessions"). The trend line
(least squares), r and n come from the domain's ``Link``; when there are too few sessions
for them (``link.enough`` is false) only the points are drawn.

Main thread only. Imports pyqtgraph (see the package docstring).
"""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor

from painease.domain.insights import Link
from painease.domain.vocabulary import THREAT_NAME, counted
from painease.ui.charts.base import Chart, pen

THREAT = THREAT_NAME.lower()


def cells(xs: np.ndarray, ys: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Distinct (x, y) pairs and how many times each occurs."""
    if len(xs) == 0:
        empty = np.zeros(0)
        return empty, empty, empty.astype(int)
    pairs, counts = np.unique(np.column_stack([xs, ys]), axis=0, return_counts=True)
    return pairs[:, 0], pairs[:, 1], counts


def moved(value: float) -> str:
    """A change in plain words, as the before-and-after chart says it: "down 2", "up 1",
    "no change"."""
    if not value:
        return "no change"
    return f"{'down' if value < 0 else 'up'} {abs(value):g}"


class LinkChart(Chart):
    """``set_link(link)``: x = change in fear, y = change in pain (after − before)."""

    def __init__(self, **style):
        super().__init__("link-chart", f"Change in {THREAT} and in pain", **style)
        self._link: Link | None = None
        self.view.setMouseEnabled(x=False, y=False)

    def set_link(self, link: Link) -> None:
        self._link = link
        self.redraw()

    def redraw(self) -> None:
        self.clear()
        c, link = self.colours, self._link
        for axis in ("v", "h"):
            line = pg.InfiniteLine(0, angle=90 if axis == "v" else 0,
                                   pen=pen(c.muted, 1, Qt.PenStyle.DotLine))
            self.item.addItem(line)
        x, y, counts = cells(np.asarray(link.fear_changes if link else [], dtype=float),
                             np.asarray(link.pain_changes if link else [], dtype=float))
        sizes = 8 + 5 * np.sqrt(counts) if len(counts) else []
        sizes = np.minimum(sizes, 40) if len(counts) else []
        fill = QColor(c.pain)
        fill.setAlpha(150)
        dots = pg.ScatterPlotItem(x, y, size=sizes, symbol="o", pen=pen(c.pain, 1.5),
                                  brush=pg.mkBrush(fill))
        self.item.addItem(dots)
        self.legend.addItem(dots, "Sessions (bigger dot = more sessions)")

        def describe(i: int) -> str:
            n = int(counts[i])
            return (f"{THREAT_NAME} {moved(x[i])}, pain {moved(y[i])}: "
                    f"{counted(n, 'session', 'sessions')}")

        self.hover_points(x, y, describe)
        if link is not None and link.enough and link.slope is not None:
            ends = np.array([x.min(), x.max()]) if len(x) else np.array([-1.0, 1.0])
            fitted = pg.PlotDataItem(ends, link.slope * ends + link.intercept,
                                     pen=pen(c.fear, 3, Qt.PenStyle.DashLine))
            self.item.addItem(fitted)
            self.legend.addItem(fitted, f"Trend line ({counted(link.n, 'session', 'sessions')})")
        reach = max(3.0, float(np.abs(x).max()) if len(x) else 0, float(np.abs(y).max())
                    if len(y) else 0) + 1
        self.view.setRange(xRange=(-reach, reach), yRange=(-reach, reach), padding=0)
        # Short enough for the chart at 200 % text in a small window (it said "…(points,
        # after − before)" and lost its end); the card's caption says how it is counted.
        self.axis_labels("Change in pain", f"Change in {THREAT}")
