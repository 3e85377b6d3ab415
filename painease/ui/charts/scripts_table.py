"""The "By kind of session" table, laid out so every header and number is whole at any text
size the window leaves room for.

``ScriptsTable(headers)`` keeps its number columns as wide as their contents and gives the
session column (the first) the rest, wrapping session names at their spaces. When the
headers on their lines leave the session column narrower than its longest word (200 % text
in the window's default size), each header is wrapped onto up to three lines, as narrow as
its longest word allows, and goes back to its own lines when there is room again. The
table is as tall as its header and first ``SHOWN_ROWS`` rows at every width, so names that
wrap onto more lines are never hidden behind a scroll bar.

Main thread only.
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import combinations

from PySide6.QtGui import QFontMetrics, QResizeEvent
from PySide6.QtWidgets import QHeaderView, QStyle, QTableWidget

SHOWN_ROWS = 8  # rows the table is tall enough for; more scroll
MAX_LINES = 3  # a wrapped header's lines
CELL_MARGIN = 3  # px Qt leaves either side of a cell's text (the focus frame's margin + 1)


def wrapped(text: str, metrics: QFontMetrics, max_lines: int = MAX_LINES) -> str:
    """``text`` broken at spaces onto at most ``max_lines`` lines, as narrow as that allows
    (a single word stays whole)."""
    words = text.split()
    if len(words) <= 1:
        return text
    width = metrics.horizontalAdvance
    best: list[str] = [" ".join(words)]
    for cuts in range(1, min(max_lines, len(words))):
        for where in combinations(range(1, len(words)), cuts):
            bounds = (0, *where, len(words))
            lines = [" ".join(words[a:b]) for a, b in zip(bounds, bounds[1:], strict=False)]
            if max(map(width, lines)) < max(map(width, best)):
                best = lines
    return "\n".join(best)


class ScriptsTable(QTableWidget):
    """A table whose first column stretches and wraps; its headers wrap when the window is
    too narrow for them on their own lines (see the module docstring)."""

    def __init__(self, headers: Sequence[str]) -> None:
        super().__init__(0, len(headers))
        self.headers = list(headers)
        self.setHorizontalHeaderLabels(self.headers)
        self.setWordWrap(True)
        header = self.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column in range(1, len(headers)):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        # A column's new width changes how many lines its words take, so the rows' height.
        header.sectionResized.connect(self._fit_height)
        header.geometriesChanged.connect(self._fit_height)
        self.horizontalScrollBar().rangeChanged.connect(self._fit_height)

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 (Qt's name)
        super().resizeEvent(event)
        self.fit()

    def fit(self) -> None:
        """Choose the headers' lines for the width there is, then the table's height. If
        even wrapped headers leave the session column too narrow for its longest word, it
        keeps that width and the table scrolls sideways (every word whole)."""
        metrics = self.horizontalHeader().fontMetrics()
        room = self.viewport().width()
        labels = self.headers
        first, rest = self._needed_widths(labels)
        if first + rest > room:
            labels = [self.headers[0], *(wrapped(h, metrics) for h in self.headers[1:])]
            first, rest = self._needed_widths(labels)
        if labels != [self.horizontalHeaderItem(c).text() for c in range(self.columnCount())]:
            self.setHorizontalHeaderLabels(labels)
        header = self.horizontalHeader()
        if first + rest <= room:
            header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        else:
            header.setSectionResizeMode(0, QHeaderView.ResizeMode.Fixed)
            header.resizeSection(0, first)
        self._fit_height()

    def _needed_widths(self, labels: Sequence[str]) -> tuple[int, int]:
        """The widths the columns need with these header texts: the first (its longest
        word) and the number columns together (their contents)."""
        header = self.horizontalHeader()
        metrics = header.fontMetrics()
        margin = header.style().pixelMetric(QStyle.PixelMetric.PM_HeaderMargin, None, header)

        def header_width(text: str) -> int:
            return max(map(metrics.horizontalAdvance, text.split("\n"))) + 2 * margin + 2

        words = [word for row in range(self.rowCount()) if self.item(row, 0)
                 for word in self.item(row, 0).text().split()]
        cell = self.fontMetrics()
        first = max([header_width(labels[0]),
                     *(cell.horizontalAdvance(w) + 2 * CELL_MARGIN + 2 for w in words)])
        return first, sum(max(header_width(labels[c]), self.sizeHintForColumn(c))
                          for c in range(1, self.columnCount()))

    def _fit_height(self) -> None:
        self.resizeRowsToContents()  # as many lines as its words take at the widths now
        rows = sum(self.rowHeight(r) for r in range(min(self.rowCount(), SHOWN_ROWS)))
        height = self.horizontalHeader().sizeHint().height() + rows + 2 * self.frameWidth()
        bar = self.horizontalScrollBar()
        if bar.maximum() > 0:  # shown (as needed), or about to be
            height += bar.sizeHint().height()
        if self.height() != height:
            self.setFixedHeight(height)
