"""Importing results while the therapist's own database cannot be read (damaged on disk
after the page opened): the Patients page says so in a dialog and in its message line,
raises nothing, and loses nothing (the results file is as it was; nothing half-written).

Real SQLite files: the damage is every page but the first overwritten on disk, after which
a second connection commits, so the page's connection reads the disk again.
"""

from __future__ import annotations

import sqlite3

from PySide6.QtWidgets import QMessageBox

from painease.storage.store_errors import folder_replaced, translate_error
from painease.ui.import_refused import results_step
from painease.ui.therapist.patients_page import PatientsPage
from tests.packs.conftest import make_program
from tests.ui.clinic import Clinic


def damage(path) -> None:
    """Overwrite every page of the SQLite file ``path`` but its first (header and schema),
    then commit from another connection so open connections drop what they had read."""
    other = sqlite3.connect(path, isolation_level=None)
    try:
        other.execute("PRAGMA wal_checkpoint(TRUNCATE)")  # everything in the file itself
        size = other.execute("PRAGMA page_size").fetchone()[0]
        version = other.execute("PRAGMA user_version").fetchone()[0]
        with open(path, "r+b") as file:
            file.seek(size)
            file.write(b"\xff" * (path.stat().st_size - size))
        other.execute(f"PRAGMA user_version = {version}")  # a commit: page 1 only
    finally:
        other.close()


def test_a_damaged_database_during_an_import_is_said_in_a_dialog(qtbot, tmp_path,
                                                                 monkeypatch):
    clinic = Clinic(tmp_path, monkeypatch)
    results = clinic.patient("Sam", make_program(), [(2, (6, 7), (4, 3)), (5, (5, 5), None)])
    sent = results.read_bytes()
    with clinic.own_store() as own:
        page = PatientsPage(own)
        qtbot.addWidget(page)
        page.show()
        damage(own.path)
        assert page.import_file(results) is False  # once: a StoreError out of the page
        box = page.findChild(QMessageBox, "results-import-problem")
        assert box is not None and box.isVisible()
        assert box.windowTitle() == "Results not imported"
        assert box.text().startswith("These results could not be imported: ")
        assert f"{own.path} is damaged" in box.text()
        assert box.informativeText() == (
            "Nothing was added, and the file is as it was. Restore your painease data folder "
            "from a backup, then import these results again.")
        assert box.accessibleDescription() == f"{box.text()} {box.informativeText()}"
        assert page.message.text().startswith("Not imported: ")
        box.button(QMessageBox.StandardButton.Ok).click()
        qtbot.waitUntil(lambda: not box.isVisible())
    assert results.read_bytes() == sent
    assert not (clinic.homes.therapist / "patients").exists() or not any(
        (clinic.homes.therapist / "patients").iterdir())


def test_the_dialog_says_what_to_do_for_each_kind_of_refusal(tmp_path):
    """The next step comes from the error's kind and remedy, never "once the problem is
    solved": errors as the store makes them from SQLite's own."""
    path = tmp_path / "painease.sqlite3"

    def refused(message: str, name: str):
        error = sqlite3.OperationalError(message)
        error.sqlite_errorname = name
        return translate_error(error, path, "import the results", "the imported results")

    again = "then import these results again."
    assert results_step(refused("database or disk is full", "SQLITE_FULL")) == (
        f"Free some space on the disk, {again}")
    assert results_step(refused("database is locked", "SQLITE_BUSY")) == (
        f"Wait until the other program has finished, {again}")
    assert results_step(refused("attempt to write a readonly database", "SQLITE_READONLY")) == (
        f"Let painease write to its data folder again (check the folder's permissions), {again}")
    assert results_step(folder_replaced(path, "the imported results")) == (
        f"Close painease and open it again, {again}")
