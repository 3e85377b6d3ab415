"""Switching patients on the Patients page before their Insights has loaded: the view of
the patient left behind is deleted at once (``InsightsPage.drop_view``), not later with
whatever else Qt deletes next. Left to a later deferred deletion, its pyqtgraph charts
crashed the process (a segfault in ``QGraphicsLayout::activate`` under a resize of the
next page's charts, after "Internal C++ object … already deleted" errors), about one run
in five, every time once the garbage collector ran between the two tests below.

Real widgets over real SQLite patient databases, as the other Patients tests build them.
"""

from __future__ import annotations

import gc
import sqlite3
from contextlib import closing

from PySide6.QtWidgets import QApplication

from painease.packs.results import patient_database
from tests.ui.clinic import Clinic
from tests.ui.test_patients_import_problem import damage
from tests.ui.test_patients_read_problem import two_patients
from tests.waits import WORKER_WAIT_MS


def test_switching_patients_before_their_insights_loaded(qtbot, tmp_path, monkeypatch):
    clinic = Clinic(tmp_path, monkeypatch)
    with clinic.own_store() as own:
        page = two_patients(clinic, own)
        qtbot.addWidget(page)
        page.show()
        first = page.detail.currentWidget()
        assert first.view is not None and first.view.data is None  # still loading
        other = 1 - page.list.currentRow()
        damage(patient_database(page.list.item(other).data(256)))
        page.list.setCurrentRow(other)  # away before the first one's Insights came
        assert first.view is None  # its charts are gone already
        assert page.detail.currentWidget() is page.table
        page.list.setCurrentRow(1 - other)  # and back: a new Insights, loading
        assert page.detail.currentWidget().view is not None


def test_the_next_page_drops_loaded_insights_for_a_patient_it_cannot_show(
        qtbot, tmp_path, monkeypatch):
    gc.collect()  # what the previous test left: always collected here, not now and then
    clinic = Clinic(tmp_path, monkeypatch)
    with clinic.own_store() as own:
        page = two_patients(clinic, own)
        qtbot.addWidget(page)
        page.show()
        insights = page.detail.currentWidget()
        qtbot.waitUntil(lambda: insights.view is not None and insights.view.data is not None,
                        timeout=WORKER_WAIT_MS)
        other = 1 - page.list.currentRow()
        theirs = patient_database(page.list.item(other).data(256))
        with closing(sqlite3.connect(theirs)) as conn, conn:
            conn.execute("UPDATE sessions SET ended_at = 'x'")
        page.list.setCurrentRow(other)  # the loaded charts dropped for the table
        assert insights.view is None
        assert page.note.text().startswith("Their sessions cannot be shown: ")
        QApplication.processEvents()  # the crash came here, laying out the page again
        assert page.detail.currentWidget() is page.table
