"""Every day shown to a person is written one way, without a leading zero: "Sun 8 Nov 2026",
"8 Nov 2026, 23:30" (``painease.local_time.day_text`` / ``when_text``).

Sam's real results file (``tests.packs.test_results_zones``: sessions on 2, 4 and 8 Nov and
6 and 7 Jul, days one digit long) is imported by the Patients page; what the page, its
Insights (list, charts' point texts) and the PDF report read with pdftotext say is checked.
Once the list and charts said "Sun 08 Nov 2026" while the set line said "Sun 8 Nov 2026".
"""

from __future__ import annotations

import re
from datetime import UTC, datetime

import pytest
from PySide6.QtWidgets import QLabel, QListWidget

from painease.storage import SessionStore
from painease.storage.stored_values import db_time
from painease.ui.therapist import patients_page
from painease.ui.therapist.patients_page import PatientsPage
from tests.packs import homes as shared
from tests.packs.test_results_zones import BERLIN, clock, send_from
from tests.ui.clinic import pdf_text
from tests.waits import WORKER_WAIT_MS

MONTHS = "Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec"
PADDED = re.compile(rf"(?<!\d)0\d (?:{MONTHS})\b")  # "08 Nov", "Week of 02 Nov"
IMPORTED = datetime(2026, 11, 3, 9, 5, tzinfo=UTC)  # the patient list's "last import"

homes = shared.homes
therapist = shared.therapist


@pytest.fixture
def berlin_clock():
    with clock(BERLIN):
        yield


def _open_sam(qtbot, homes, therapist, tmp_path):
    results = send_from(homes, therapist, tmp_path / "sam.painease-results")
    homes.use(homes.therapist)
    own = SessionStore(homes.therapist / "painease.sqlite3")
    page = PatientsPage(own)
    qtbot.addWidget(page)
    page.show()
    assert page.import_file(results)
    # Imported on a day of one digit, whatever day the test runs on.
    own.database.conn.execute("UPDATE patients SET last_imported_at = ?", (db_time(IMPORTED),))
    own.database.conn.commit()
    assert page.refresh()
    return own, page


def _page_texts(page) -> list[str]:
    texts = [found.text() for found in page.findChildren(QLabel)]
    for shown in page.findChildren(QListWidget):
        texts += [shown.item(i).text() for i in range(shown.count())]
    return texts


def test_days_on_the_patients_page_insights_and_report_have_no_leading_zero(
        qtbot, homes, therapist, tmp_path, berlin_clock):
    own, page = _open_sam(qtbot, homes, therapist, tmp_path)
    try:
        insights = page.detail.currentWidget()
        qtbot.waitUntil(lambda: insights.view is not None and insights.view.data is not None,
                        timeout=WORKER_WAIT_MS)
        view = insights.view
        texts = _page_texts(page)
        points = [describe(k) for chart in view.charts.values()
                  for xs, _, describe in chart._hover for k in range(len(xs))]
        assert any(text.startswith("Sun 8 Nov 2026, 23:30") for text in points)  # shift's
        texts += points
        assert [t for t in texts if PADDED.search(t)] == []
        assert view.session_list.item(0).text().startswith("Sun 8 Nov 2026, 23:30 — ")
        assert page.list.item(0).text().endswith(" · last import 3 Nov 2026, 10:05")
        assert view.save_report(tmp_path / "sam.pdf") is not None
        report = " ".join(pdf_text(tmp_path / "sam.pdf").split())
        assert PADDED.findall(report) == []
        assert "8 Nov 2026, 23:30" in report
    finally:
        page.close()
        own.close()


def test_the_patients_session_table_writes_days_without_a_leading_zero(
        qtbot, homes, therapist, tmp_path, berlin_clock, monkeypatch):
    """The table the page shows where Insights cannot take a patient's store."""
    monkeypatch.setattr(patients_page, "insights_takes_a_store", lambda: False)
    own, page = _open_sam(qtbot, homes, therapist, tmp_path)
    try:
        assert page.detail.currentWidget() is page.table
        days = [page.table.item(row, 0).text() for row in range(page.table.rowCount())]
        assert days == ["Sun 8 Nov 2026", "Wed 4 Nov 2026", "Mon 2 Nov 2026",
                        "Tue 7 Jul 2026", "Mon 6 Jul 2026"]
        assert page.note.text().endswith(" file covers 1 Jul – 30 Nov 2026.")
        # A file over the new year names both years: "1 Dec – 30 Nov 2026" read as a
        # period running backwards.
        own.database.conn.execute("UPDATE result_imports SET period_from = '2025-12-01'")
        own.database.conn.commit()
        assert page.refresh()
        assert page.note.text().endswith(" file covers 1 Dec 2025 – 30 Nov 2026.")
    finally:
        page.close()
        own.close()
