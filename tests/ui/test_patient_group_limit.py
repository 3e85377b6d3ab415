"""Group… refuses a group's name over 100 characters, as Rename… refuses a name over 200:
once a longer one was cut to its first 100 characters without a word, so two long,
different names ("… back pain", "… neck pain") became one group and Outcomes pooled
their patients. The question says so while the name is typed (OK off until it is short
enough); the page says so if asked anyway; nothing is saved. Real widgets offscreen, real
SQLite files."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox

from painease.storage.patients import PatientStore
from tests.ui.test_patients_read_problem import two_patients_shown

BASE = ("Referred by the spinal pain clinic at St Mary's hospital, tuesday evening group "
        "for people with long-term ")  # 106 characters


def groups(own) -> dict[str, str | None]:
    return {p.name: p.group for p in PatientStore(own).patients()}


def test_an_over_long_group_name_is_refused_not_cut(qtbot, tmp_path, monkeypatch):
    with two_patients_shown(qtbot, tmp_path, monkeypatch) as (page, own):
        keys = {page.list.item(r).text().split("\n")[0]: page.list.item(r).data(256)
                for r in range(page.list.count())}
        back, neck = BASE + "back pain", BASE + "neck pain"
        assert not page.set_group(keys["Sam"], back)
        assert page.message.text() == ("Group not changed: a group's name is at most 100 "
                                       "characters; this one has 115.")
        assert not page.set_group(keys["Ada"], "  " + neck.replace(" ", "   ") + " ")
        assert page.message.text().endswith("this one has 115.")  # counted as it is kept
        assert groups(own) == {"Sam": None, "Ada": None}  # not one group of the two

        # 100 characters is still a group's name; the message about the last one goes.
        assert page.set_group(keys["Sam"], BASE[:100])
        assert page.message.text() == ""
        assert groups(own) == {"Sam": BASE[:100].strip(), "Ada": None}


def test_the_question_says_a_group_name_is_too_long_while_it_is_typed(qtbot, tmp_path,
                                                                       monkeypatch):
    with two_patients_shown(qtbot, tmp_path, monkeypatch) as (page, own):
        page.list.setCurrentRow(0)
        name = page.list.item(0).text().split("\n")[0]
        qtbot.mouseClick(page.group_button, Qt.MouseButton.LeftButton)
        dialog = page.group_dialog
        qtbot.waitExposed(dialog)
        ok = dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok)
        note = dialog.limit_note
        assert not note.isVisible() and ok.isEnabled()
        qtbot.keyClicks(dialog.field, BASE[:100])
        assert not note.isVisible() and ok.isEnabled()  # 100: still a group's name
        qtbot.keyClicks(dialog.field, "back pain")
        assert note.isVisible()
        assert note.text() == "A group's name is at most 100 characters; this one has 109."
        assert not ok.isEnabled()
        assert "at most 100 characters" in ok.accessibleDescription()
        assert dialog.field.text() == BASE[:100] + "back pain"  # nothing typed is cut
        qtbot.keyClick(dialog.field, Qt.Key.Key_Return)  # OK is off: nothing is saved
        assert groups(own)[name] is None
        for _ in range(9):
            qtbot.keyClick(dialog.field, Qt.Key.Key_Backspace)
        assert not note.isVisible() and ok.isEnabled()
        qtbot.keyClick(dialog.field, Qt.Key.Key_Return)
        qtbot.waitUntil(lambda: groups(own)[name] == BASE[:100].strip())
