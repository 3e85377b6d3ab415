"""A paste that had to be cleaned of control characters is one undo step, as any paste
is: Ctrl+Z takes back just that paste, and what was typed before stays undoable (the
one-line field once put the cleaned text in with ``setText``, which empties Qt's undo
history, and the words field merged the paste into the typing before it). Only what the
edit put in is cleaned: text the program set is left as it is (Check says where).
Real widgets offscreen, a real paste through the clipboard and Ctrl+V, undo by Ctrl+Z."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from painease.ui.therapist.pasted_text import LineEdit, WordsEdit
from tests.ui.test_script_editor_controls import paste


def shown(widget) -> str:
    return widget.text() if isinstance(widget, LineEdit) else widget.toPlainText()


def undo(qtbot, widget) -> str:
    qtbot.keyClick(widget, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    return shown(widget)


@pytest.fixture(params=[LineEdit, WordsEdit], ids=["one line", "words"])
def field(request, qtbot):
    widget = request.param()
    qtbot.addWidget(widget)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


@pytest.mark.parametrize("pasted", ["knee\x07 and hip", "knee and hip"],
                         ids=["cleaned", "clean"])
def test_undo_takes_back_just_the_paste(qtbot, field, pasted):
    said = []
    field.cleaned.connect(said.append)
    field.setFocus()
    qtbot.keyClicks(field, "Notice the ")
    paste(qtbot, field, pasted)
    assert shown(field) == "Notice the knee and hip"
    assert bool(said) == ("\x07" in pasted)
    assert undo(qtbot, field) == "Notice the "
    assert undo(qtbot, field) == ""  # the typing before it is still there to undo
    qtbot.keyClick(field, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier
                   | Qt.KeyboardModifier.ShiftModifier)
    assert shown(field) == "Notice the "  # and redone


def test_a_cleaned_paste_over_a_selection_undoes_to_the_selection(qtbot):
    field = LineEdit()
    qtbot.addWidget(field)
    field.show()
    field.setFocus()
    qtbot.keyClicks(field, "Knee practice")
    field.setSelection(0, len("Knee"))
    paste(qtbot, field, "Hip\x0band\x1b knee")
    assert field.text() == "Hip and knee practice"
    assert field.cursorPosition() == len("Hip and knee")
    assert undo(qtbot, field) == "Knee practice"
    assert field.selectedText() == "Knee"


def test_typing_leaves_text_the_program_set_as_it_is(qtbot):
    field = LineEdit()
    qtbot.addWidget(field)
    field.show()
    said = []
    field.cleaned.connect(said.append)
    field.setText("Knee\x07 practice")  # as a script file opened holds it
    field.setFocus()
    field.end(False)
    qtbot.keyClicks(field, "s")
    assert field.text() == "Knee\x07 practices"
    assert said == []  # nothing was pasted, nothing left out
    paste(qtbot, field, " \x1bdaily")
    assert field.text() == "Knee\x07 practices daily"  # only what the paste brought
    assert said == ["Pasted without characters that do not show (U+001B); in a one-line "
                    "field line breaks become spaces."]
    assert undo(qtbot, field) == "Knee\x07 practices"


@pytest.mark.parametrize("typed", ["Ann 😀", "😀😀 x", "𝄞 "], ids=["emoji", "two", "clef"])
def test_a_paste_after_a_character_beyond_the_basic_plane_is_cleaned(qtbot, field, typed):
    """Qt counts a cursor's place in UTF-16 units, Python a string's in characters: an
    emoji before the paste (two units, one character) once made the one-line field miss
    where the paste went, put it back with its controls and say nothing."""
    said = []
    field.cleaned.connect(said.append)
    field.setFocus()
    on_one_line = isinstance(field, LineEdit)
    (field.insert if on_one_line else field.insertPlainText)(typed)  # (keyClicks: no emoji)
    paste(qtbot, field, "a\x0bb\x1b")
    assert shown(field) == typed + ("a b" if on_one_line else "a\nb")
    assert len(said) == 1 and "(U+000B, U+001B)" in said[0]
    if on_one_line:
        assert field.cursorPosition() == len((typed + "a b").encode("utf-16-le")) // 2
        field.setSelection(len(typed.encode("utf-16-le")) // 2, 1)  # the "a" after it
        paste(qtbot, field, "Z\x07")
        assert shown(field) == typed + "Z b" and len(said) == 2
    assert undo(qtbot, field) == typed + ("a b" if on_one_line else "")
