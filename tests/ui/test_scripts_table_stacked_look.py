"""Stacked (200 % text, 610 × 600), a "By kind of session" number stands out from the
words above it: larger and bold, at the cell's foot, and readable (4.5:1 or more) in the
light and dark looks, selected or not.

Each number cell held its column's words and its number in one style ("Done", then "3"),
one block of text: a reader looking for the numbers read every word. Read back from the
table as it is painted: the lines of ink in each number cell, their height and their
contrast with the cell's own colour.
"""

from __future__ import annotations

from collections import Counter

import pytest
from PySide6.QtCore import QRect
from PySide6.QtGui import QColor, QFont, QImage

from tests.ui.insights_view import open_insights
from tests.ui.settled import wait_settled
from tests.ui.test_scripts_table_large_text import sessions  # noqa: F401 - a fixture
from tests.ui.test_theme_marks import contrast

INK = 1.5  # a pixel this far from the cell's colour (contrast) is text


def ink_lines(image: QImage, rect: QRect) -> tuple[QColor, list[tuple[int, float]]]:
    """The cell's colour (its commonest pixel) and its lines of ink, top to bottom: each
    line's height in pixels and its strongest contrast with the cell's colour."""
    inner = rect.adjusted(2, 2, -2, -2)  # not the grid or a focus frame
    pixels = {(x, y): QColor(image.pixel(x, y))
              for y in range(inner.top(), inner.bottom() + 1)
              for x in range(inner.left(), inner.right() + 1)}
    ground = QColor(Counter(c.rgb() for c in pixels.values()).most_common(1)[0][0])
    rows = []
    for y in range(inner.top(), inner.bottom() + 1):
        row = [contrast(pixels[x, y], ground) for x in range(inner.left(), inner.right() + 1)]
        rows.append(max(row))
    lines, start = [], None
    for y, strongest in enumerate([*rows, 1.0]):
        if strongest >= INK and start is None:
            start = y
        elif strongest < INK and start is not None:
            lines.append((y - start, max(rows[start:y])))
            start = None
    return ground, lines


def stacked_table(qtbot, make_window, preset, theme):
    preset(text_size=200, theme=theme, welcome_seen=True)
    window = make_window(use_device=False)
    window.resize(610, 600)  # as an 800 px window left it beside the page list of before
    table = open_insights(qtbot, window).table
    wait_settled(window)
    qtbot.waitUntil(lambda: table.stacked)
    return table


@pytest.mark.parametrize("theme", ["light", "dark"])
@pytest.mark.parametrize("selected", [False, True])
def test_a_stacked_number_stands_out_from_its_words(qtbot, make_window, preset, sessions,  # noqa: F811
                                                     theme, selected):
    table = stacked_table(qtbot, make_window, preset, theme)
    table.clearSelection()
    if selected:
        table.selectRow(1)  # the first session's numbers
    qtbot.wait(1)
    image = table.viewport().grab().toImage()
    assert image.width() == table.viewport().width()  # one pixel a pixel, as measured
    cells = 0
    for row in range(1, table.rowCount(), 2):
        if selected and row != 1:
            continue
        for column in range(1, table.columnCount()):
            item = table.item(row, column)
            ground, lines = ink_lines(image, table.visualItemRect(item))
            assert len(lines) >= 2, (item.text(), lines)
            words, number = lines[0], lines[-1]
            # Larger: its digits taller than the words' first line (capitals, ascenders).
            assert number[0] >= 1.1 * words[0], (item.text(), lines)
            for _, strongest in lines:
                assert strongest >= 4.5, (item.text(), ground.name(), lines)
            cells += 1
    assert cells == (4 if selected else 8)


def test_the_number_is_bold_and_under_its_words_inside_its_cell(qtbot, make_window, preset,
                                                                sessions):  # noqa: F811
    from PySide6.QtWidgets import QStyleOptionViewItem

    table = stacked_table(qtbot, make_window, preset, "light")
    delegate = table.itemDelegate()
    for row in range(1, table.rowCount(), 2):
        for column in range(1, table.columnCount()):
            index = table.model().index(row, column)
            option = QStyleOptionViewItem()
            option.initFrom(table.viewport())
            option.rect = table.visualRect(index)
            words, number = delegate.parts(option, index)
            assert number.font.weight() >= QFont.Weight.Bold
            assert words.font.weight() < QFont.Weight.Bold
            assert number.rect.top() >= words.rect.bottom()
            for part in (words, number):
                assert option.rect.contains(part.rect), (part.text, part.rect, option.rect)
