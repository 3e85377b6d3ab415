"""The Patients page when a database cannot be read: this install's own (the list of
patients) or a patient's (their sessions). Each is said on the page (and the list's in a
dialog), nothing is raised out of a Qt slot, and nothing is lost: the list keeps what it
showed, the files are as they were.

Real SQLite files damaged on disk (``damage``: every page but the first overwritten, then
a commit from another connection, so open connections read the disk again).
"""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox

from painease.packs.results import patient_database
from painease.ui.therapist.patients_page import PatientsPage
from tests.packs.conftest import make_program
from tests.ui.clinic import Clinic
from tests.ui.test_patients_import_problem import damage


def two_patients(clinic: Clinic, own) -> PatientsPage:
    program = make_program()
    sent = [clinic.patient(name, program, [(2, (6, 7), (4, 3))]) for name in ("Sam", "Ada")]
    page = PatientsPage(own)
    for results in sent:
        assert page.import_file(results)
    return page


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
