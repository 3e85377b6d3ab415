"""The script editor's sound: a step played through the player, and voice renders run off
the GUI thread (a stand-in tone voice, or the real offline voice when it is installed)."""

from __future__ import annotations

import threading
import time

import numpy as np
import pytest
import soundfile
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QMessageBox, QPushButton

from painease import paths
from painease.ui.therapist import voice_render
from tests.ui.conftest import labels_hiding_text
from tests.ui.script_editing import (
    click,
    fill_metadata,
    share_first_clip,
    tone_voice,
    write_step,
)
from tests.ui.test_main_window import unnamed_controls
from tests.waits import WORKER_WAIT_MS


def test_play_step_plays_it_through_the_player(qtbot, editor):
    fill_metadata(qtbot, editor)
    write_step(qtbot, editor, "Settle in.")
    click(qtbot, editor.step_form.play)
    qtbot.waitUntil(lambda: editor.play_status.text().startswith("Playing step 1"))
    assert "Settle in." in editor.play_status.text()
    qtbot.waitUntil(lambda: editor.play_status.text() == "Played step 1.", timeout=20000)
    assert not editor.step_player.playing


def test_without_the_narration_extra_the_voice_button_says_how_to_get_it(editor):
    if voice_render.available():
        pytest.skip("the narration extra is installed here")
    voice = editor.step_form.voice
    assert not voice.isEnabled()
    assert "pip install 'painease[narration]'" in voice.toolTip()
    assert "Not available" in voice.accessibleDescription()


def test_without_the_narration_extra_why_the_voice_button_is_off_is_shown_under_it(
        qtbot, editor):
    """A turned-off button is skipped by Tab and its tooltip needs a mouse: the reason
    was only there and in its accessible description, out of reach of the keyboard and
    of a screen reader reading the page. It is a line under the buttons, reached by Tab."""
    if voice_render.available():
        pytest.skip("the narration extra is installed here")
    voice = editor.step_form.voice
    note = editor.findChild(QLabel, "step-voice-note")
    assert note is not None
    assert note.isVisible() and note.isEnabled() and note.wordWrap()
    assert note.text() == voice_render.INSTALL_HINT
    assert note.property("role") == "muted"
    assert note.height() >= note.heightForWidth(note.width())  # not cut
    top = note.mapTo(editor, note.rect().topLeft()).y()
    below = voice.mapTo(editor, voice.rect().bottomLeft()).y()
    assert 0 < top - below < 3 * voice.height()  # right under the button's row
    note.setFocus(Qt.FocusReason.TabFocusReason)
    assert note.focusPolicy() & Qt.FocusPolicy.TabFocus and note.hasFocus()
    assert labels_hiding_text(editor) == []


def test_a_voice_render_runs_off_the_gui_thread_and_sets_the_clip(qtbot, editor):
    fill_metadata(qtbot, editor)
    write_step(qtbot, editor, "Settle in. Let the chair hold you. Breathe as you like.")
    editor.render_step(synthesise=tone_voice)
    job = editor.narration.voice_job
    qtbot.waitUntil(lambda: "clip" in editor.steps[0], timeout=20000)
    # The progress dialog's label is the last stage the worker reported (its value is
    # reset when it closes). A slot connected here, after the start, could miss every
    # report on a busy machine: the worker may finish before the connection is made.
    assert job.dialog.labelText() == "Saving the clip…"
    # "done" reaches this thread (queued) a moment before the worker's function returns.
    job.thread.join(20)
    assert not job.running
    clip = "knee-practice/step-01.ogg"
    info = soundfile.info(str(paths.user_audio_dir() / clip))
    assert (info.subtype, info.samplerate) == ("OPUS", 48000)
    assert editor.steps[0]["clip"] == clip
    assert editor.check.clip_durations[clip] == pytest.approx(1.5, abs=0.02)
    assert editor.step_form.clip.text() == clip
    assert editor.step_list.item(0).text().endswith(" · recorded")


def test_a_render_saved_without_its_words_note_keeps_the_clip_and_says_so(qtbot, editor):
    fill_metadata(qtbot, editor)
    write_step(qtbot, editor, "Settle in. Let the chair hold you.")
    # clip-words.json cannot be written: a folder stands where it goes.
    (paths.user_audio_dir() / "knee-practice" / "clip-words.json").mkdir(parents=True)
    editor.render_step(synthesise=tone_voice)
    qtbot.waitUntil(lambda: not editor.narration.voice_job.running, timeout=20000)
    qtbot.waitUntil(lambda: "clip" in editor.steps[0], timeout=20000)
    assert editor.steps[0]["clip"] == "knee-practice/step-01.ogg"
    info = soundfile.info(str(paths.user_audio_dir() / "knee-practice" / "step-01.ogg"))
    assert info.duration == pytest.approx(1.0, abs=0.02)  # the two sentences just rendered
    status = editor.play_status.text()
    assert status.startswith("The rendering was saved as the step's recording, but painease "
                             "could not note which words it speaks"), status
    assert "could not render" not in status


def test_rendering_over_a_clip_another_script_plays_names_it_and_asks(qtbot, editor):
    """Another script (a copy saved under a new id) plays this step's clip: rendering
    again replaces it for both, so the question says so before anything is written."""
    fill_metadata(qtbot, editor)
    write_step(qtbot, editor, "Settle in. Let the chair hold you.")
    editor.render_step(synthesise=tone_voice)
    qtbot.waitUntil(lambda: "clip" in editor.steps[0], timeout=20000)
    qtbot.waitUntil(lambda: not editor.narration.voice_job.running, timeout=20000)
    qtbot.waitUntil(lambda: editor.save_button.isEnabled())
    share_first_clip(editor)
    clip = paths.user_audio_dir() / "knee-practice" / "step-01.ogg"
    first = clip.read_bytes()
    job = editor.narration.voice_job
    editor.render_step(synthesise=tone_voice)
    question = editor.narration.replace_question
    assert question is not None and question.isVisible()
    assert editor.narration.voice_job is job  # nothing started yet
    assert question.text() == ("This step already has a rendering by the offline voice. "
                               "The script “Knee practice, shorter” uses it too, and would "
                               "play the new one as well. Replace it with a new rendering by "
                               "the offline voice?")
    click(qtbot, question.button(QMessageBox.StandardButton.Cancel))  # Keep the old one
    assert editor.narration.voice_job is job and clip.read_bytes() == first
    editor.render_step(synthesise=lambda *a: 0.5 * tone_voice(*a))
    question = editor.narration.replace_question
    click(qtbot, question.button(QMessageBox.StandardButton.Discard))  # Replace it
    assert editor.narration.voice_job is not job
    qtbot.waitUntil(lambda: not editor.narration.voice_job.running, timeout=20000)
    qtbot.waitUntil(lambda: clip.read_bytes() != first, timeout=20000)


def test_the_progress_dialog_ends_on_the_last_stage_when_reports_arrive_together(
        qtbot, tmp_path):
    """A modal progress dialog handles pending events inside ``setValue``, so reports queued
    together used to be shown newest first and then overwritten by an older label."""
    emitted, release = threading.Event(), threading.Event()

    def bunched_voice(text, progress, cancelled):
        for stage in range(voice_render.STAGES - 1):
            progress(stage, f"Stage {stage}…")
        emitted.set()
        release.wait(20)  # the dialog handles all of them at once, not one by one
        return np.zeros(4800, np.float32)

    job = voice_render.VoiceJob(None, "Settle in.", tmp_path / "clip.ogg",
                                synthesise=bunched_voice)
    job.dialog.setMinimumDuration(0)  # shown at the first step, as a slow render's is
    job.start()
    assert emitted.wait(20)  # every report is queued before the GUI thread sees any
    qtbot.waitUntil(lambda: job.dialog.labelText().startswith("Stage"), timeout=20000)
    assert job.dialog.labelText() == f"Stage {voice_render.STAGES - 2}…"
    release.set()
    job.thread.join(20)
    qtbot.waitUntil(lambda: job.dialog.labelText() == "Saving the clip…", timeout=20000)
    job.dialog.close()


def test_editing_words_after_a_render_says_the_clip_is_out_of_date(qtbot, editor):
    fill_metadata(qtbot, editor)
    write_step(qtbot, editor, "Settle in. Let the chair hold you.")
    editor.render_step(synthesise=tone_voice)
    qtbot.waitUntil(lambda: "clip" in editor.steps[0], timeout=20000)
    qtbot.waitUntil(lambda: editor.save_button.isEnabled())
    assert editor.check.notes == []
    assert "Note:" not in editor.problems.text()
    write_step(qtbot, editor, "Settle in.   Let the chair hold you. ")  # spacing only
    assert editor.run_check().notes == []
    write_step(qtbot, editor, "Settle in. Let the floor hold you.")
    check = editor.run_check()
    assert check.notes == ["step 1: its clip was made for earlier words, so the voice no "
                           "longer matches the captions; record or render it again. The "
                           "script can be saved as it is, but it cannot be sent to a "
                           "patient until then"]
    assert "• Note: Step 1: its clip was made for earlier words" in editor.problems.text()
    assert "cannot be sent to a patient until then" in editor.problems.text()
    assert labels_hiding_text(editor) == []  # a screen reader says the check's words
    assert check.ok and editor.save_button.isEnabled()  # a note, not a reason to refuse
    editor.render_step(synthesise=tone_voice)  # rendered again from the new words
    question = editor.narration.replace_question  # over the step's clip: asked first
    assert question.text().startswith("This step already has a rendering by the offline "
                                      "voice. Replace it")
    click(qtbot, question.button(QMessageBox.StandardButton.Discard))  # Replace it
    qtbot.waitUntil(lambda: not editor.narration.voice_job.running, timeout=20000)
    qtbot.waitUntil(lambda: editor.check.notes == [], timeout=20000)


def test_a_cancelled_voice_render_saves_nothing(qtbot, editor):
    fill_metadata(qtbot, editor)
    write_step(qtbot, editor, "Settle in.")
    started = []

    def slow_voice(text, progress, cancelled):
        progress(0, "Loading the voice…")
        started.append(True)
        while not cancelled():
            time.sleep(0.01)
        raise voice_render.Cancelled

    editor.render_step(synthesise=slow_voice)
    job = editor.narration.voice_job
    qtbot.waitUntil(lambda: bool(started) and job.dialog.isVisible(), timeout=20000)
    assert job.dialog.labelText() == "Loading the voice…"
    assert unnamed_controls(job.dialog) == []
    with qtbot.waitSignal(job.failed, timeout=WORKER_WAIT_MS):
        click(qtbot, job.dialog.findChild(QPushButton, "voice-cancel"))
    assert editor.play_status.text() == "Rendering was cancelled; nothing was saved."
    assert "clip" not in editor.steps[0]
    assert not (paths.user_audio_dir() / "knee-practice").exists()


def test_the_offline_voice_renders_a_step_when_the_extra_is_installed(qtbot, editor):
    pytest.importorskip("painease.narration.render", reason="the narration package is not "
                        "merged here")
    pytest.importorskip("piper", reason="the narration extra is not installed")
    assert editor.step_form.voice.isEnabled()
    fill_metadata(qtbot, editor)
    write_step(qtbot, editor, "Let your breath be easy. Notice the chair holding you.")
    click(qtbot, editor.step_form.voice)
    job = editor.narration.voice_job
    stages = []
    job.progress.connect(lambda done, text: stages.append(text))
    qtbot.waitUntil(lambda: "clip" in editor.steps[0], timeout=120_000)
    assert stages[-1] == "Saving the clip…"
    clip = paths.user_audio_dir() / editor.steps[0]["clip"]
    audio, rate = soundfile.read(str(clip), dtype="float32")
    assert rate == 48000 and 2.0 < len(audio) / rate < 15.0
    assert editor.check.ok


def test_the_voice_note_starts_right_under_the_buttons_when_its_row_is_taller(
        qtbot, editor):
    """Beside a label, a form gives a wrapped line its size hint's height, taller than it
    needs when the page is wide: its words are drawn at the top of that row, right under
    the buttons, not centred lower down in it."""
    if voice_render.available():
        pytest.skip("the narration extra is installed here")
    note = editor.findChild(QLabel, "step-voice-note")
    editor.window().resize(1600, editor.window().height())
    qtbot.waitUntil(lambda: note.height() > note.heightForWidth(note.width()) + 8)
    image = note.grab().toImage()
    background = image.pixelColor(0, 0)
    inked = [y for y in range(image.height())
             if any(image.pixelColor(x, y) != background for x in range(image.width()))]
    assert inked and inked[0] <= note.fontMetrics().height() // 2, (inked[:1], note.height())


def test_the_replace_question_lists_every_other_script():
    from painease.ui.therapist.step_narration import also_used

    assert also_used([]) == ""
    assert also_used(["A", "B", "C"]) == ("The scripts “A”, “B” and “C” use it too, and "
                                          "would play the new one as well. ")
