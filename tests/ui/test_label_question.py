"""Rename…'s and Group…'s question on the Patients page (``LabelQuestion``): its wrapped
words -- the question, and the note of what a paste left out -- are shown whole, under the
app's theme at 100 % and 200 % text, when it opens and after a cleaned paste (once the
dialog kept the height it opened with: at 200 % the question showed 68 px of the 102 it
needs, and after a paste at 100 % the note 26 of 54); and each question asked is deleted
once answered (once every Rename… and Group… left a hidden dialog under the page).
Real widgets offscreen, a real paste through the clipboard and Ctrl+V, real SQLite files."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QCoreApplication, QEvent, Qt
from PySide6.QtWidgets import QApplication, QLabel, QWidget

from painease.ui.theme import apply_theme
from painease.ui.therapist.patient_labels import LabelQuestion
from tests.ui.clinic import Clinic
from tests.ui.test_patients_read_problem import two_patients
from tests.ui.test_script_editor_controls import paste

QUESTIONS = {  # as the Patients page asks them
    "rename": ("patient-rename-dialog", "Rename patient",
               "The name this patient is shown by on this computer:", "Sam", "Name",
               "The name this patient is shown by on this computer"),
    "group": ("patient-group-dialog", "Patient's group",
              "Your group for this patient, for the Outcomes tab (leave empty for none):",
              "", "Group", "The group's name; empty for no group"),
}


def cut_off(dialog: LabelQuestion) -> list[tuple[str, int, int]]:
    """Each shown label of ``dialog`` that is lower than its words need: (its words, its
    height, the height they need at its width)."""
    QCoreApplication.sendPostedEvents(None, QEvent.Type.LayoutRequest)
    return [(shown.text()[:30], shown.height(), shown.heightForWidth(shown.width()))
            for shown in dialog.findChildren(QLabel)
            if shown.isVisible() and shown.height() < shown.heightForWidth(shown.width())]


@pytest.mark.parametrize("size", [100, 200])
@pytest.mark.parametrize("asked", sorted(QUESTIONS))
def test_the_question_and_the_paste_note_are_shown_whole(qtbot, asked, size):
    apply_theme(QApplication.instance(), "light", size)  # undone after the test (conftest)
    page = QWidget()
    qtbot.addWidget(page)
    page.resize(1200, 800)
    page.show()
    dialog = LabelQuestion(page, *QUESTIONS[asked])
    dialog.ask()
    qtbot.waitExposed(dialog)
    assert cut_off(dialog) == []
    dialog.field.selectAll()
    paste(qtbot, dialog.field, "Early\x0bgroup\x1b")
    assert dialog.field.text() == "Early group"
    assert dialog.paste_note.isVisible()
    qtbot.waitUntil(lambda: cut_off(dialog) == [])
    assert dialog.paste_note.geometry().bottom() <= dialog.rect().bottom()


def test_each_question_is_deleted_once_answered(qtbot, tmp_path, monkeypatch):
    clinic = Clinic(tmp_path, monkeypatch)
    with clinic.own_store() as own:
        page = two_patients(clinic, own)
        qtbot.addWidget(page)
        page.show()
        page.list.setCurrentRow(0)
        for action, dialog, answer in (("rename_button", "rename_dialog", "reject"),
                                       ("group_button", "group_dialog", "accept"),
                                       ("rename_button", "rename_dialog", "accept")):
            qtbot.mouseClick(getattr(page, action), Qt.MouseButton.LeftButton)
            asked = getattr(page, dialog)
            qtbot.waitExposed(asked)
            assert page.findChildren(LabelQuestion) == [asked]  # the one open now
            asked.setTextValue("Sam R.")
            getattr(asked, answer)()
            QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
            assert page.findChildren(LabelQuestion) == []
            assert getattr(page, dialog) is None  # no answered question kept
        assert page.heading.text() == "Sam R. · group Sam R."
