"""Control characters pasted into the script editor's one-line fields (Id, Title, When to
use…) and the set builder's fields (its title, the therapist's name, a session's note)
are left out, as they are from a step's words: they do not show, so nobody could find the
one Check then refuses. In a one-line field the line breaks among them (vertical tab,
form feed, next line, new line) become spaces. The cursor stays after what was pasted.
Real widgets offscreen, a real paste through the clipboard and Ctrl+V."""

from __future__ import annotations

import pytest

from tests.ui.script_editing import fill_metadata, problems, write_step
from tests.ui.test_script_editor_controls import paste
from tests.ui.test_set_builder import builder, fill_set, store  # noqa: F401 - fixtures

SAID = ("Pasted without characters that do not show (U+000B, U+0007); in a one-line field "
        "line breaks become spaces.")


@pytest.mark.parametrize("field", ["title", "when", "script_id", "language", "lengths"])
def test_a_one_line_field_pastes_without_them(qtbot, editor, field):
    fill_metadata(qtbot, editor)
    line = getattr(editor, field)
    line.clear()
    paste(qtbot, line, "a\x0bb\x07c")
    assert line.text() == "a bc"
    assert line.cursorPosition() == 4
    assert editor.play_status.text() == SAID


def test_the_cursor_stays_after_the_paste_and_check_is_content(qtbot, editor):
    fill_metadata(qtbot, editor)
    write_step(qtbot, editor, "Notice the knee and its edges.")
    editor.title.setCursorPosition(len("Knee "))
    paste(qtbot, editor.title, "and\x0bhip\x07 ")
    assert editor.title.text() == "Knee and hip practice"
    assert editor.title.cursorPosition() == len("Knee and hip ")
    qtbot.waitUntil(lambda: "ready to save" in problems(editor))


def test_the_set_builders_fields_and_note_paste_without_them(qtbot, builder, short_script):  # noqa: F811
    fill_set(qtbot, builder, short_script)
    builder.title.selectAll()
    paste(qtbot, builder.title, "First\x0ctwo\x1b weeks")
    assert builder.title.text() == "First two weeks"
    builder.therapist.selectAll()
    paste(qtbot, builder.therapist, "Dr.\x85Ana\x00 Moreno")
    assert builder.therapist.text() == "Dr. Ana Moreno"
    builder.note.selectAll()
    paste(qtbot, builder.note, "Be curious\x0bnothing\x1b needs to change.")
    assert builder.note.toPlainText() == "Be curious\nnothing needs to change."
    qtbot.waitUntil(lambda: builder.problems.text() == "No problems: the set is ready.")
