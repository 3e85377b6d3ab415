"""A results table that fits its window: columns as wide as their words allow, headers
that wrap, and a height that follows its rows (the Outcomes tab's, ``cohort_view``).

``fit_columns(table)``: columns as wide as their contents; when that is wider than the
table (200 % text), the wide ones give up width and their words wrap, never narrower
than their longest word (``longest_word``); when narrower, the room left is shared out.
The header is made as tall as its wrapped titles (``header_height``: Qt does not grow it
for wrapping), and the table as tall as its rows. Main thread only (Qt widgets).
"""

from __future__ import annotations

import math

from PySide6.QtCore import QRect, Qt
from PySide6.QtWidgets import QTableWidget


def fit_columns(table: QTableWidget) -> None:
    """Columns as wide as their contents; when that is wider than the table (200 %
    text), the wide ones give up width and their words wrap, never narrower than their
    longest word, so most of the table is in view. When it is narrower, every column
    gets an equal share of the room left, so the table has no empty grey strip at its
    right. Rows and the table's height follow."""
    table.resizeColumnsToContents()
    widths = [table.columnWidth(c) for c in range(table.columnCount())]
    slack = [max(0, w - longest_word(table, c)) for c, w in enumerate(widths)]
    excess = sum(widths) - table.viewport().width()
    if excess > 0 and sum(slack):
        share = min(1.0, excess / sum(slack))
        for column, (width, spare) in enumerate(zip(widths, slack, strict=True)):
            table.setColumnWidth(column, width - math.ceil(spare * share))
    elif excess < 0 and widths:
        extra, left = divmod(-excess, len(widths))
        for column, width in enumerate(widths):
            table.setColumnWidth(column, width + extra + (column < left))
    table.resizeRowsToContents()
    header = table.horizontalHeader()
    header.setMinimumHeight(header_height(table))  # Qt does not grow it for wrapping
    # As tall as its rows (the page scrolls), plus room for a horizontal scroll bar
    # when the columns, even narrowed, are wider than the table.
    rows = sum(table.rowHeight(r) for r in range(table.rowCount()))
    wide = header.length() > table.viewport().width()
    table.setFixedHeight(max(header.sizeHint().height(), header.minimumHeight()) + rows
                         + (table.horizontalScrollBar().sizeHint().height() if wide else 0)
                         + 2 * table.frameWidth() + 4)


def header_height(table: QTableWidget) -> int:
    """How tall the header must be for its titles, wrapped at their columns' widths."""
    header, metrics = table.horizontalHeader(), table.fontMetrics()
    pad = 2 * metrics.averageCharWidth()
    flags = Qt.AlignmentFlag.AlignCenter.value | Qt.TextFlag.TextWordWrap.value
    tallest = max((metrics.boundingRect(QRect(0, 0, max(1, header.sectionSize(c) - pad),
                                              100_000), flags,
                                        table.horizontalHeaderItem(c).text()).height()
                   for c in range(table.columnCount())), default=0)
    return tallest + metrics.lineSpacing() // 2 + 4


def longest_word(table: QTableWidget, column: int) -> int:
    """The width of the longest word in ``column`` (header included), with padding."""
    metrics = table.fontMetrics()
    texts = [table.horizontalHeaderItem(column).text()] + [
        table.item(r, column).text() for r in range(table.rowCount())
        if table.item(r, column) is not None]
    words = [word for text in texts for word in text.split()]
    widest = max((metrics.horizontalAdvance(word) for word in words), default=0)
    return widest + 2 * metrics.averageCharWidth()
