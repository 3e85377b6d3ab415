"""Zoom and move along a chart's x axis from the keyboard, as the mouse does.

``KeyboardZoom(chart)`` makes the chart's plot focusable (Tab reaches it; a focus border
in the theme's pain colour shows where, and the page scrolls the whole chart into view)
and handles, while it has focus:
``+``/``=`` zoom in, ``-`` zoom out (around the middle of the view), ``←``/``→`` move by a
fifth of the view, ``Home`` shows everything again. The view box's limits still apply.

Main thread only. Imports pyqtgraph through ``base`` (see the package docstring).
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import QScrollArea

from painease.ui.charts.base import Chart

ZOOM = 0.7  # each key press keeps this share of the visible span
STEP = 0.2  # each arrow moves by this share of it
HINT = " With the chart focused: + and − zoom, ← and → move, Home shows all."


class KeyboardZoom(QObject):
    def __init__(self, chart: Chart):
        super().__init__(chart)
        self.chart = chart
        chart.plot.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        chart.plot.installEventFilter(self)

    def eventFilter(self, watched, event) -> bool:  # noqa: N802 - Qt override
        if event.type() == QEvent.Type.FocusIn:
            self._bring_into_view()
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
        else:
            return False
        return True
