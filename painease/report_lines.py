"""Each line of the report on one page only: ``lines_on_one_page(document)`` and
``draw_page(document, painter, number, body)``.

The report is one ``QTextDocument`` painted page by page, each page its part of the
document (``painease.report._paint``). Qt, asked to draw part of a paragraph, also draws
the line just above that part (``QTextLayout::draw`` starts one line early), and
``QTextDocumentLayout`` draws every paragraph that reaches into the part. So the last
line of a paragraph that ran over a page break was painted a second time in the next
page's top margin: clipped out of sight, but a second time in the PDF's text, for
pdftotext, copy and paste and screen readers (135 hidden words in a 46-page report).

So no paragraph runs over a break: ``lines_on_one_page`` (after
``painease.report_pages.keep_together`` has placed the breaks) ends each such paragraph
where its page ends and goes on in a new paragraph of the same look (no space above it,
its direction as Qt found it for the whole paragraph, no new bullet in a list). The lines
stay where they were, and a page holds whole paragraphs only. ``draw_page`` asks Qt for a
page minus a hair at its top and bottom (``HAIR``), so a paragraph that ends right on a
page's edge, or starts right on it, is drawn on its own page only.

Table cells are left as they are: ``keep_together`` keeps a table's rows whole, so a cell
runs over a page only in a row taller than a page.

Main thread only (a ``QTextDocument``).
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QRectF, QSizeF
from PySide6.QtGui import QPainter, QTextBlock, QTextCursor, QTextDocument, QTextFormat

HAIR = 0.5  # device pixels (at 300 dpi): less than any line's distance from a page's edge
LINE_SEPARATOR = "\u2028"  # a <br>


def lines_on_one_page(document: QTextDocument,
                      progress: Callable[[], None] | None = None) -> None:
    """Split each paragraph (not in a table) that runs over a page break at the break.
    ``document`` is laid out on its pages (its page size set)."""
    progress = progress or (lambda: None)
    layout = document.documentLayout()
    height = document.pageSize().height()
    block = document.begin()
    while block.isValid():
        if QTextCursor(block).currentTable() is None:
            lines = block.layout()
            top = layout.blockBoundingRect(block).top()
            pages = [int((top + lines.lineAt(i).y()) // height)
                     for i in range(lines.lineCount())]
            later = next((i for i, page in enumerate(pages) if page != pages[0]), None)
            if later is not None:
                _split(document, block, lines.lineAt(later).textStart())
                progress()
        block = block.next()


def _split(document: QTextDocument, block: QTextBlock, offset: int) -> None:
    """A new paragraph from ``offset`` in ``block`` on, looking as ``block`` does."""
    direction = block.textDirection()
    listed = block.textList()
    look = block.blockFormat()
    look.setTopMargin(0)
    look.setPageBreakPolicy(QTextFormat.PageBreakFlag.PageBreak_Auto)
    look.setLayoutDirection(direction)
    cursor = QTextCursor(document)
    cursor.beginEditBlock()
    try:
        cursor.setPosition(block.position() + offset)
        if offset and document.characterAt(cursor.position() - 1) == LINE_SEPARATOR:
            cursor.deletePreviousChar()  # the line break is now the paragraph's end
        cursor.insertBlock(look)
        if listed is not None:  # the same list item, not a new one with its own bullet
            listed.remove(cursor.block())
            indented = cursor.blockFormat()
            indented.setIndent(listed.format().indent())
            cursor.setBlockFormat(indented)
    finally:
        cursor.endEditBlock()


def draw_page(document: QTextDocument, painter: QPainter, number: int, body: QSizeF) -> None:
    """Page ``number`` (from 0) of ``document``, laid out on pages of ``body``, at the
    painter's origin."""
    painter.save()
    painter.translate(0, -number * body.height())
    document.drawContents(painter, QRectF(0, number * body.height() + HAIR, body.width(),
                                          body.height() - 2 * HAIR))
    painter.restore()
