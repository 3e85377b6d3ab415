"""Long reports: every row and a header on each page, and the page breaks found in a few
lay-outs, not one per page (once a report of 3,500 sessions took half a minute, 7,000 two
minutes, almost all of it laying the table out again for each page).
PDFs read back with poppler."""

from __future__ import annotations

import re

import pytest

from painease import paths
from painease.storage import SessionStore
from tests.insights_history import bulk_history
from tests.test_report import needs_poppler
from tests.test_report_layout import HEADER, ROW, page_texts


@needs_poppler
def test_a_report_of_hundreds_of_sessions_has_every_row_whole_under_a_header_on_each_page(
        qapp, painease_home, tmp_path):
    from painease.report import write_report

    count = bulk_history(paths.database_path(), days=420, every=1.0)
    with SessionStore(paths.database_path()) as store, store.database.write("skips"):
        # Rows of one, two and three lines, so rows of every height meet the page ends.
        store.database.conn.execute("UPDATE sessions SET played_ms = elapsed_ms / 3 "
                                    "WHERE id % 3 = 0")
    with SessionStore(paths.database_path()) as store:
        report = write_report(store, tmp_path / "long.pdf")
    assert report.sessions == count == 420
    pages = page_texts(tmp_path / "long.pdf")
    assert len(pages) == report.pages > 10
    with_rows = [n for n, page in enumerate(pages) if ROW.search(page)]
    assert with_rows == list(range(with_rows[0], with_rows[-1] + 1))
    rows = 0
    for n in with_rows:
        header, row = HEADER.search(pages[n]), ROW.search(pages[n])
        assert header and header.start() < row.start(), n
        assert pages[n][header.end():row.start()].strip() == "", n  # no row's tail on top
        rows += len(ROW.findall(pages[n]))
        last = pages[n][list(ROW.finditer(pages[n]))[-1].start():]
        # The page's last row is whole: its ratings are on its first line.
        assert re.match(r"[^\n]*(\d+|–) ?→ ?(\d+|–)\s+(\d+|–) ?→ ?(\d+|–)\s*\n", last), n
    assert rows == count
    # What follows the table is painted too: once a long report ended with its table, the
    # definitions after it never laid out (Qt left them to a timer that never ran).
    assert re.search(r"De(ﬁ|fi)nitions", pages[-1])
    assert "Change: after minus before" in " ".join(pages[-1].split())


def long_table(rows: int, page: tuple[float, float]):
    """A document with a table of rows one to four lines tall, on small pages."""
    from PySide6.QtCore import QSizeF
    from PySide6.QtGui import QTextDocument

    document = QTextDocument()
    document.setHtml("<p>before</p><table cellspacing='0' width='100%'><thead><tr><th>Row</th>"
                     "<th>Words</th></tr></thead>" + "".join(
                         f"<tr><td>row {n}</td><td>{'word ' * (3 + (n * 7) % 40)}</td></tr>"
                         for n in range(rows)) + "</table><p>the end</p>")
    document.setPageSize(QSizeF(*page))
    return document


def row_by_row(document) -> None:
    """The rule, one row at a time, laying the document out again after each move."""
    from PySide6.QtGui import QTextCursor, QTextFormat

    layout, height = document.documentLayout(), document.pageSize().height()
    table = QTextCursor(document.find("row 0")).currentTable()
    for row in range(2, table.rows()):
        cells = [table.cellAt(row, column) for column in range(table.columns())]
        pages = set()
        for cell in cells:
            first = layout.blockBoundingRect(cell.firstCursorPosition().block())
            last = layout.blockBoundingRect(cell.lastCursorPosition().block())
            pages |= {int(first.top() // height),
                      int(max(last.top(), last.bottom() - 1) // height)}
        if len(pages) > 1:
            cursor = QTextCursor(document)
            cursor.beginEditBlock()
            for column in range(table.columns()):
                block = table.cellAt(row - 1, column).lastCursorPosition().block()
                cursor.setPosition(block.position())
                moved = block.blockFormat()
                moved.setPageBreakPolicy(QTextFormat.PageBreakFlag.PageBreak_AlwaysAfter)
                cursor.setBlockFormat(moved)
            cursor.endEditBlock()


def places(document) -> list[tuple[str, float, float, int]]:
    """Where each of the table's paragraphs is, and the page break set on it (what
    follows the table is laid out when Qt gets to it: not compared)."""
    layout = document.documentLayout()
    block, out = document.begin(), []
    while block.isValid():
        rect = layout.blockBoundingRect(block)
        policy = block.blockFormat().pageBreakPolicy()
        if block.text().startswith(("row ", "word ")):
            out.append((block.text(), rect.top(), rect.bottom(),
                        int(getattr(policy, "value", policy))))
        block = block.next()
    return out


@pytest.mark.parametrize("page", [(300, 420), (260, 333.3), (420, 600)])
def test_a_long_tables_breaks_are_found_in_a_few_layouts_where_one_row_at_a_time_puts_them(
        qapp, page):
    from painease.report_pages import keep_together

    document = long_table(500, page)
    edits = []
    document.contentsChange.connect(lambda *change: edits.append(change))
    keep_together(document)
    assert document.pageCount() > 30
    # Each edit lays the whole table out again: one a page made long reports quadratic.
    assert 0 < len(edits) <= 4
    reference = long_table(500, page)
    row_by_row(reference)
    assert places(document) == places(reference)


def test_a_to_day_before_the_first_session_is_refused_as_from_after_to_is(painease_home,
                                                                          tmp_path):
    # Once exit 0 and a PDF saying "Period: the first session – 1 Jan 1900", 0 sessions.
    from datetime import UTC, datetime

    from tests.insights_history import add_session
    from tests.test_report import painease

    with SessionStore(paths.database_path()) as store:
        add_session(store, datetime(2026, 3, 3, 12, tzinfo=UTC))
        add_session(store, datetime(2026, 3, 9, 12, tzinfo=UTC))
    out = tmp_path / "r.pdf"
    done = painease("report", "--pdf", str(out), "--to", "1900-01-01", home=painease_home)
    assert done.returncode == 1
    assert done.stderr.strip() == ("painease: report failed: --to 1900-01-01 is before the "
                                   "first session (2026-03-03)")
    assert not out.exists()
    done = painease("report", "--pdf", str(out), "--to", "2026-03-03", home=painease_home)
    assert done.returncode == 0, done.stderr  # the first session's own day is in
    assert done.stdout.strip().endswith(", 1 session")


def test_a_report_of_a_data_folder_with_no_sessions_says_there_are_none_yet(painease_home,
                                                                          tmp_path):
    # Once exit 0 and a PDF saying "Period: the first session – 1 Dec 2026", 0 sessions.
    from tests.test_report import painease

    SessionStore(paths.database_path()).close()  # a data folder, with no session in it
    out = tmp_path / "r.pdf"
    for period in (("--to", "2026-12-01"), ()):
        done = painease("report", "--pdf", str(out), *period, home=painease_home)
        assert done.returncode == 1, period
        assert done.stderr.strip() == ("painease: report failed: there are no sessions yet, "
                                       "so there is nothing to report"), period
        assert not out.exists()
