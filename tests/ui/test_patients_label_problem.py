"""Rename… and Group… when this install's database cannot be read or written: said in a
plain dialog, nothing raised out of a Qt slot, nothing lost (the list keeps what it
showed, the file is as it was, and the name or group typed is given back in the dialog).

Real SQLite files damaged on disk (``damage``, as in test_patients_read_problem.py).
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from tests.ui.clinic import Clinic
from tests.ui.test_patients_import_problem import damage
from tests.ui.test_patients_read_problem import two_patients

ACTIONS = [("rename_button", "rename_dialog", "patient-rename-problem", "Not renamed",
            "Ada Lovelace"),
           ("group_button", "group_dialog", "patient-group-problem", "Group not changed",
            "Early")]


def shown(page) -> list[str]:
    return [page.list.item(row).text() for row in range(page.list.count())]


def on_disk(path) -> tuple[bytes, bytes]:
    """The database file and its write-ahead log, as they are."""
    wal = path.with_name(path.name + "-wal")
    return path.read_bytes(), wal.read_bytes() if wal.exists() else b""


def said(qtbot, page, name: str, path) -> QMessageBox:
    box = page.findChild(QMessageBox, name)
    assert box is not None and box.isVisible()
    assert f"{path} is damaged" in box.text()
    return box


@pytest.mark.parametrize(("action", "dialog", "box_name", "title", "typed"), ACTIONS)
def test_asking_while_the_database_cannot_be_read_is_said(qtbot, tmp_path, monkeypatch,
                                                          action, dialog, box_name, title,
                                                          typed):
    clinic = Clinic(tmp_path, monkeypatch)
    with clinic.own_store() as own:
        page = two_patients(clinic, own)
        qtbot.addWidget(page)
        page.show()
        before = shown(page)
        damage(own.path)
        kept = on_disk(own.path)
        qtbot.mouseClick(getattr(page, action), Qt.MouseButton.LeftButton)  # raised
        box = said(qtbot, page, box_name, own.path)
        assert box.windowTitle() == title
        assert "Nothing was changed" in box.informativeText()
        assert getattr(page, dialog, None) is None  # no question it could not answer
        assert shown(page) == before
        assert on_disk(own.path) == kept
        box.button(QMessageBox.StandardButton.Ok).click()
        qtbot.waitUntil(lambda: not box.isVisible())


@pytest.mark.parametrize(("action", "dialog", "box_name", "title", "typed"), ACTIONS)
def test_saving_while_the_database_cannot_be_written_keeps_what_was_typed(
        qtbot, tmp_path, monkeypatch, action, dialog, box_name, title, typed):
    clinic = Clinic(tmp_path, monkeypatch)
    with clinic.own_store() as own:
        page = two_patients(clinic, own)
        qtbot.addWidget(page)
        page.show()
        before = shown(page)
        qtbot.mouseClick(getattr(page, action), Qt.MouseButton.LeftButton)
        asked = getattr(page, dialog)
        qtbot.waitExposed(asked)
        asked.setTextValue(typed)
        damage(own.path)
        kept = on_disk(own.path)
        asked.accept()  # the write raised out of the dialog's signal
        box = said(qtbot, page, box_name, own.path)
        assert box.windowTitle() == title
        assert f"“{typed}”" in box.informativeText()  # what was typed is not lost
        assert page.message.text().startswith(f"{title}: ")
        assert shown(page) == before
        assert on_disk(own.path) == kept
