"""A stacked "By kind of session" number cell: its column's words, and its number larger
and bold under them.

Stacked (``ScriptsTable``: each session's name on a row of its own, 200 % text in a
small window), a number cell holds its column's words and its number ("Done", then "3").
Written in one style, the words and the number were one block of text, and a reader
scanning for the numbers had to read every word. ``StackedCell`` draws the words in the
table's font and the number under them bold and ``NUMBER_SCALE`` times as large, at the
foot of the cell, so a row's numbers stand on one line. Both are in the table's text
colour (the selection's, selected): the words stay as readable as the rest of the table
(the palette's muted placeholder colour is the text's at half strength here, 3:1 on
white). Other cells are drawn as Qt draws them. The cell's text (``DisplayRole``) stays
"words\\nnumber"; its accessible text names the session too (``ScriptsTable``).

Main thread only.
"""

from __future__ import annotations

from typing import NamedTuple

from PySide6.QtCore import QModelIndex, QRect, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPalette
from PySide6.QtWidgets import QApplication, QStyle, QStyledItemDelegate, QStyleOptionViewItem

STACKED_ROLE = Qt.ItemDataRole.UserRole + 1  # True on a stacked table's number cells
NUMBER_SCALE = 1.25  # the number's size, of the words'
MARGIN = 3  # px either side of the text, as Qt leaves (the focus frame's margin + 1)
V_MARGIN = 2  # px above and below it
ALIGN = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignBottom
LINE_SEPARATOR = "\u2028"


class Part(NamedTuple):
    """One piece of a stacked cell as drawn: its text, font, colour and rectangle."""

    text: str
    font: QFont
    colour: QColor
    rect: QRect


def number_font(words: QFont) -> QFont:
    """The number's font: the words', bold and ``NUMBER_SCALE`` times as large."""
    font = QFont(words)
    font.setBold(True)
    if words.pointSizeF() > 0:
        font.setPointSizeF(words.pointSizeF() * NUMBER_SCALE)
    else:
        font.setPixelSize(round(words.pixelSize() * NUMBER_SCALE))
    return font


def split(text: str) -> tuple[str, str]:
    """A stacked cell's words (one or more lines) and its number (the last line). Its
    lines end in "\n", or in the line separator (U+2028) the style option puts there."""
    words, _, number = text.replace(LINE_SEPARATOR, "\n").rpartition("\n")
    return words, number


def lines(font: QFont, text: str) -> QRect:
    """The room ``text``'s lines take in ``font``, as they are drawn."""
    return QFontMetrics(font).boundingRect(QRect(0, 0, 100_000, 100_000), int(ALIGN), text)


class StackedCell(QStyledItemDelegate):
    """Draws the cells marked ``STACKED_ROLE`` as the module says; others as Qt does."""

    def _option(self, option: QStyleOptionViewItem, index: QModelIndex) -> QStyleOptionViewItem:
        full = QStyleOptionViewItem(option)
        self.initStyleOption(full, index)
        return full

    def parts(self, option: QStyleOptionViewItem, index: QModelIndex) -> list[Part]:
        """The words and the number of the stacked cell at ``index`` as they are drawn in
        ``option.rect``: the number at the cell's foot, the words just above it, both to
        the right (as the numbers are)."""
        full = self._option(option, index)
        words, number = split(full.text)
        selected = bool(full.state & QStyle.StateFlag.State_Selected)
        colour = full.palette.color(QPalette.ColorRole.HighlightedText if selected
                                    else QPalette.ColorRole.Text)
        big = number_font(full.font)
        room = full.rect.adjusted(MARGIN, V_MARGIN, -MARGIN, -V_MARGIN)
        number_height = lines(big, number).height()
        number_rect = QRect(room.left(), room.bottom() - number_height + 1, room.width(),
                            number_height)
        words_height = lines(full.font, words).height()
        words_rect = QRect(room.left(), number_rect.top() - words_height, room.width(),
                           words_height)
        return [Part(words, QFont(full.font), colour, words_rect),
                Part(number, big, colour, number_rect)]

    def paint(self, painter: QPainter, option: QStyleOptionViewItem,
              index: QModelIndex) -> None:
        if not index.data(STACKED_ROLE):
            super().paint(painter, option, index)
            return
        full = self._option(option, index)
        parts = self.parts(option, index)
        full.text = ""  # the background, selection and focus, as Qt draws them
        style = full.widget.style() if full.widget else QApplication.style()
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, full, painter, full.widget)
        painter.save()
        for part in parts:
            painter.setFont(part.font)
            painter.setPen(part.colour)
            painter.drawText(part.rect, int(ALIGN), part.text)
        painter.restore()

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex) -> QSize:  # noqa: N802
        if not index.data(STACKED_ROLE):
            return super().sizeHint(option, index)
        full = self._option(option, index)
        words, number = split(full.text)
        small, big = lines(full.font, words), lines(number_font(full.font), number)
        width = max(small.width(), big.width()) + 2 * MARGIN + 2
        return QSize(width, small.height() + big.height() + 2 * V_MARGIN)
