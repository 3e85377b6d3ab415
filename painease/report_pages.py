"""Where the report's pages break: ``keep_together(document)``.

Qt's text layout breaks pages line by line. It keeps no heading with the text after it
("Sessions, newest first" and the table's header row once sat alone at the foot of
page 1) and it cuts a table row in two when a cell has more lines than fit ("Lesson: why
pain can" on one page, "persist" on the next). ``keep_together`` goes through a laid-out
document once, in order:

* a heading (h2 and below) that is not on one page with the first line it heads (for a
  table: the whole first row under its header) starts a page (``PageBreak_AlwaysBefore``);
* a table row whose cells run over a page break moves whole to the next page: the row
  before it ends its page (``PageBreak_AlwaysAfter`` on the last block of each of its
  cells). A row cannot begin a page itself: Qt would then lay it out a page too far.
  When the first row under the header of a table with no heading is cut, the whole
  table starts a page.

Each change lays out again what follows it (Qt does that as the format changes), so
what is checked next is where it now is. Main thread only (a ``QTextDocument``).
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtGui import QTextBlock, QTextCursor, QTextDocument, QTextFormat, QTextTable

PageBreak = QTextFormat.PageBreakFlag


def keep_together(document: QTextDocument,
                  progress: Callable[[], None] | None = None) -> None:
    """Move headings and table rows that a page break would part (see the module).
    ``document`` has its page size set (and its paint device, as it will be painted).
    ``progress`` is called after each change (each lays out again what follows it)."""
    pages = _Pages(document)
    progress = progress or (lambda: None)
    block = document.begin()
    while block.isValid():
        table = QTextCursor(block).currentTable()
        if table is not None:
            _keep_rows_whole(table, pages, progress)
            block = table.lastCursorPosition().block().next()
            continue
        if block.blockFormat().headingLevel() >= 2 and block.text().strip():
            headed = _headed(block)
            if headed and {pages.top(headed[0]), *map(pages.bottom, headed)} != {
                    pages.top(block)}:
                _set_break([block], PageBreak.PageBreak_AlwaysBefore)
                progress()
        block = block.next()


class _Pages:
    """On which page a block's first and last lines are."""

    def __init__(self, document: QTextDocument):
        self.layout = document.documentLayout()
        self.height = document.pageSize().height()

    def top(self, block: QTextBlock) -> int:
        return int(self.layout.blockBoundingRect(block).top() // self.height)

    def bottom(self, block: QTextBlock) -> int:
        rect = self.layout.blockBoundingRect(block)
        return int(max(rect.top(), rect.bottom() - 1) // self.height)


def _keep_rows_whole(table: QTextTable, pages: _Pages, progress: Callable[[], None]) -> None:
    first = table.format().headerRowCount()
    for row in range(first, table.rows()):
        cells = [table.cellAt(row, column) for column in range(table.columns())]
        starts = {pages.top(cell.firstCursorPosition().block()) for cell in cells}
        ends = {pages.bottom(cell.lastCursorPosition().block()) for cell in cells}
        if len(starts | ends) == 1:
            continue
        if row == first:  # the whole table to the next page
            frame = table.format()
            frame.setPageBreakPolicy(PageBreak.PageBreak_AlwaysBefore)
            table.setFormat(frame)
            progress()
            continue
        _set_break([table.cellAt(row - 1, column).lastCursorPosition().block()
                    for column in range(table.columns())], PageBreak.PageBreak_AlwaysAfter)
        progress()


def _set_break(blocks: list[QTextBlock], policy: QTextFormat.PageBreakFlag) -> None:
    """One edit for all ``blocks``: the document is laid out again once, not per block
    (each lay-out of a long table takes a noticeable part of a second)."""
    cursor = QTextCursor(blocks[0])
    cursor.beginEditBlock()
    try:
        for block in blocks:
            cursor.setPosition(block.position())
            moved = block.blockFormat()
            moved.setPageBreakPolicy(policy)
            cursor.setBlockFormat(moved)
    finally:
        cursor.endEditBlock()


def _headed(heading: QTextBlock) -> list[QTextBlock]:
    """The first and last block that must be on the heading's page: the first block with
    text after it, or, when that is a table, the first and last block of each cell of its
    first row under the header (so that row is whole under the heading)."""
    block = heading.next()
    while block.isValid() and not block.text().strip():
        block = block.next()
    if not block.isValid():
        return []
    table = QTextCursor(block).currentTable()
    if table is not None:
        row = table.format().headerRowCount()
        if row < table.rows():
            cells = [table.cellAt(row, column) for column in range(table.columns())]
            return [cells[0].firstCursorPosition().block(),
                    *(cell.lastCursorPosition().block() for cell in cells)]
    return [block]
