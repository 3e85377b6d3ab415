"""The therapist's Patients page, end to end (tests/ui/clinic.py): a patient's own Insights
and report, from the results they sent.

Everything is real: the patient imports the therapist's pack, rates sessions in a real
SQLite file and sends sealed results; the therapist imports them and reads them back. The
PDF is read with pdftotext.
"""

from __future__ import annotations

import re

from PySide6.QtWidgets import QApplication

from painease.packs.results import open_patient
from painease.ui.theme import apply_theme
from painease.ui.therapist.patients_page import PatientsPage
from tests.packs.conftest import make_program
from tests.ui.clinic import patient_insights, pdf_text
from tests.ui.settled import wait_settled
from tests.ui.test_large_text import squeezed_labels
from tests.ui.test_main_window import unnamed_controls
from tests.waits import WORKER_WAIT_MS


def test_a_patients_insights_and_report_show_their_sessions_not_the_therapists(
        qtbot, clinic, tmp_path):
    results = clinic.patient("Sam", make_program(), [
        (2, (6, 7), (4, 3)), (5, (5, 5), (4, 4)), (9, (4, 4), None)])
    with clinic.own_store() as own:
        # The therapist's own session: must not leak into the patient's view.
        mine = own.start_session("paced-breathing", 1, 5)
        own.save_rating(mine, "pre", 9, 9)
        own.end_session(mine, "stopped_early", 60_000)
        page = PatientsPage(own)
        qtbot.addWidget(page)
        page.show()
        assert page.import_file(results)
        assert page.heading.text() == "Sam"
        assert page.note.text().startswith("3 sessions imported")
        insights = page.detail.currentWidget()
        assert insights is not page.table and insights.patient_name == "Sam"
        qtbot.waitUntil(lambda: insights.view is not None and insights.view.data is not None,
                        timeout=WORKER_WAIT_MS)
        view = insights.view
        # All time: the results (November 2026) may be older than the default 3 months.
        assert view.status.text() == "3 sessions (all time): 3 completed."
        assert view.report_button.text() == "PDF report…"
        assert "Sam's ratings" in view.report_button.accessibleDescription()
        assert view.session_list.count() == 3
        assert view._whose("Loading {} sessions…") == "Loading Sam's sessions…"
        assert unnamed_controls(page) == []

        report = view.save_report(tmp_path / "sam-report")  # what the button's dialog calls
        assert report is not None and report.sessions == 3
        assert view.status.text().startswith(f"Report saved to {tmp_path / 'sam-report.pdf'}")
        text = pdf_text(tmp_path / "sam-report.pdf")
        assert "Sam's ratings (imported results)" in text
        assert "3 sessions in this period, all completed." in text
        assert "ended early" not in text.split("Definitions")[0]  # not the therapist's own
        assert "9 → –" not in text
        # Their set, and the figure the Patients page shows for it (the same counting).
        figure = re.search(r"\d+ of \d+ done", page.progress.set_label.text()).group(0)
        words = " ".join(text.split())
        assert "Sam's set" in words and f": {figure}." in words.split("Sam's set")[1]
        page.close()

    # write_report straight on the patient's store says the same.
    from painease.report import write_report

    with open_patient(page.list.item(0).data(256)) as theirs:
        direct = write_report(theirs, tmp_path / "direct.pdf", patient_name="Sam")
    assert direct.sessions == 3
    assert "3 sessions in this period, all completed." in pdf_text(tmp_path / "direct.pdf")


def test_a_patients_sessions_say_how_much_played_when_steps_were_skipped(qtbot, clinic):
    results = clinic.patient("Sam", make_program(), [
        (2, (6, 7), (4, 3), 300_000), (5, (5, 5), (4, 4), 190_000)])
    with clinic.own_store() as own:
        page, insights = patient_insights(qtbot, own, results)
        items = insights.view.session_list
        texts = [items.item(row).text() for row in range(items.count())]  # newest first
        assert "(completed, listened to 3:10 of 5:00)" in texts[0]
        assert "(completed)" in texts[1]
        page.close()


def test_a_patients_insights_status_has_the_whole_width_at_double_text(qtbot, clinic):
    """The status line used to share a row with the PDF button: on the Patients page at
    200 % text it was a column a few words wide."""
    results = clinic.patient("Sam", make_program(), [(2, (6, 7), (4, 3)), (5, (5, 5), None)])
    apply_theme(QApplication.instance(), "light", 200)  # undone after the test (conftest)
    with clinic.own_store() as own:
        page, insights = patient_insights(qtbot, own, results)
        wait_settled(page)
        view = insights.view
        status, report = view.status, view.report_button
        assert status.text() == "2 sessions (all time): 2 completed."
        assert status.width() >= 0.9 * status.parentWidget().contentsRect().width()
        assert report.geometry().top() > status.geometry().bottom()  # a row of its own
        assert squeezed_labels(view) == []
        page.close()
