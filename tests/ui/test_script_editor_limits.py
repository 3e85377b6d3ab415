"""The script editor stops at the most steps a script can hold (``MAX_STEPS``, which the
loader refuses past), and says why where a keyboard and screen-reader user finds it: Add
step turns off with that as its description, and a line under the buttons, a Tab stop,
says it in plain words (sent as an alert when Add step made the script full). Once a 501st
step could be added, and only the check said afterwards that the script could not be
saved."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from painease import paths
from painease.catalog import load_catalog
from painease.domain.script import MAX_STEPS
from painease.domain.script_loader import load_script
from tests.ui.script_editing import click

HEADER = """\
format = 1
id = "many-steps"
title = "Many steps"
kind = "relaxation"
summary = "A long rest."
when_to_use = "Any time."
lengths = [60]
"""
STEP = '\n[[steps]]\nphase = "settle"\ntext = "Rest."\npause = { min = 1, weight = 1 }\n'


def open_script_of(qtbot, editor, count: int):
    folder = paths.user_scripts_dir()
    folder.mkdir(parents=True)
    (folder / "many-steps.toml").write_text(HEADER + STEP * count, encoding="utf-8")
    editor.refresh_catalog(load_catalog())
    editor.load_script("many-steps")
    assert editor.step_list.count() == count


def test_add_step_stops_at_the_most_steps_a_script_can_hold_and_says_why(
        qtbot, editor, alerts):
    open_script_of(qtbot, editor, MAX_STEPS - 1)
    assert editor.add_step.isEnabled()
    with qtbot.waitActive(editor):
        editor.activateWindow()
    editor.add_step.setFocus()
    qtbot.keyClick(editor.add_step, Qt.Key.Key_Space)  # the last step there is room for
    assert editor.step_list.count() == MAX_STEPS
    assert editor.step_form.text.hasFocus()  # the new step's words, as ever

    # Full: Add step is off, and why is said on it and in a line under the buttons.
    said = (f"This script has {MAX_STEPS} steps, the most a script can hold, so Add step "
            "is off. To add a step, first remove one, or split the session into two "
            "scripts.")
    assert not editor.add_step.isEnabled()
    click(qtbot, editor.add_step)
    assert editor.step_list.count() == MAX_STEPS
    note = editor.script_steps.full_note
    assert editor.add_step.accessibleDescription() == (
        f"Off: this script has {MAX_STEPS} steps, the most a script can hold")
    assert note.isVisible() and note.text() == said
    assert alerts == ["steps-full"]
    # Tab from the list, past the buttons, stops at the line; a screen reader says it.
    editor.step_list.setFocus()
    for _ in range(6):
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        if note.hasFocus():
            break
    assert note.hasFocus()
    assert note.accessibleName() in ("", note.text())
    assert note.accessibleDescription().startswith("Steps.")

    # The full script, its last step written, is a script: it is saved and loads.
    qtbot.keyClicks(editor.step_form.text, "Rest.")
    script, _ = load_script(editor.save())
    assert len(script.steps) == MAX_STEPS

    # One removed, Add step is back and the line goes.
    editor.step_list.setCurrentRow(0)
    click(qtbot, editor.remove_step)
    assert editor.add_step.isEnabled() and not note.isVisible()
    assert editor.add_step.accessibleDescription() == "Add a new step after the chosen one"
    click(qtbot, editor.add_step)
    assert editor.step_list.count() == MAX_STEPS and not editor.add_step.isEnabled()
    assert alerts == ["steps-full", "steps-full"]


def test_a_script_opened_full_has_add_step_off_without_an_alert(qtbot, editor, alerts):
    open_script_of(qtbot, editor, MAX_STEPS)
    assert not editor.add_step.isEnabled()
    assert editor.script_steps.full_note.isVisible()
    assert alerts == []
    # A new script has room again.
    editor.new_script()
    assert editor.add_step.isEnabled() and not editor.script_steps.full_note.isVisible()
