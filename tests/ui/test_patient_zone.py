"""The Patients page shows a patient's sessions on the patient's clock, and says so once.

A real results file written by ``painease results export`` on New York's clock (see
``tests.packs.test_results_zones``), imported by the page itself in this process on
Berlin's clock; the PDF report made from the patient's Insights is read with pdftotext.
"""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QLabel

from painease.packs.identity import load_or_create_identity
from painease.storage import SessionStore
from painease.ui.therapist.patients_page import PatientsPage
from tests.packs import homes as shared
from tests.packs.test_results_zones import BERLIN, as_older_painease, clock, send_from
from tests.ui.clinic import pdf_text
from tests.ui.conftest import labels_hiding_text
from tests.waits import WORKER_WAIT_MS

NOTE = "Days and times are Sam's local time, America/New_York."
OLDER = ("Sam's results do not say which time zone they were made in (an older painease "
         "sent them), so their days and times are shown on your clock, Europe/Berlin.")

# The therapist's and the patient's homes, and the therapist, as the packs tests have them.
homes = shared.homes
therapist = shared.therapist


@pytest.fixture
def berlin_clock():
    with clock(BERLIN):
        yield


def _open_sam(qtbot, homes, results):
    homes.use(homes.therapist)
    own = SessionStore(homes.therapist / "painease.sqlite3")
    page = PatientsPage(own)
    qtbot.addWidget(page)
    page.show()
    assert page.import_file(results)
    insights = page.detail.currentWidget()
    qtbot.waitUntil(lambda: insights.view is not None and insights.view.data is not None,
                    timeout=WORKER_WAIT_MS)
    return own, page, insights.view


def _said(page, text: str) -> int:
    """How many labels on the page say ``text``."""
    return sum(text in found.text() for found in page.findChildren(QLabel))


def test_a_patients_sessions_show_on_their_clock_and_the_page_says_whose(
        qtbot, homes, therapist, tmp_path, berlin_clock):
    results = send_from(homes, therapist, tmp_path / "sam.painease-results")
    own, page, view = _open_sam(qtbot, homes, results)
    try:
        # The Sunday 23:30 session in New York is Monday 05:30 in Berlin.
        assert page.progress.last_label.text() == "Last session: Sun 8 Nov 2026."
        assert page.progress.set_label.text().endswith(" cover, 3 of 5 done.")
        shown = [view.session_list.item(i).text() for i in range(view.session_list.count())]
        assert [text.split(" — ")[0] for text in shown] == [
            "Sun 8 Nov 2026, 23:30", "Wed 4 Nov 2026, 21:00", "Mon 2 Nov 2026, 10:00",
            "Tue 7 Jul 2026, 00:30", "Mon 6 Jul 2026, 23:45"]
        assert page.zone_note.isVisibleTo(page) and page.zone_note.text() == NOTE
        assert page.zone_note.accessibleDescription().startswith("Time zone.")
        assert labels_hiding_text(page) == []
        assert _said(page, "local time") == 1  # once, for the whole page
        report = view.save_report(tmp_path / "sam.pdf")
        assert report is not None
        text = " ".join(pdf_text(tmp_path / "sam.pdf").split())
        assert f"Time zone: {NOTE}" in text
        assert "8 Nov 2026, 23:30" in text and "9 Nov 2026" not in text
    finally:
        page.close()
        own.close()


def test_an_older_painease_file_is_shown_on_the_therapists_clock_and_says_so_once(
        qtbot, homes, therapist, tmp_path, berlin_clock):
    results = send_from(homes, therapist, tmp_path / "sam.painease-results")
    homes.use(homes.patient)
    older = as_older_painease(results, therapist, load_or_create_identity(),
                              tmp_path / "old.painease-results")
    own, page, view = _open_sam(qtbot, homes, older)
    try:
        assert page.progress.last_label.text() == "Last session: Mon 9 Nov 2026."
        assert view.session_list.item(0).text().startswith("Mon 9 Nov 2026, 05:30")
        assert page.zone_note.isVisibleTo(page) and page.zone_note.text() == OLDER
        assert _said(page, "do not say which time zone") == 1
    finally:
        page.close()
        own.close()
