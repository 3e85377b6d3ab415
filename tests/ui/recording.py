"""Recording a step's narration in the editor's record dialog, as a therapist would: the
microphone (Rig 3, ``MicFileRig`` from the recorder's tests) hears a file of silence, a tone
and silence. Shared by the tests that record a take."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtGui import QAccessible

from tests.audio.test_recorder import CLIP_RATE, silence_tone_silence
from tests.ui.script_editing import click, fill_metadata, write_step


def heard_take() -> np.ndarray:
    """What the microphone hears: 3 s the count-in drops, then silence, a tone, silence."""
    return np.concatenate([np.zeros(3 * CLIP_RATE), silence_tone_silence(CLIP_RATE)])


def take(qtbot, dialog, *, stop: bool = True) -> None:
    """Record until the tone is in, then Stop (unless ``stop`` is False)."""
    click(qtbot, dialog.record)
    qtbot.waitUntil(lambda: dialog.recorder.seconds_kept() > 4.0, timeout=20000)
    if stop:
        click(qtbot, dialog.stop)


@pytest.fixture
def said_aloud(monkeypatch):
    """The words of the record dialog's status each time it is sent to a screen reader as
    an alert (and sent on as ever)."""
    said = []
    send = QAccessible.updateAccessibility

    def spy(event):
        if event.type() == QAccessible.Event.Alert and \
                event.object().objectName() == "record-status":
            said.append(event.object().text())
        send(event)

    monkeypatch.setattr(QAccessible, "updateAccessibility", spy)
    return said


def open_recorder(qtbot, editor):
    fill_metadata(qtbot, editor)
    write_step(qtbot, editor, "Settle into a supported position.")
    click(qtbot, editor.step_form.record)
    dialog = editor.narration.record_dialog
    qtbot.waitExposed(dialog)
    return dialog
