"""The Insights "By kind of session" table at 200 % text, in the window's default size and
in an 800 × 600 one: every header and every cell is shown whole (no squeezed session
names, no cut numbers, no sideways scroll bar), as it is at 100 %."""

from __future__ import annotations

import contextlib
from datetime import UTC, datetime, timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import QStyle, QStyleOptionHeader, QStyleOptionViewItem, QTableWidget
from pytestqt.exceptions import TimeoutError as NotYet

from painease import paths
from painease.storage import SessionStore
from tests.insights_history import SCRIPTS, add_session
from tests.ui.insights_view import open_insights
from tests.ui.settled import wait_settled


@pytest.fixture
def sessions(painease_home):
    with SessionStore(paths.database_path()) as store:
        for k in range(6):
            add_session(store, datetime.now(UTC) - timedelta(days=k, hours=2), pre=(6, 7),
                        post=(3 + k % 3, 2 + k % 2), script=SCRIPTS[k % 2])


def shown_items(table: QTableWidget):
    """(row, column, item) of every cell with words (a stacked table's name rows span it,
    and its session column is hidden)."""
    for row in range(table.rowCount()):
        for column in range(table.columnCount()):
            item = table.item(row, column)
            spans = table.columnSpan(row, column) > 1
            if item is not None and (spans or not table.isColumnHidden(column)):
                yield row, column, item


def header_cut(table: QTableWidget) -> list[str]:
    """Header texts wider or taller (line by line) than their section, or hidden (but for
    a stacked table's, whose words are in its cells)."""
    header = table.horizontalHeader()
    if header.isHidden() and table.stacked:
        return []  # its words are in the number cells (cells_cut)
    metrics = header.fontMetrics()
    cut = []
    for column in range(table.columnCount()):
        text = table.horizontalHeaderItem(column).text()
        option = QStyleOptionHeader()
        header.initStyleOption(option)
        margin = header.style().pixelMetric(QStyle.PixelMetric.PM_HeaderMargin, option, header)
        width = max(metrics.horizontalAdvance(line) for line in text.split("\n"))
        lines = len(text.split("\n"))
        if column == 0 and header.isSectionHidden(0):
            continue  # stacked: the names are on rows of their own
        if (header.isSectionHidden(column)
                or width + 2 * margin > header.sectionSize(column)
                or lines * metrics.height() > header.height()):
            cut.append(f"{text!r}: {width}+{2 * margin} in {header.sectionSize(column)}")
    return cut


def stacked_cut(table: QTableWidget, row: int, column: int) -> list[str]:
    """A stacked number cell's words and number (each in its own font, as
    ``StackedCell`` draws them) that do not fit their places, or their places the cell."""
    from painease.ui.charts.stacked_cell import ALIGN

    index = table.model().index(row, column)
    option = QStyleOptionViewItem()
    option.initFrom(table.viewport())
    option.rect = table.visualRect(index)
    cut = []
    for part in table.itemDelegate().parts(option, index):
        needed = QFontMetrics(part.font).boundingRect(part.rect, int(ALIGN), part.text)
        if not (option.rect.contains(part.rect) and part.rect.contains(needed)):
            cut.append(f"({row},{column}) {part.text!r}: {needed} in {part.rect}, "
                       f"cell {option.rect}")
    return cut


def cells_cut(table: QTableWidget) -> list[str]:
    """Cells whose text does not fit the rectangle the view draws it in (words wrap only
    at spaces: a word wider than its column is cut)."""
    from painease.ui.charts.stacked_cell import STACKED_ROLE

    metrics = table.fontMetrics()
    cut = []
    for row, column, item in shown_items(table):
        if item.data(STACKED_ROLE):
            cut += stacked_cut(table, row, column)
            continue
        rect = table.visualItemRect(item).adjusted(3, 0, -3, 0)  # the cell's margins
        needed = metrics.boundingRect(rect, int(Qt.TextFlag.TextWordWrap), item.text())
        if needed.width() > rect.width() or needed.height() > rect.height():
            cut.append(f"({row},{column}) {item.text()!r}: {needed.size()} in "
                       f"{rect.size()}")
    return cut


@pytest.mark.parametrize("size", [None, (800, 600)])
def test_by_kind_table_is_whole_at_double_text(qtbot, make_window, preset, sessions, size):
    """Every column is in view, with nothing scrolled sideways. In the default window the
    headers wrap; in 800 × 600 even that left the table scrolling sideways (the session
    column kept its longest word whole), so there each name has a row of its own above
    its numbers."""
    preset(text_size=200, welcome_seen=True)
    window = make_window(use_device=False)
    if size:
        window.resize(*size)
    view = open_insights(qtbot, window)
    table = view.table
    names = [table.item(r, 0).text() for r in range(table.rowCount()) if table.item(r, 0)]
    assert names == ["Paced breathing", "Somatic tracking: first steps"]

    def problems() -> list[str]:
        found = header_cut(table) + cells_cut(table)
        if table.horizontalScrollBar().isVisible():
            found.append("a sideways scroll bar")
        viewport = table.viewport().rect()
        for row, column, item in shown_items(table):
            rect = table.visualItemRect(item)
            if not viewport.contains(rect):
                found.append(f"({row},{column}) {rect} outside {viewport}")
        return found

    wait_settled(window)
    with contextlib.suppress(NotYet):  # the assert below says what is still cut
        qtbot.waitUntil(lambda: not problems())
    assert problems() == [], "\n".join(problems())


def test_a_stacked_tables_numbers_say_what_they_are(qtbot, make_window, preset, sessions):
    """Stacked (200 % text, 610 × 600), each number is labelled where it is: a sighted
    reader far down the page does not have the header row in view, and a screen reader
    hears which session and which number it is ("Paced breathing, Done: 3"), not a bare
    "3" under a name a row above."""
    from PySide6.QtGui import QAccessible

    preset(text_size=200, welcome_seen=True)
    window = make_window(use_device=False)
    window.resize(610, 600)  # as an 800 px window left it beside the page list of before
    table = open_insights(qtbot, window).table
    wait_settled(window)
    qtbot.waitUntil(lambda: table.stacked)
    assert table.horizontalHeader().isHidden()  # its words are in the cells
    headers = [" ".join(header.split()) for header in table.headers]
    accessible = QAccessible.queryAccessibleInterface(table)
    said = {accessible.child(i).text(QAccessible.Text.Name)
            for i in range(accessible.childCount())}
    numbers = 0
    for row in range(1, table.rowCount(), 2):
        name = table.item(row - 1, 0).text()
        for column in range(1, table.columnCount()):
            words = table.item(row, column).text().split("\n")
            value = words[-1]
            assert " ".join(" ".join(words[:-1]).split()) == headers[column], words
            assert f"{name}, {headers[column]}: {value}" in said, (name, said)
            numbers += 1
    assert numbers == 8
    assert cells_cut(table) == []
