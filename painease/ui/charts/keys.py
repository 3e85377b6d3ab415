"""Every Insights chart from the keyboard: its points one by one, and zoom where it moves.

``ChartKeys(chart)`` makes the chart's plot focusable (Tab reaches it; the theme's focus
border shows where, and the page scrolls the whole chart into view) and handles, while it
has focus:
``↓``/``↑`` step to the next/previous point, left to right, of those the chart lets the
pointer describe (``Chart.hover_points``): the view follows it, its values show as a
tooltip (``hover_text``, as for the mouse) and become part of the plot's accessible name,
so a screen reader says them; the name goes back to the title when focus leaves.
A chart that moves along its x axis with the mouse (over time, one session) also zooms and
moves from the keyboard: ``+``/``=`` zoom in, ``-`` zoom out (around the middle of the
view), ``←``/``→`` move by a fifth of the view, ``Home`` shows everything again; the view
box's limits still apply. On a chart that stays put (before and after, fear and pain
together) ``←``/``→`` step from point to point like ``↓``/``↑``. ``hint`` says which, for
the chart's card.

Main thread only. Imports pyqtgraph through ``base`` (see the package docstring).
"""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QEvent, QObject, QPointF, Qt
from PySide6.QtWidgets import QScrollArea, QToolTip

from painease.ui.charts.base import Chart

ZOOM = 0.7  # each key press keeps this share of the visible span
STEP = 0.2  # each arrow moves by this share of it
ZOOM_HINT = (" With the chart focused: + and − zoom, ← and → move, Home shows all, ↓ and ↑ "
             "go from point to point and say its values.")
POINTS_HINT = " With the chart focused, the arrow keys go from point to point and say its values."


class ChartKeys(QObject):
    def __init__(self, chart: Chart):
        super().__init__(chart)
        self.chart = chart
        self.zooms = bool(chart.view.state["mouseEnabled"][0])  # as the mouse may
        self.hint = ZOOM_HINT if self.zooms else POINTS_HINT
        chart.plot.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        chart.plot.installEventFilter(self)
        self._at: tuple[float, float, str] | None = None  # the point ↓/↑ last went to

    def eventFilter(self, watched, event) -> bool:  # noqa: N802 - Qt override
        if event.type() == QEvent.Type.FocusIn:
            self._bring_into_view()
            return False
        if event.type() == QEvent.Type.FocusOut:
            self.chart.plot.setAccessibleName(self.chart.title)
            return False
        if event.type() != QEvent.Type.KeyPress:
            return False
        return self.press(event.key(), event.text())

    def _bring_into_view(self) -> None:
        """Scroll the page so the whole chart shows. Tabbing into a scroll area shows only
        the focused widget's cursor rectangle, and a QGraphicsView reports an empty one at
        its top-left corner: the chart the keys act on stayed mostly below the fold."""
        parent = self.chart.parentWidget()
        while parent is not None and not isinstance(parent, QScrollArea):
            parent = parent.parentWidget()
        if parent is not None:
            parent.ensureWidgetVisible(self.chart, 0, 0)

    def press(self, key: int, text: str = "") -> bool:
        """Act on one key; True when it was one of ours."""
        if not self.zooms:
            if key in (Qt.Key.Key_Down, Qt.Key.Key_Right, Qt.Key.Key_Up, Qt.Key.Key_Left):
                self.step(+1 if key in (Qt.Key.Key_Down, Qt.Key.Key_Right) else -1)
                return True
            return False
        view = self.chart.view
        (x0, x1), _ = view.viewRange()
        middle, span = (x0 + x1) / 2, x1 - x0
        if text in ("+", "="):
            view.setXRange(middle - span * ZOOM / 2, middle + span * ZOOM / 2, padding=0)
        elif text == "-":
            view.setXRange(middle - span / ZOOM / 2, middle + span / ZOOM / 2, padding=0)
        elif key == Qt.Key.Key_Left:
            view.setXRange(x0 - span * STEP, x1 - span * STEP, padding=0)
        elif key == Qt.Key.Key_Right:
            view.setXRange(x0 + span * STEP, x1 + span * STEP, padding=0)
        elif key == Qt.Key.Key_Home:
            self.chart.redraw()  # draws the whole range again
        elif key in (Qt.Key.Key_Down, Qt.Key.Key_Up):
            self.step(+1 if key == Qt.Key.Key_Down else -1)
            return True
        else:
            return False
        if key != Qt.Key.Key_Home:  # moved by the person, as a mouse drag or wheel is
            view.sigRangeChangedManually.emit(view.state["mouseEnabled"])
        return True

    def step(self, direction: int) -> str:
        """Go to the next (+1) or previous (-1) point and say its values; returns them
        ('' when the chart has no points). Points sharing an x (pain and fear on one day)
        are visited one after the other."""
        points = self._points()
        if not points:
            return ""
        chart, view = self.chart, self.chart.view
        (x0, x1), _ = view.viewRange()
        if self._at in points:
            index = min(max(points.index(self._at) + direction, 0), len(points) - 1)
        else:  # the first press (or new data): the first, or last, point in view
            shown = [i for i, p in enumerate(points) if x0 <= p[0] <= x1] or [0, len(points) - 1]
            index = shown[0] if direction > 0 else shown[-1]
        self._at = x, y, text = points[index]
        if not x0 <= x <= x1:  # keep the span, centred on the point
            span = x1 - x0
            view.setXRange(x - span / 2, x + span / 2, padding=0)
            view.sigRangeChangedManually.emit(view.state["mouseEnabled"])
        chart.hover_text = text
        chart.plot.setAccessibleName(f"{chart.title}. {text}")
        scene = view.mapViewToScene(QPointF(x, y))
        where = chart.plot.mapToGlobal(chart.plot.mapFromScene(scene))
        QToolTip.showText(where, text, chart.plot)
        return text

    def _points(self) -> list[tuple[float, float, str]]:
        """Every point the chart describes, left to right: (x, y, its values). Points that
        say the same (a day's pain, average and fear; a session's before and after) give one
        stop, the leftmost."""
        points = sorted(((float(xs[i]), float(ys[i]), describe(int(i)))
                         for xs, ys, describe in self.chart._hover
                         for i in np.flatnonzero(np.isfinite(xs) & np.isfinite(ys))),
                        key=lambda p: (p[0], p[1]))
        stops: dict[str, tuple[float, float, str]] = {}
        for point in points:
            stops.setdefault(point[2], point)
        return list(stops.values())
