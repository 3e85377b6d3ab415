"""What a paste left out is said where the therapist sees it and a screen reader hears it:
in the set builder (its title, the therapist's name, a session's days and note) and in
the Patients page's Rename… and Group… questions, a short line under the fields, sent as
an alert, the focus staying in the field (the script editor says it under a step's
buttons). Once the set builder left them out without a word, and the patient-labels
dialog kept them (a plain field). Real widgets offscreen, real SQLite files, a real paste
through the clipboard and Ctrl+V."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLabel, QLineEdit

from tests.ui.clinic import Clinic
from tests.ui.test_patients_read_problem import two_patients
from tests.ui.test_script_editor_controls import paste
from tests.ui.test_set_builder import builder, choose, fill_set, store  # noqa: F401 - fixtures

ONE_LINE = ("Pasted without characters that do not show (U+000C, U+001B); in a one-line "
            "field line breaks become spaces.")
WORDS = ("Pasted without characters that do not show (U+000B, U+001B); any line breaks "
         "among them are kept as new lines.")


def said(widget, name: str) -> QLabel:
    note = widget.findChild(QLabel, name)
    assert note is not None and note.isVisible()
    return note


@pytest.mark.parametrize("field", ["title", "therapist"])
def test_the_set_builders_fields_say_what_a_paste_left_out(qtbot, builder, short_script,  # noqa: F811
                                                             alerts, field):
    fill_set(qtbot, builder, short_script)
    assert not builder.findChild(QLabel, "set-paste-note").isVisible()  # nothing said yet
    line = getattr(builder, field)
    line.selectAll()
    paste(qtbot, line, "Dr.\x0cAna\x1b Moreno")
    assert line.text() == "Dr. Ana Moreno"
    assert said(builder, "set-paste-note").text() == ONE_LINE
    assert alerts == ["set-paste-note"]
    assert QApplication.focusWidget() is line
    assert builder.save() is not None
    builder.new_button.click()  # what was said was of that set
    assert builder.title.text() == ""
    assert not builder.findChild(QLabel, "set-paste-note").isVisible()


def test_a_sessions_note_and_days_say_what_a_paste_left_out(qtbot, builder, short_script,  # noqa: F811
                                                            alerts):
    fill_set(qtbot, builder, short_script)
    builder.item_list.setCurrentRow(0)
    builder.note.selectAll()
    paste(qtbot, builder.note, "Be curious\x0bnothing\x1b needs to change.")
    assert builder.note.toPlainText() == "Be curious\nnothing needs to change."
    assert said(builder, "item-paste-note").text() == WORDS
    assert QApplication.focusWidget() is builder.note
    choose(builder.schedule_kind, "dates")
    builder.dates.selectAll()
    paste(qtbot, builder.dates, "2030-01-07,\x0c2030-01-09\x1b")
    assert builder.dates.text() == "2030-01-07, 2030-01-09"
    assert said(builder, "item-paste-note").text() == ONE_LINE
    assert alerts == ["item-paste-note", "item-paste-note"]
    builder.item_list.setCurrentRow(1)  # another session: what was said was of that one
    assert not builder.findChild(QLabel, "item-paste-note").isVisible()
    qtbot.waitUntil(lambda: builder.problems.text().startswith("No problems"))


@pytest.mark.parametrize(("action", "dialog", "pasted", "shown"), [
    ("rename_button", "rename_dialog", "Sam\x0cR.\x1b", "Sam R."),
    ("group_button", "group_dialog", "Early\x0cgroup\x1b", "Sam · group Early group")])
def test_rename_and_group_paste_without_them_and_say_so(qtbot, tmp_path, monkeypatch, alerts,
                                                        action, dialog, pasted, shown):
    clinic = Clinic(tmp_path, monkeypatch)
    with clinic.own_store() as own:
        page = two_patients(clinic, own)
        qtbot.addWidget(page)
        page.show()
        page.list.setCurrentRow([page.list.item(row).text().startswith("Sam\n")
                                 for row in range(page.list.count())].index(True))
        qtbot.mouseClick(getattr(page, action), Qt.MouseButton.LeftButton)
        asked = getattr(page, dialog)
        qtbot.waitExposed(asked)
        with qtbot.waitActive(asked):
            asked.activateWindow()  # (offscreen, an opened dialog is not made active)
        field = asked.findChild(QLineEdit)
        assert field.hasFocus() and field.selectedText() == field.text()  # to type over
        field.selectAll()
        paste(qtbot, field, pasted)
        assert field.text() == pasted.replace("\x0c", " ").replace("\x1b", "")
        note = said(asked, f"{asked.objectName()}-paste-note")
        assert note.text() == ONE_LINE
        assert alerts == [note.objectName()]
        assert QApplication.focusWidget() is field
        asked.accept()
        qtbot.waitUntil(lambda: page.heading.text() == shown)
