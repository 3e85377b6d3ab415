"""Render with voice over a step's own clip asks first, saying what is there: a recording
the therapist made with Record… is never replaced by the offline voice unasked (it used to
be, when no other script played it). Keep the old one is the default."""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox

from painease import paths
from painease.audio.clip_origin import RECORDED, RENDERED, made_by
from painease.ui.therapist.step_narration import already_has
from tests.audio.conftest import require
from tests.audio.test_recorder import MicFileRig
from tests.ui.recording import heard_take, open_recorder, take
from tests.ui.script_editing import click, tone_voice


def test_rendering_over_a_recording_asks_and_declining_keeps_it(qtbot, editor, tmp_path):
    require("portaudio")
    clip = paths.user_audio_dir() / "knee-practice" / "step-01.ogg"
    with MicFileRig(tmp_path / "mic", heard_take()):
        dialog = open_recorder(qtbot, editor)
        take(qtbot, dialog)
        click(qtbot, dialog.keep)
        qtbot.waitUntil(lambda: not dialog.isVisible())
    assert editor.steps[0]["clip"] == "knee-practice/step-01.ogg"
    recorded = clip.read_bytes()
    assert made_by(clip) == RECORDED

    editor.render_step(synthesise=tone_voice)
    question = editor.narration.replace_question
    assert question is not None and question.isVisible()
    assert editor.narration.voice_job is None  # nothing started, nothing written
    assert question.text() == ("This step already has a recording made with the "
                               "microphone. Replace it with a new rendering by the offline "
                               "voice?")
    keep = question.button(QMessageBox.StandardButton.Cancel)
    assert question.defaultButton() is keep and keep.text() == "Keep the old one"
    click(qtbot, keep)
    qtbot.waitUntil(lambda: not question.isVisible())
    assert editor.narration.voice_job is None
    assert clip.read_bytes() == recorded and made_by(clip) == RECORDED
    assert editor.steps[0]["clip"] == "knee-practice/step-01.ogg"

    editor.render_step(synthesise=tone_voice)  # asked again: this time, Replace it
    click(qtbot, editor.narration.replace_question.button(
        QMessageBox.StandardButton.Discard))
    qtbot.waitUntil(lambda: not editor.narration.voice_job.running, timeout=20000)
    qtbot.waitUntil(lambda: clip.read_bytes() != recorded, timeout=20000)
    assert made_by(clip) == RENDERED


def test_a_clip_that_notes_nothing_is_just_a_recording(tmp_path):
    """A clip made before clips were noted, or copied in: how it was made is not known."""
    import numpy as np
    import soundfile

    plain = tmp_path / "step-01.ogg"
    soundfile.write(plain, np.zeros(4800, np.float32), 48000, format="OGG", subtype="OPUS")
    assert made_by(plain) is None and made_by(tmp_path / "none.ogg") is None
    assert already_has(plain) == "This step already has a recording."
    (tmp_path / "words.ogg").write_text("not a sound", encoding="utf-8")
    assert made_by(tmp_path / "words.ogg") is None
