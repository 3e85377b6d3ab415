"""The Patients page when a database cannot be read: this install's own (the list of
patients) or a patient's (their sessions). Each is said on the page (and the list's in a
dialog), nothing is raised out of a Qt slot, and nothing is lost: the list keeps what it
showed, the files are as they were.

Real SQLite files damaged on disk (``damage``: every page but the first overwritten, then
a commit from another connection, so open connections read the disk again).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import closing, contextmanager
from pathlib import Path

from PySide6.QtWidgets import QMessageBox

from painease.packs.results import patient_database
from painease.storage import SessionStore
from painease.ui.therapist.patients_page import PatientsPage
from tests.packs.conftest import make_program
from tests.ui.clinic import Clinic
from tests.ui.test_patients_import_problem import damage
from tests.waits import WORKER_WAIT_MS


def two_patients(clinic: Clinic, own) -> PatientsPage:
    program = make_program()
    sent = [clinic.patient(name, program, [(2, (6, 7), (4, 3))]) for name in ("Sam", "Ada")]
    page = PatientsPage(own)
    for results in sent:
        assert page.import_file(results)
    return page


@contextmanager
def two_patients_shown(qtbot, tmp_path,
                       monkeypatch) -> Iterator[tuple[PatientsPage, SessionStore]]:
    """``two_patients`` of a new clinic's own store, the page shown; yields the page and
    the store (open until the block ends)."""
    clinic = Clinic(tmp_path, monkeypatch)
    with clinic.own_store() as own:
        page = two_patients(clinic, own)
        qtbot.addWidget(page)
        page.show()
        yield page, own


def damage_the_other(qtbot, page: PatientsPage, sql: str) -> Path:
    """With the chosen patient's Insights loaded (before moving on: no answer from the
    worker comes after the page goes), ``sql`` run on the other patient's copy of their
    results, and that patient chosen. Their database's path."""
    insights = page.detail.currentWidget()
    qtbot.waitUntil(lambda: insights.view is not None and insights.view.data is not None,
                    timeout=WORKER_WAIT_MS)
    other = 1 - page.list.currentRow()
    theirs = patient_database(page.list.item(other).data(256))
    with closing(sqlite3.connect(theirs)) as conn, conn:
        conn.execute(sql)
    page.list.setCurrentRow(other)
    return theirs


def test_the_list_that_cannot_be_read_again_is_kept_and_said(qtbot, tmp_path, monkeypatch):
    clinic = Clinic(tmp_path, monkeypatch)
    with clinic.own_store() as own:
        page = two_patients(clinic, own)
        qtbot.addWidget(page)
        page.show()
        shown = [page.list.item(row).text() for row in range(page.list.count())]
        damage(own.path)
        page.refresh()  # raised StoreError, with the list already emptied
        assert [page.list.item(row).text() for row in range(page.list.count())] == shown
        box = page.findChild(QMessageBox, "patients-read-problem")
        assert box is not None and box.isVisible()
        assert box.windowTitle() == "Patients not shown"
        assert box.text().startswith("The list of patients cannot be read again: ")
        assert f"{own.path} is damaged" in box.text()
        assert box.informativeText() == ("Nothing was changed or deleted. The list shows "
                                         "what it showed before.")
        assert page.message.text().startswith("The list of patients cannot be shown: ")
        box.button(QMessageBox.StandardButton.Ok).click()
        qtbot.waitUntil(lambda: not box.isVisible())


def test_choosing_a_patient_while_the_own_database_is_damaged_says_so(qtbot, tmp_path,
                                                                      monkeypatch):
    clinic = Clinic(tmp_path, monkeypatch)
    with clinic.own_store() as own:
        page = two_patients(clinic, own)
        qtbot.addWidget(page)
        page.show()
        other = 1 - page.list.currentRow()
        damage(own.path)
        page.list.setCurrentRow(other)  # a Qt slot: raised StoreError out of it
        assert page.note.text().startswith("This patient cannot be shown: ")
        assert f"{own.path} is damaged" in page.note.text()
        assert not page.rename_button.isEnabled() and not page.group_button.isEnabled()
        assert page.list.count() == 2


def test_a_patients_damaged_database_is_said_and_kept(qtbot, tmp_path, monkeypatch):
    clinic = Clinic(tmp_path, monkeypatch)
    with clinic.own_store() as own:
        page = two_patients(clinic, own)
        qtbot.addWidget(page)
        page.show()
        other = 1 - page.list.currentRow()
        key = page.list.item(other).data(256)
        theirs = patient_database(key)
        damage(theirs)
        kept = theirs.read_bytes()
        page.list.setCurrentRow(other)
        assert page.note.text().startswith("Their sessions cannot be shown: ")
        assert f"{theirs} is damaged" in page.note.text()
        assert page.table.rowCount() == 0 and page.detail.currentWidget() is page.table
        assert page.rename_button.isEnabled()  # your own list still works
        page.list.setCurrentRow(1 - other)  # the other patient still shows
        assert page.note.text().endswith(".") and "cannot" not in page.note.text()
    assert theirs.read_bytes() == kept


def test_a_damaged_value_in_a_patients_set_is_said_in_a_therapists_words(
        qtbot, tmp_path, monkeypatch):
    # A value of their set damaged in this computer's copy of their results: the set line
    # once gave the patient's own advice ("'painease export --csv FOLDER' still saves your
    # sessions, ratings and journal"), which is no help to the therapist reading it.
    clinic = Clinic(tmp_path, monkeypatch)
    with clinic.own_store() as own:
        page = two_patients(clinic, own)
        qtbot.addWidget(page)
        page.show()
        other = 1 - page.list.currentRow()
        theirs = damage_the_other(qtbot, page, "UPDATE programs SET started_on = 'x'")
        said = page.progress.set_label.text()
        assert said == (
            "Their set could not be read: the programs table, row of the set “Two weeks”, "
            "column started_on holds 'x', which is not a date. That is in this computer's "
            f"copy of their results, in {theirs.parent}; nothing was changed. To put it "
            "right, restore that folder from a backup, or move it away and import their "
            "results files again (ask them to send them again if you no longer have them).")
        assert "export" not in said and "your" not in said
        # As it says: with the folder moved away, their results imported again read.
        page.list.setCurrentRow(1 - other)  # the damaged copy no longer open
        theirs.parent.rename(tmp_path / "moved-away")
        for name in ("Sam", "Ada"):
            assert page.import_file(clinic.root / "results" / f"{name}.painease-results")
        page.list.setCurrentRow(other)
        assert page.progress.set_label.text().startswith("Set “Two weeks” (started 1 Nov")
        insights = page.detail.currentWidget()  # loaded before the page goes: no answer
        qtbot.waitUntil(lambda: insights.view is not None  # from the worker comes later
                        and insights.view.data is not None, timeout=WORKER_WAIT_MS)


def test_a_damaged_value_in_a_patients_sessions_is_said_in_a_therapists_words(
        qtbot, tmp_path, monkeypatch):
    clinic = Clinic(tmp_path, monkeypatch)
    with clinic.own_store() as own:
        page = two_patients(clinic, own)
        qtbot.addWidget(page)
        page.show()
        theirs = damage_the_other(qtbot, page, "UPDATE sessions SET ended_at = 'x'")
        said = page.note.text()
    assert said.startswith("Their sessions cannot be shown: the sessions table, row 1, column "
                           "ended_at holds 'x', which is not a time. That is in this "
                           f"computer's copy of their results, in {theirs.parent}; ")
    assert "export" not in said and "your" not in said
