"""The "By kind of session" table, stacked on a therapist's Patients page (830 × 720, one
session), fits its name rows while Qt lays it out again from inside that fitting: measuring
a name row ran the table's pending layout, which laid the rows out anew, and the fit went on
reading a table item Qt had just deleted ("Internal C++ object (QTableWidgetItem) already
deleted", raised in the event loop, the name rows left as they were). Real Patients page,
offscreen, a real imported results file."""

from __future__ import annotations

from PySide6.QtCore import QRect, Qt
from PySide6.QtWidgets import QApplication

from painease.ui.charts.scripts_table import CELL_MARGIN, ScriptsTable


def test_a_stacked_table_fits_its_name_rows_while_laid_out_again(qtbot, clinic):
    from painease.ui.theme import apply_theme
    from tests.packs.conftest import make_program
    from tests.ui.clinic import patient_insights
    from tests.ui.settled import wait_settled

    results = clinic.patient("Sam", make_program(), [(2, (6, 6), (4, 4))], linked=1)
    apply_theme(QApplication.instance(), "light", 100)  # undone after the test
    with clinic.own_store() as own:
        page, insights = patient_insights(qtbot, own, results)
        wait_settled(page)  # an exception in the event loop fails the test here
        tables = [t for t in insights.findChildren(ScriptsTable) if t.isVisible()]
        assert tables
        for table in tables:
            metrics = table.fontMetrics()
            for row in range(0, table.rowCount(), 2 if table.stacked else 1):
                width = table.visualRect(table.model().index(row, 0)).width()
                need = metrics.boundingRect(
                    QRect(0, 0, width - 2 * CELL_MARGIN, 100_000),
                    int(Qt.TextFlag.TextWordWrap), table.item(row, 0).text()).height()
                assert table.rowHeight(row) >= need, (row, table.rowHeight(row), need)
        page.close()
