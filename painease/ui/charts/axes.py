"""The axes every chart has: their titles whole, beside their labels, at any text size.

pyqtgraph counts a bottom axis's height from the tick labels it last measured (18 px
until it has drawn them, whatever the font: 24 px at 200 % text) and 0.8 of its title's
height, and puts the title at the foot of that: at 200 % text the title's words sat some
5 px over the dates or session labels. ``TitledBottom`` counts the labels' height from
their font, puts the title ``TITLE_GAP`` pixels under them, and wraps the title onto
more lines, centred, when it is wider than the axis (a narrow window at large text:
"Minutes into the session" ran past the plot's right edge).

``TitledLeft`` does the same for the left axis, turned: pyqtgraph wrote its title on one
line centred on the axis, and beside a short plot (a chart made 150-200 px high at 200 %
text) "Rating (0–10)" ran over the axis's top and bottom, into the legend and the time
labels; it also put the title 5 px left of the axis, a pixel of it outside the chart.
The title wraps onto more lines when it is longer than the plot's least height
(``wrap_title``), starts at the axis's left edge, and the axis is as wide as its labels,
``TITLE_GAP`` and the title's lines. ``shortest()`` is how tall the axis must be for the
title's longest word: the chart keeps its plot at least that tall
(``Chart._keep_data_height``).

Main thread only. Imports pyqtgraph (see the package docstring).
"""

from __future__ import annotations

import pyqtgraph as pg
from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QFont, QFontMetricsF, QTextOption

from painease.ui.charts.edge_labels import EdgeLabels

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
        _wrap(self.label, self.size().width())

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


def _wrap(title, room: float) -> None:
    """Wrap the title item's words, centred, to ``room`` pixels when they are wider."""
    document = title.document()
    document.setDefaultTextOption(QTextOption(Qt.AlignmentFlag.AlignHCenter))
    whole = document.clone()
    whole.setTextWidth(-1)
    wrap = room if 0 < room < whole.size().width() else -1
    if title.textWidth() != wrap:
        title.setTextWidth(wrap)


class TitledLeft:
    """Mixin for a left ``pg.AxisItem`` (see the module)."""

    def shortest(self) -> float:
        """The axis's least height for its title: the longest word, and the margins."""
        if self.label is None or not self.label.isVisible():
            return 0.0
        narrowest = self.label.document().clone()
        narrowest.setTextWidth(0)  # a line per word
        return narrowest.idealWidth() + 2 * narrowest.documentMargin()

    def _updateWidth(self) -> None:  # noqa: N802 - pyqtgraph's name
        super()._updateWidth()
        if self.orientation != "left" or not self.isVisible() or self.fixedWidth:
            return
        width = max(0, self.style["tickLength"])
        if self.style["showValues"]:
            width += self.textWidth + self.style["tickTextOffset"][0]
        if self.label.isVisible():
            margin = self.label.document().documentMargin()
            width += TITLE_GAP + self.label.boundingRect().height() - 2 * margin
        self.setMaximumWidth(width)
        self.setMinimumWidth(width)

    def wrap_title(self, room: float) -> None:
        """Wrap the title onto as many lines as it needs to be at most ``room`` pixels
        long: the height the chart keeps its plot at, whatever the layout does (wrapped
        to the axis's height now, the wider axis made the plot beside it taller, and the
        title went back to one line, over and over)."""
        if self.label is None:
            return
        _wrap(self.label, room)
        self._updateWidth()
        self.resizeEvent()

    def resizeEvent(self, event=None) -> None:  # noqa: N802 - Qt override
        super().resizeEvent(event)
        if self.label is None or self.orientation != "left":
            return
        title = self.label.boundingRect()
        margin = self.label.document().documentMargin()
        self.label.setPos(QPointF(-margin, int(self.size().height() / 2 + title.width() / 2)))


class LeftAxis(TitledLeft, pg.AxisItem):
    """The left axis of every chart."""

    def __init__(self, **kwargs):
        super().__init__(orientation="left", **kwargs)


class BottomAxis(EdgeLabels, TitledBottom, pg.AxisItem):
    """The bottom axis of a chart without dates, its labels at the view's ends kept."""

    def __init__(self, **kwargs):
        super().__init__(orientation="bottom", **kwargs)
