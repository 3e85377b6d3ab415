"""The "By kind of session" table, laid out so every header and number is whole at any text
size the window leaves room for.

``ScriptsTable(headers)`` shows the rows given to ``set_rows`` (a session's name, then its
numbers). It keeps its number columns as wide as their contents and gives the session
column (the first) the rest, wrapping session names at their spaces. When the headers on
their lines leave the session column narrower than its longest word (200 % text in the
window's default size), each header is wrapped onto up to three lines, as narrow as its
longest word allows, and goes back to its own lines when there is room again. When even
that leaves too little room (200 % text in an 800 × 600 window), the table reflows: each
session's name has a row of its own across the table, its numbers the row beneath, and
the session column is hidden; it goes back when there is room. Stacked, each number
carries its column's words above it ("Done", then "3") and the header row is hidden: far
down the page a sighted reader no longer has the header in view, and a screen reader
hears "Paced breathing, Done: 3" (the cell's accessible text), not a bare "3" under a
name a row above; the number is drawn bold and larger than its words (``StackedCell``),
so it stands out from them. When the number
columns side by side are still wider than the table (200 % text on a 20 pt desktop),
each number has a row of its own under its session's name, its words above it, across
the table ("listed"). Only a single word wider than the table makes it scroll sideways.
The table is as tall as its header and first ``SHOWN_ROWS`` sessions at every width, so
names that wrap onto more lines are never hidden behind a scroll bar.

Main thread only.
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import combinations

from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QFontMetrics, QResizeEvent
from PySide6.QtWidgets import QHeaderView, QStyle, QTableWidget, QTableWidgetItem

from painease.ui.charts.stacked_cell import STACKED_ROLE, StackedCell

SHOWN_ROWS = 8  # sessions the table is tall enough for; more scroll
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
        self.rows: list[tuple[str, ...]] = []  # as given to set_rows
        self._layouts = 0  # how many times the rows were laid out (``_fit_name_rows``)
        self.listed = False  # each number on a row of its own (see the module docstring)
        self.setHorizontalHeaderLabels(self.headers)
        self.setWordWrap(True)
        self.setItemDelegate(StackedCell(self))  # a stacked cell's number stands out
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

    @property
    def stacked(self) -> bool:
        """Each name on a row of its own above its numbers (see the module docstring)."""
        return self.listed or self.isColumnHidden(0)

    def set_rows(self, rows: Sequence[Sequence[str]]) -> None:
        """Show ``rows`` (one per session: its name, then a text per number column), laid
        out for the width there is."""
        self.rows = [tuple(row) for row in rows]
        self._lay_out(self.stacked, self.listed)
        self.fit()

    @property
    def rows_per_session(self) -> int:
        """The table rows one session takes in the layout now."""
        if self.listed:
            return self.columnCount()
        return 2 if self.stacked else 1

    def _lay_out(self, stacked: bool, listed: bool = False) -> None:
        """One table row per session, or (``stacked``) a name row spanning the table above
        a row of numbers, each under its column's words (as the header has them now),
        with the session column and the header row hidden, or (``listed``) the name row
        above a row per number, in the session column, the number columns hidden."""
        self._layouts += 1  # items replaced: a fit running on the old ones stops
        self.clearSpans()
        self.listed = stacked and listed
        self.setRowCount(len(self.rows) * self.rows_per_session)
        self.setColumnHidden(0, stacked and not self.listed)
        for column in range(1, self.columnCount()):
            self.setColumnHidden(column, self.listed)
        self.horizontalHeader().setHidden(stacked)
        labels = self._labels()
        for index, cells in enumerate(self.rows):
            row = index * self.rows_per_session
            for column, text in enumerate(cells):
                item = QTableWidgetItem(f"{labels[column]}\n{text}" if stacked and column
                                        else text)
                if column:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight
                                          | Qt.AlignmentFlag.AlignVCenter)
                if stacked and column:
                    words = " ".join(self.headers[column].split())
                    item.setData(Qt.ItemDataRole.AccessibleTextRole,
                                 f"{cells[0]}, {words}: {text}")
                    item.setData(STACKED_ROLE, True)
                if self.listed:
                    self.setItem(row + column, 0, item)
                else:
                    self.setItem(row + 1 if stacked and column else row, column, item)
            if stacked and not self.listed:
                self.setSpan(row, 0, 1, self.columnCount())
        self.resizeRowsToContents()

    def fit(self) -> None:
        """Choose the headers' lines and the layout for the width there is, then the
        table's height. If even the number columns alone, headers wrapped, are wider
        than the table, each number has a row of its own."""
        metrics = self.horizontalHeader().fontMetrics()
        room = self.viewport().width()
        shorter = [self.headers[0], *(wrapped(h, metrics) for h in self.headers[1:])]
        for labels, stacked in ((self.headers, False), (shorter, False),
                                (self.headers, True), (shorter, True)):
            first, rest = self._needed_widths(labels)
            if rest + (0 if stacked else first) <= room:
                listed = False
                break
        else:
            listed = True
        relabelled = labels != self._labels()
        if relabelled:
            self.setHorizontalHeaderLabels(labels)
        if (stacked, listed) != (self.stacked, self.listed) or (stacked and relabelled):
            self._lay_out(stacked, listed)
        header = self.horizontalHeader()
        fill = QHeaderView.ResizeMode.Stretch  # the column that takes the room left
        fitted = QHeaderView.ResizeMode.ResizeToContents
        first_mode = QHeaderView.ResizeMode.Fixed if stacked and not listed else fill
        header.setSectionResizeMode(0, first_mode)
        header.setSectionResizeMode(self.columnCount() - 1, fill if stacked else fitted)
        self._fit_height()

    def _labels(self) -> list[str]:
        """The header's words now, a column's lines as the header has them."""
        return [self.horizontalHeaderItem(c).text() for c in range(self.columnCount())]

    def _needed_widths(self, labels: Sequence[str]) -> tuple[int, int]:
        """The widths the columns need with these header texts: the first (its longest
        word) and the number columns together (their contents)."""
        header = self.horizontalHeader()
        metrics = header.fontMetrics()
        margin = header.style().pixelMetric(QStyle.PixelMetric.PM_HeaderMargin, None, header)

        def header_width(text: str) -> int:
            return max(map(metrics.horizontalAdvance, text.split("\n"))) + 2 * margin + 2

        words = [word for row in self.rows for word in row[0].split()]
        cell = self.fontMetrics()
        first = max([header_width(labels[0]),
                     *(cell.horizontalAdvance(w) + 2 * CELL_MARGIN + 2 for w in words)])
        return first, sum(max(header_width(labels[c]), self._contents_width(c))
                          for c in range(1, self.columnCount()))

    def _contents_width(self, column: int) -> int:
        """The width number column ``column``'s cells need, wherever they are now (listed,
        in the session column)."""
        if not self.listed:
            return self.sizeHintForColumn(column)
        cells = (self.model().index(row + column, 0)
                 for row in range(0, self.rowCount(), self.rows_per_session))
        grid = 1 if self.showGrid() else 0
        return max((self.sizeHintForIndex(cell).width() + grid for cell in cells), default=0)

    def _fit_height(self) -> None:
        self.resizeRowsToContents()  # as many lines as its words take at the widths now
        if self.stacked and not self.listed:
            self._fit_name_rows()
        shown = SHOWN_ROWS * self.rows_per_session
        rows = sum(self.rowHeight(r) for r in range(min(self.rowCount(), shown)))
        header = self.horizontalHeader()
        height = (0 if header.isHidden() else header.sizeHint().height()) + rows
        height += 2 * self.frameWidth()
        bar = self.horizontalScrollBar()
        if bar.maximum() > 0:  # shown (as needed), or about to be
            height += bar.sizeHint().height()
        if self.height() != height:
            self.setFixedHeight(height)

    def _fit_name_rows(self) -> None:
        """Make each name row of a stacked table as tall as its name's lines across the
        table (Qt sizes a row by the width of the cell's own column, here hidden)."""
        metrics = self.fontMetrics()
        layouts = self._layouts
        for row in range(0, self.rowCount(), 2):
            if self.item(row, 0) is None:
                continue
            # Measuring can run Qt's pending layout, which may fit (and lay out) the table
            # again from inside this loop: its items are then new, and fitted already.
            width = self.visualRect(self.model().index(row, 0)).width() - 2 * CELL_MARGIN
            if self._layouts != layouts:
                return
            if width <= 0:
                continue
            lines = metrics.boundingRect(QRect(0, 0, width, 100_000),
                                         int(Qt.TextFlag.TextWordWrap), self.rows[row // 2][0])
            need = self.rowHeight(row) - metrics.height() + lines.height()
            if need > self.rowHeight(row):
                self.setRowHeight(row, need)
