"""Control characters pasted into a step's words or the summary (a vertical tab from a
word processor, a terminal's bell) do not show in the editor, so a paste leaves them out:
the line breaks among them become new lines, and a note under the step's buttons says
what was left out. Check would refuse them, and they cannot be found on screen. Real
widgets offscreen, a real paste through the clipboard."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from tests.ui.script_editing import fill_metadata, problems


def paste(qtbot, widget, text):
    QApplication.clipboard().setText(text)
    widget.setFocus()
    qtbot.keyClick(widget, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)


def test_a_pasted_control_character_is_left_out_and_said(qtbot, editor):
    fill_metadata(qtbot, editor)
    paste(qtbot, editor.step_form.text, "Notice\x0bthe knee\x07 and its edges.")
    assert editor.step_form.text.toPlainText() == "Notice\nthe knee and its edges."
    assert editor.play_status.text() == (
        "Pasted without characters that do not show (U+000B, U+0007); any line breaks "
        "among them are kept as new lines.")
    qtbot.waitUntil(lambda: "ready to save" in problems(editor))


def test_the_summary_pastes_without_them_too(qtbot, editor):
    fill_metadata(qtbot, editor)
    editor.summary.clear()
    paste(qtbot, editor.summary, "A rest\x0cfor the knee\x1b.")
    assert editor.summary.toPlainText() == "A rest\nfor the knee."
    assert "(U+000C, U+001B)" in editor.play_status.text()
