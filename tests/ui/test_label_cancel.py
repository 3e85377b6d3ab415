"""Cancel in Rename… and Group… saves nothing: a name or group typed and then taken back
with Cancel or Esc leaves the patient's name and group as they were, in the list, the
heading and this install's database. (A mutation probe made every answer save what was
typed, Cancel too, and no test failed: each test that cancelled typed what it then saved.)

Real widgets offscreen, real keys typed into the question, real SQLite files."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QCoreApplication, QEvent, Qt
from PySide6.QtWidgets import QDialogButtonBox, QLineEdit

from painease.storage.patients import PatientStore
from tests.ui.clinic import Clinic
from tests.ui.test_patients_read_problem import two_patients


def shown(page) -> list[str]:
    return [page.list.item(row).text() for row in range(page.list.count())]


@pytest.mark.parametrize("answer", ["cancel", "escape"])
@pytest.mark.parametrize(("action", "dialog"), [("rename_button", "rename_dialog"),
                                                ("group_button", "group_dialog")])
def test_a_label_typed_then_cancelled_is_not_saved(qtbot, tmp_path, monkeypatch, action,
                                                   dialog, answer):
    clinic = Clinic(tmp_path, monkeypatch)
    with clinic.own_store() as own:
        page = two_patients(clinic, own)
        qtbot.addWidget(page)
        page.show()
        page.list.setCurrentRow(0)
        key = page.current_key()
        before = PatientStore(own).patient(key)
        listed, heading, message = shown(page), page.heading.text(), page.message.text()
        qtbot.mouseClick(getattr(page, action), Qt.MouseButton.LeftButton)
        asked = getattr(page, dialog)
        qtbot.waitExposed(asked)
        with qtbot.waitActive(asked):
            asked.activateWindow()  # (offscreen, an opened dialog is not made active)
        field = asked.findChild(QLineEdit)
        assert field.hasFocus()
        qtbot.keyClicks(field, "Someone else")  # over the words, chosen to type over
        assert field.text() == "Someone else"
        if answer == "escape":
            qtbot.keyClick(field, Qt.Key.Key_Escape)
        else:
            cancel = asked.findChild(QDialogButtonBox).button(
                QDialogButtonBox.StandardButton.Cancel)
            qtbot.mouseClick(cancel, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: getattr(page, dialog) is None)  # answered
        QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
        after = PatientStore(own).patient(key)
        assert (after.name, after.group) == (before.name, before.group)
        assert after.group != "Someone else" and after.name != "Someone else"
        assert shown(page) == listed and page.heading.text() == heading
        assert page.message.text() == message
