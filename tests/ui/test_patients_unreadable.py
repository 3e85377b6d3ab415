"""The Patients page when a value in this install's database was edited or damaged outside
painease: the page says which table, row and column holds what, in the dialog and on the
note, and nothing is raised out of a Qt slot. Real SQLite files, damaged with sqlite3 as a
bad-input probe did; real sealed results imported."""

from __future__ import annotations

import sqlite3

from PySide6.QtWidgets import QMessageBox

from tests.ui.clinic import Clinic
from tests.ui.test_patients_read_problem import two_patients
from tests.waits import WORKER_WAIT_MS


def damage(path, sql: str, *args) -> None:
    conn = sqlite3.connect(path)
    conn.execute(sql, args)
    conn.commit()
    conn.close()


def shown_patients(qtbot, clinic: Clinic, own):
    """The page with two patients imported, once the chosen one's Insights has loaded (a
    page closed while it loads takes its charts down with it)."""
    page = two_patients(clinic, own)
    qtbot.addWidget(page)
    page.show()
    insights = page.detail.currentWidget()
    qtbot.waitUntil(lambda: insights.view is not None and insights.view.data is not None,
                    timeout=WORKER_WAIT_MS)
    return page


def test_the_list_names_the_value_it_cannot_read(qtbot, tmp_path, monkeypatch):
    clinic = Clinic(tmp_path, monkeypatch)
    with clinic.own_store() as own:
        page = shown_patients(qtbot, clinic, own)
        key = page.list.item(0).data(256)
        damage(own.path, "UPDATE patients SET first_seen_at = 'garbage' WHERE key_id = ?", key)
        page.refresh()
        box = page.findChild(QMessageBox, "patients-read-problem")
        assert box is not None and box.isVisible()
        assert box.text() == (
            "The list of patients cannot be read again: a value in the database cannot be "
            f"read: the patients table, row {key}, column first_seen_at holds 'garbage', "
            "which is not a time.")
        assert page.list.count() == 2  # what it showed before
        box.button(QMessageBox.StandardButton.Ok).click()
        qtbot.waitUntil(lambda: not box.isVisible())


def test_choosing_a_patient_whose_import_cannot_be_read_says_which_value(qtbot, tmp_path,
                                                                         monkeypatch):
    clinic = Clinic(tmp_path, monkeypatch)
    with clinic.own_store() as own:
        page = shown_patients(qtbot, clinic, own)
        other = 1 - page.list.currentRow()
        key = page.list.item(other).data(256)
        (row,) = own.database.conn.execute(
            "SELECT id FROM result_imports WHERE patient_key = ?", (key,)).fetchone()
        damage(own.path, "UPDATE result_imports SET period_from = 'someday' WHERE id = ?", row)
        page.list.setCurrentRow(other)  # a Qt slot: a ValueError was raised out of it
        assert page.note.text() == (
            "This patient cannot be shown: a value in the database cannot be read: the "
            f"result_imports table, row {row}, column period_from holds 'someday', which is "
            "not a date.")
        assert page.list.count() == 2
