"""A hold of more than a few seconds in a paced breath is allowed, with a gentle word of
advice: beside the breath form as it is set, and as a note (not a problem) from the check.
Some people get light-headed or short of air holding their breath. The real script editor."""

from __future__ import annotations

from painease.ui.therapist.draft_check import GENTLE_HOLD
from tests.ui.script_editing import click, fill_metadata, problems, write_step

NOTE = "Step 1: a hold of 6 s is longer than gentle paced breathing usually uses"


def test_a_long_hold_is_advised_against_but_still_saved(qtbot, editor):
    assert GENTLE_HOLD == 4
    fill_metadata(qtbot, editor)
    write_step(qtbot, editor, "Follow the tones.")
    editor.step_form.phase.setCurrentIndex(editor.step_form.phase.findData("breathing"))
    breath = editor.step_form.breath
    click(qtbot, breath.enabled)
    note = breath.hold_note
    breath.hold.setValue(4)  # box breathing's hold: no advice
    editor.run_check()  # what the editor's timer runs after an edit
    assert "ready to save" in problems(editor)
    assert not note.isVisible() and "hold" not in problems(editor)
    breath.hold.setValue(6)
    qtbot.waitUntil(lambda: NOTE in problems(editor))
    assert note.isVisible() and "light-headed" in note.text()
    assert "light-headed or short of air" in problems(editor)
    assert "ready to save" in problems(editor) and editor.save_button.isEnabled()
    assert editor.save() is not None  # a note, never a refusal
    # Only the one note for the hold, even past the 7 s that notes a slow breath.
    breath.hold.setValue(8)
    qtbot.waitUntil(lambda: "a hold of 8 s" in problems(editor))
    assert "slower than most" not in problems(editor)
    click(qtbot, breath.enabled)  # no breath at all: no advice
    assert not note.isVisible()
