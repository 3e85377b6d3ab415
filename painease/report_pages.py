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
what is checked next is where it now is. A long table's rows are not moved one page at a
time, though: each change lays the whole table out again, which made a report of
thousands of sessions take minutes. ``_RowBreaks`` works out from one lay-out which rows
move, sets them in one change and checks the result, so a long table takes a few lay-outs
(the result is the same as moving them one at a time: ``tests/test_report_long.py``).
Main thread only (a ``QTextDocument``).
"""

from __future__ import annotations

import math
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
    """On which page a block's first and last lines are. Read from its lines: a block
    whose first line Qt pushed onto the next page keeps its top (and its bounding
    rectangle) at the foot of the page before, so "Your notes" was once left alone there,
    the heading seemingly on one page with the line it heads."""

    def __init__(self, document: QTextDocument):
        self.document = document
        self.layout = document.documentLayout()
        self.height = document.pageSize().height()

    def top(self, block: QTextBlock) -> int:
        rect, lines = self.layout.blockBoundingRect(block), block.layout()
        first = lines.lineAt(0).y() if lines.lineCount() else 0.0
        return int((rect.top() + first) // self.height)

    def bottom(self, block: QTextBlock) -> int:
        rect, lines = self.layout.blockBoundingRect(block), block.layout()
        if not lines.lineCount():
            return int(max(rect.top(), rect.bottom() - 1) // self.height)
        last = lines.lineAt(lines.lineCount() - 1)
        return int((rect.top() + max(last.y(), last.y() + last.height() - 1)) // self.height)


def _keep_rows_whole(table: QTextTable, pages: _Pages, progress: Callable[[], None]) -> None:
    first = table.format().headerRowCount()
    if first >= table.rows():
        return
    if _cut(pages, _cells(table, first)):  # the whole table to the next page
        frame = table.format()
        frame.setPageBreakPolicy(PageBreak.PageBreak_AlwaysBefore)
        table.setFormat(frame)
        progress()
    rows = [_cells(table, row) for row in range(table.rows())]
    if all(len(cell) == 1 for row in rows[first + 1:] for cell in row):
        _RowBreaks(rows, pages, progress).run(first + 1)
        # An edit over much of the document leaves Qt laying out what follows the table
        # later, a step at a time (on a timer, never run here): lay it out now.
        end = table.lastPosition() + 1
        pages.document.markContentsDirty(end, pages.document.characterCount() - end)
    else:  # a cell of several paragraphs: no model of its height; one row at a time
        for row in range(first + 1, table.rows()):
            if _cut(pages, rows[row]):
                _set_break(_last_blocks(rows[row - 1]), PageBreak.PageBreak_AlwaysAfter)
                progress()


def _cells(table: QTextTable, row: int) -> list[list[QTextBlock]]:
    """The blocks of each cell of ``row``, in order."""
    cells = []
    for column in range(table.columns()):
        cell = table.cellAt(row, column)
        block, last = cell.firstCursorPosition().block(), cell.lastCursorPosition().block()
        blocks = [block]
        while block != last:
            block = block.next()
            blocks.append(block)
        cells.append(blocks)
    return cells


def _last_blocks(cells: list[list[QTextBlock]]) -> list[QTextBlock]:
    return [blocks[-1] for blocks in cells]


def _cut(pages: _Pages, cells: list[list[QTextBlock]]) -> bool:
    """Whether the row of these cells runs over a page break."""
    starts = {pages.top(blocks[0]) for blocks in cells}
    ends = {pages.bottom(blocks[-1]) for blocks in cells}
    return len(starts | ends) > 1


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


EPS = 1 / 128  # device pixels: half the 1/64-pixel grid Qt lays text out on


class _RowBreaks:
    """Which rows of a long table move to the next page, in a few lay-outs, not one a page.

    Qt lays a table out as one piece, so each row moved lays all of it out again (about a
    second for 3,000 rows): moving rows one at a time made a long report quadratic. But
    between breaks rows stack at their natural heights, so where each row would land can be
    worked out from one lay-out, as Qt places them: a row's natural extent (its cells'
    lines without the gaps a page break put between them), a fixed gap to the next row, a
    fixed top below a page's edge for a row that starts a page; a row fits when its last
    line ends at least M above the page's end. M is not derived from Qt's rules but
    bracketed by what Qt did: a row it kept whole shows that M is no more than that row's
    margin, a row it cut that M is more. Qt moves a row whose first lines do not fit by
    itself (no break is set for it); one whose later lines do not fit is moved here.

    Moves that the bracket decides are set together, in one edit; then the lay-out is read
    again and every row must be where it was expected. Where the bracket cannot decide, the
    lay-out decides, as before; where a row is not where it was expected, the moves after
    it are undone and the rest is done as before, one row at a time."""

    def __init__(self, rows: list[list[list[QTextBlock]]], pages: _Pages,
                 progress: Callable[[], None]):
        self.rows, self.pages, self.progress = rows, pages, progress
        self.height = int(pages.height * 64) / 64  # as Qt's layout has it (QFixed)
        # Where a row's top lands below a page's edge when it starts the page: moved
        # there by Qt (its first lines did not fit), or moved here (the row above then ends
        # its page, one row gap lower); by the fraction of a pixel of the row above's top,
        # which Qt's rounding carries over.
        self.tops: dict[tuple[str, float], float] = {}
        self.gap: float | None = None  # from a row's last line to the next row's top
        self.fit_low = math.inf  # M <= fit_low
        self.cut_high = 0.0  # M > cut_high (a margin is never negative)
        self.modelled = True
        self.moved: set[int] = set()  # rows with a page break set before them

    def run(self, row: int) -> None:
        expected: dict[int, float] = {}  # row: where its top should be
        moved: list[int] = []  # moved on the prediction's strength, not yet read back
        settled = row - 1  # rows up to here are done, cut or not
        self._scan(row, expected, settled, learn_only=True)  # what Qt did with each row
        while (found := self._scan(row, expected, settled)) is not None:
            row, cut = found
            stale = [r for r in moved if r >= row]
            if stale or not cut:  # the prediction went wrong: undo what it moved after here
                self._move(stale, PageBreak.PageBreak_Auto)
                self.moved.difference_update(stale)
                moved, expected = [], {}
                if not cut:  # read again from the row above, to learn where it went
                    row -= 1
                    continue
            moved, expected = self._predict(row) if self.modelled else ([], {})
            self._move([row, *moved], PageBreak.PageBreak_AlwaysAfter)
            self.moved.update([row, *moved])
            settled, row = row, row - 1  # read again from the row above the one moved

    def _move(self, rows: list[int], policy: QTextFormat.PageBreakFlag) -> None:
        if rows:
            _set_break([block for row in rows for block in _last_blocks(self.rows[row - 1])],
                       policy)
            self.progress()

    def _measure(self, row: int) -> tuple[float, float, float, bool, bool]:
        """The row's top, its first and last line's natural bottoms, whether it is cut and
        whether a page break pushed any of its lines down."""
        layout, height = self.pages.layout, self.pages.height
        tops, firsts, lasts, starts, ends = [], [], [], set(), set()
        pushed = False
        for (block,) in self.rows[row]:
            rect = layout.blockBoundingRect(block)
            text = block.layout()
            line = text.lineAt(0)
            push = line.y()  # (the first line's natural place is the block's top)
            bottom = line.y() + line.height()
            firsts.append(rect.top() + line.height())
            for index in range(1, text.lineCount()):
                line = text.lineAt(index)
                push += max(0.0, line.y() - bottom)
                bottom = line.y() + line.height()
            lasts.append(rect.top() + bottom - push)
            pushed = pushed or push > 0
            tops.append(rect.top())
            starts.add(int(rect.top() // height))
            ends.add(int(max(rect.top(), rect.bottom() - 1) // height))
        return min(tops), min(firsts), max(lasts), len(starts | ends) > 1, pushed

    def _scan(self, row: int, expected: dict[int, float], settled: int,
              learn_only: bool = False) -> tuple[int, bool] | None:
        """Read the lay-out from ``row`` on, learning from it, up to the first row after
        ``settled`` that is cut (``(row, True)``) or not where it was expected
        (``(row, False)``); ``learn_only``: to the end, learning from every row."""
        height, above = self.height, None
        for r in range(row, len(self.rows)):
            top, first, last, cut, pushed = self._measure(r)
            if r in expected and abs(top - expected[r]) > EPS:
                return r, False
            end = (top // height + 1) * height
            if cut and r <= settled:  # moved, and still too tall for a page
                above = None
                continue
            if cut:
                self.cut_high = max(self.cut_high, end - last)
                self.fit_low = min(self.fit_low, end - first)  # Qt did not move it whole
                if not learn_only:
                    return r, True
                above = None
                continue
            if pushed:
                self.modelled = False  # lines pushed down in a row kept whole: no model
            self.fit_low = min(self.fit_low, end - last)
            if above is not None and above[0] == top // height:
                self._learn("gap", top - above[1])
            elif above is not None:  # starts a page: moved here, or whole by Qt
                kind = "moved" if r in self.moved else "dropped"
                self._learn_top((kind, above[2] % 1), top % height)
                if kind == "dropped" and self.gap is not None:  # its first lines did not fit
                    self.cut_high = max(self.cut_high, (above[0] + 1) * height
                                        - (above[1] + self.gap + first - top))
            above = (top // height, last, top)
        return None

    def _learn(self, name: str, value: float) -> None:
        known = getattr(self, name)
        if known is None:
            setattr(self, name, value)
        elif abs(known - value) > EPS:
            self.modelled = False

    def _learn_top(self, key: tuple[str, float], value: float) -> None:
        if self.tops.setdefault(key, value) != value:
            self.modelled = False

    def _next_page(self, kind: str, above: float, top: float) -> float | None:
        """Where a row moved to the page after ``top``'s will start (the row above it
        starting at ``above``); None: not known. Not seen for that fraction: as for every
        other, if all were the same (checked when the lay-out is read)."""
        offset = self.tops.get((kind, above % 1))
        if offset is None:
            seen = {value for (known, _), value in self.tops.items() if known == kind}
            offset = seen.pop() if len(seen) == 1 else None
        return None if offset is None else (top // self.height + 1) * self.height + offset

    def _predict(self, cut: int) -> tuple[list[int], dict[int, float]]:
        """The rows after ``cut`` that move to a new page, and where every row's top is
        expected, as far as the bracket decides, once ``cut`` is moved."""
        if self.gap is None:
            return [], {}
        moved = []
        above, _, _, _, _ = self._measure(cut - 1)
        top, first, last, _, _ = self._measure(cut)
        extent = last - top
        top = self._next_page("moved", above, top)
        expected = {} if top is None else {cut: top}
        for r in range(cut + 1, len(self.rows) if top is not None else 0):
            if self._fits(top, extent) is not True:
                break  # the row above may not fit even on a page of its own
            above, top = top, top + extent + self.gap
            row_top, first, last, _, _ = self._measure(r)
            extent = last - row_top
            whole, starts = self._fits(top, extent), self._fits(top, first - row_top)
            if whole is not True:
                cut_here = whole is False and starts is True  # else Qt moves it, or not known
                if not cut_here and starts is not False:
                    break  # the lay-out will tell
                top = self._next_page("moved" if cut_here else "dropped", above, top)
                if top is None:
                    break  # not seen yet
                if cut_here:
                    moved.append(r)
            expected[r] = top
        return moved, expected

    def _fits(self, top: float, extent: float) -> bool | None:
        """Whether lines from ``top`` down ``extent`` fit on its page; None: not known."""
        margin = (top // self.height + 1) * self.height - (top + extent)
        if margin >= self.fit_low - EPS:
            return True
        if margin <= self.cut_high + EPS:
            return False
        return None
