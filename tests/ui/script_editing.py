"""Driving the script editor as a therapist would: clicking, typing, filling in a script,
and a stand-in voice (a real tone per sentence) for the offline voice renders."""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import Qt


def click(qtbot, widget):
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)


def type_into(qtbot, widget, text):
    widget.setFocus()
    widget.selectAll()
    qtbot.keyClicks(widget, text)


def problems(editor) -> str:
    return editor.problems.text()


def fill_metadata(qtbot, editor, script_id="knee-practice"):
    type_into(qtbot, editor.script_id, script_id)
    type_into(qtbot, editor.title, "Knee practice")
    editor.summary.setFocus()
    qtbot.keyClicks(editor.summary, "Turning toward the knee with curiosity.")
    type_into(qtbot, editor.when, "After a walk.")
    editor.lengths.clear()
    type_into(qtbot, editor.lengths, "2, 4")


def write_step(qtbot, editor, text, phase_row=None):
    form = editor.step_form
    form.text.setFocus()
    form.text.selectAll()
    qtbot.keyClicks(form.text, text)
    if phase_row is not None:
        form.phase.setCurrentIndex(phase_row)


def tone_voice(text, progress, cancelled):
    """Stands in for Piper (not installed here): a real 0.5 s tone per sentence."""
    progress(0, "Loading the voice…")
    parts = []
    for number, _sentence in enumerate(text.split(". "), start=1):
        t = np.arange(24000) / 48000
        parts.append((0.2 * np.sin(2 * np.pi * 220 * t)).astype(np.float32))
        progress(number, "Speaking the words…")
    return np.concatenate(parts)


def share_first_clip(editor, title="Knee practice, shorter"):
    """Save the editor's script, then write another of the therapist's scripts, ``title``,
    playing the same clip in its first step; the editor's catalog is read again."""
    from painease.catalog import load_catalog

    path = editor.save()
    text = path.read_text(encoding="utf-8")
    assert 'id = "knee-practice"' in text and 'title = "Knee practice"' in text
    assert 'clip = "knee-practice/step-01.ogg"' in text
    path.with_name("knee-shorter.toml").write_text(
        text.replace('id = "knee-practice"', 'id = "knee-shorter"')
        .replace('title = "Knee practice"', f'title = "{title}"'), encoding="utf-8")
    editor.refresh_catalog(load_catalog())
    assert "knee-shorter" in editor.catalog.entries
