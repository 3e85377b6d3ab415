"""The bottom axis every chart has: its title whole and below the labels at any text size.

pyqtgraph counts a bottom axis's height from the tick labels it last measured (18 px
until it has drawn them, whatever the font: 24 px at 200 % text) and 0.8 of its title's
height, and puts the title at the foot of that: at 200 % text the title's words sat some
5 px over the dates or session labels. ``TitledBottom`` counts the labels' height from
their font, puts the title ``TITLE_GAP`` pixels under them, and wraps the title onto
more lines, centred, when it is wider than the axis (a narrow window at large text:
"Minutes into the session" ran past the plot's right edge).

Main thread only. Imports pyqtgraph (see the package docstring).
"""

from __future__ import annotations

import pyqtgraph as pg
from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QFont, QFontMetricsF, QTextOption

TITLE_GAP = 4  # pixels between the tick labels' foot and the title's words


class TitledBottom:
    """Mixin for a bottom ``pg.AxisItem`` (see the module)."""

    def _labels_height(self) -> float:
        if not self.style["showValues"]:
            return 0.0
        font = QFontMetricsF(self.style["tickFont"] or QFont()).height()
        return (max(self.textHeight, font) + self.style["tickTextOffset"][1]
                + max(0, self.style["tickLength"]))

    def _fit_title(self) -> None:
        """Wrap the title to the axis's width when it is wider (one line when it fits)."""
        title = self.label
        document = title.document()
        document.setDefaultTextOption(QTextOption(Qt.AlignmentFlag.AlignHCenter))
        whole = document.clone()
        whole.setTextWidth(-1)
        room = self.size().width()
        wrap = room if 0 < room < whole.size().width() else -1
        if title.textWidth() != wrap:
            title.setTextWidth(wrap)

    def _updateHeight(self) -> None:  # noqa: N802 - pyqtgraph's name
        super()._updateHeight()
        if self.orientation != "bottom" or not self.isVisible() or self.fixedHeight:
            return
        height = self._labels_height()
        if self.label.isVisible():
            margin = self.label.document().documentMargin()
            height += TITLE_GAP + self.label.boundingRect().height() - margin
        self.setMaximumHeight(height)
        self.setMinimumHeight(height)

    def resizeEvent(self, event=None) -> None:  # noqa: N802 - Qt override
        if self.label is None or self.orientation != "bottom":
            super().resizeEvent(event)
            return
        before = self.label.boundingRect().height()
        self._fit_title()
        super().resizeEvent(event)
        title = self.label.boundingRect()
        margin = self.label.document().documentMargin()
        self.label.setPos(QPointF(int(self.size().width() / 2 - title.width() / 2),
                                  self._labels_height() + TITLE_GAP - margin))
        if title.height() != before:
            self._updateHeight()  # a line more or fewer


class BottomAxis(TitledBottom, pg.AxisItem):
    """The bottom axis of a chart without dates."""

    def __init__(self, **kwargs):
        super().__init__(orientation="bottom", **kwargs)
