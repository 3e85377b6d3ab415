"""Control characters pasted into a step (a vertical tab from a word processor) do not
show in the editor: its check says where they are, by the words around them, as ``painease
check`` does (the message is the script format's). Real widgets offscreen, a real paste
through the clipboard."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from tests.ui.script_editing import fill_metadata, problems


def test_a_pasted_control_character_is_said_by_the_words_around_it(qtbot, editor):
    fill_metadata(qtbot, editor)
    form = editor.step_form
    QApplication.clipboard().setText("Notice\x0bthe knee and its edges.")
    form.text.setFocus()
    qtbot.keyClick(form.text, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: "control characters" in problems(editor))
    # Its place in the form's words (check_words), the rest as the script format says it.
    assert ("Step 1, Words: holds control characters that cannot be shown (U+000B between "
            "“Notice” and “the knee”, at character 7); they are invisible on screen: select "
            "from the words before to the words after and type them again") in problems(editor)
