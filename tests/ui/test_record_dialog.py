"""Recording a step's narration in the editor, through the real PortAudio library: takes,
what the status says of them, and a microphone that is missing or fails. (Keeping a take:
``test_record_dialog_keep.py``.)

The microphone is Rig 3 (``MicFileRig`` from the recorder's tests): it "hears" a file of
silence, a tone and silence. Not real time, so the 3-2-1 count-in passes in moments.
"""

from __future__ import annotations

import re

import numpy as np
import pytest
import soundfile
from PySide6.QtCore import Qt

from painease import paths
from painease.ui.therapist.record_dialog import RecordDialog
from tests.audio import rigs
from tests.audio.conftest import require
from tests.audio.mic_rig import FailingMicRig
from tests.audio.test_recorder import CLIP_RATE, MicFileRig, peak_frequency, silence_tone_silence
from tests.ui.recording import heard_take, open_recorder, take
from tests.ui.recording import said_aloud as said_aloud  # noqa: F401 - a fixture
from tests.ui.script_editing import click, write_step
from tests.ui.settled import wait_settled
from tests.ui.test_main_window import unnamed_controls


def test_record_stop_and_keep_gives_the_step_a_trimmed_opus_clip(qtbot, editor, tmp_path):
    require("portaudio")
    # The count-in (3 s) drops the first 3 s of what is heard: start with 3.5 s of silence.
    with MicFileRig(tmp_path / "mic", heard_take()):
        dialog = open_recorder(qtbot, editor)
        assert unnamed_controls(dialog) == []
        assert not dialog.keep.isEnabled()
        click(qtbot, dialog.record)
        assert dialog.recorder.recording and not dialog.record.isEnabled()
        # The count-in runs on the audio clock; then the tone reaches the meter.
        qtbot.waitUntil(lambda: dialog.recorder.seconds_kept() > 4.0, timeout=20000)
        click(qtbot, dialog.stop)
        assert dialog.status.text().startswith("Recorded 1.4 seconds")
        assert dialog.play.isEnabled() and dialog.keep.isEnabled()
        # Play back goes to the output, which this rig writes to a file (float32, mono):
        # it holds the cleaned-up take, tone at the right pitch.
        click(qtbot, dialog.play)
        played = tmp_path / "mic" / "played.raw"
        qtbot.waitUntil(lambda: played.exists() and played.stat().st_size >= 4 * 60_000,
                        timeout=20000)
        import sounddevice

        sounddevice.wait()
        heard_back = np.fromfile(played, dtype="<f4")
        assert peak_frequency(heard_back, CLIP_RATE) == pytest.approx(523.25, abs=1.0)
    assert dialog.record.text() == "&Record again"
    click(qtbot, dialog.keep)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    clip = "knee-practice/step-01.ogg"
    assert editor.steps[0]["clip"] == clip
    info = soundfile.info(str(paths.user_audio_dir() / clip))
    assert (info.subtype, info.samplerate, info.channels) == ("OPUS", 48000, 1)
    assert editor.check.ok
    assert editor.check.clip_durations[clip] == pytest.approx(1.4, abs=0.05)
    assert editor.step_list.item(0).text().endswith(" · recorded")
    # The words it was recorded for are noted: editing them is flagged, not refused.
    assert editor.check.notes == []
    write_step(qtbot, editor, "Settle into any position that feels supported.")
    assert [n[:40] for n in editor.run_check().notes] == [
        "step 1: its clip was made for earlier wo"]
    assert editor.check.ok


def test_the_status_is_said_to_a_screen_reader_once_per_new_message(qtbot, editor, tmp_path,
                                                                    said_aloud):
    """The focus moves on to Keep after a take, so a screen reader reads "Keep": the
    status ("Recorded…", "too loud", "microphone stopped") once went unheard. It is sent as
    an alert; but nothing is said while the microphone records (a screen reader's speech
    would be in the take): the count-in's first number before it, the outcome after."""
    require("portaudio")
    with MicFileRig(tmp_path / "mic", heard_take()):
        dialog = open_recorder(qtbot, editor)
        click(qtbot, dialog.record)
        qtbot.waitUntil(lambda: dialog.status.text().startswith("Recording — "),
                        timeout=20000)
        counting = dialog.status.text()
        qtbot.waitUntil(lambda: dialog.status.text() != counting)  # a new number of seconds
        click(qtbot, dialog.stop)
    assert dialog.status.text().startswith("Recorded 1.4 seconds")
    qtbot.waitUntil(dialog.keep.hasFocus)
    assert said_aloud[-1] == dialog.status.text()
    assert not [words for words in said_aloud if words.startswith("Recording")], said_aloud
    assert len(set(said_aloud)) == len(said_aloud), said_aloud
    # One number of the count-in, said before the take starts (it once began at 4: a count
    # of 3.0 s left).
    counted = [w for w in said_aloud if w.startswith("Starting in")]
    assert len(counted) <= 1 and set(counted) <= {"Starting in 3…", "Starting in 2…",
                                                  "Starting in 1…"}, said_aloud
    # The same words after another take are new: said again.
    with MicFileRig(tmp_path / "mic-2", heard_take()):
        take(qtbot, dialog)
    assert said_aloud[-1] == dialog.status.text()
    assert said_aloud.count(dialog.status.text()) == 2, said_aloud


def test_without_a_microphone_the_dialog_says_so_and_saves_nothing(qtbot, editor, tmp_path):
    require("portaudio")
    with rigs.no_output_device(tmp_path / "nodev"):
        dialog = open_recorder(qtbot, editor)
        click(qtbot, dialog.record)
    assert dialog.status.text() == "Cannot record: no microphone (audio input device) " \
        "was found."
    assert not dialog.keep.isEnabled() and dialog.record.isEnabled()
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    assert "clip" not in editor.steps[0]
    assert not (paths.user_audio_dir() / "knee-practice").exists()


def test_recording_needs_a_valid_id_first(qtbot, editor):
    write_step(qtbot, editor, "Settle in.")
    click(qtbot, editor.step_form.record)
    assert editor.narration.record_dialog is None
    assert "valid id" in editor.play_status.text()


def test_a_failed_retake_keeps_the_earlier_good_take(qtbot, editor, tmp_path):
    require("portaudio")
    with MicFileRig(tmp_path / "mic", heard_take()):
        dialog = open_recorder(qtbot, editor)
        take(qtbot, dialog)
        assert dialog.status.text().startswith("Recorded 1.4 seconds")
    # Record again, but the microphone hears nothing this time (it was muted, say).
    with MicFileRig(tmp_path / "quiet-mic", np.zeros(8 * CLIP_RATE)):
        click(qtbot, dialog.record)
        assert not dialog.keep.isEnabled()  # not while recording
        qtbot.waitUntil(lambda: dialog.recorder.seconds_kept() > 4.0, timeout=20000)
        click(qtbot, dialog.stop)
    assert dialog.play.isEnabled() and dialog.keep.isEnabled()
    assert dialog.status.text().startswith("nothing was heard")
    assert dialog.status.text().endswith("Your earlier take is still here.")
    click(qtbot, dialog.keep)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    clip = paths.user_audio_dir() / "knee-practice/step-01.ogg"
    saved, rate = soundfile.read(str(clip), dtype="float32")
    assert 1.35 < len(saved) / rate < 1.45
    assert peak_frequency(saved, rate) == pytest.approx(523.25, abs=1.0)


def test_a_clipped_take_is_reported_after_stop(qtbot, editor, tmp_path, said_aloud):
    require("portaudio")
    # Overdriven: the rig's int16 input flattens the tone's tops at full scale.
    loud = silence_tone_silence(CLIP_RATE, amplitude=1.5)
    with MicFileRig(tmp_path / "mic", np.concatenate([np.zeros(3 * CLIP_RATE), loud])):
        dialog = open_recorder(qtbot, editor)
        take(qtbot, dialog)
    assert "too loud" in dialog.status.text()
    assert dialog.status.text().startswith("Recorded 1.4 seconds")
    assert dialog.status.accessibleDescription() == dialog.status.text()
    assert said_aloud[-1] == dialog.status.text()  # the focus moves on to Record again
    assert dialog.keep.isEnabled()  # kept anyway, if the therapist so chooses
    qtbot.waitUntil(dialog.record.hasFocus)  # Enter records again (once the dialog is active)


def test_after_a_take_the_buttons_fit_an_800_pixel_screen_at_double_text(
        qtbot, make_window, preset, tmp_path):
    require("portaudio")
    preset(text_size=200)
    window = make_window(use_device=False)
    window.resize(800, 600)
    with MicFileRig(tmp_path / "mic", heard_take()):
        dialog = RecordDialog("Settle into a supported position.", tmp_path / "a.ogg", window)
        dialog.open()
        qtbot.waitExposed(dialog)
        take(qtbot, dialog)
    wait_settled(dialog)
    assert dialog.record.text() == "&Record again"
    # "Record again" at 200 % once made one row of five buttons wider than the screen.
    assert dialog.minimumSizeHint().width() <= 800
    dialog.resize(800, dialog.height())
    wait_settled(dialog)
    for widget in (dialog.record, dialog.stop, dialog.play, dialog.keep, dialog.cancel):
        assert dialog.rect().contains(widget.geometry()), widget.text()
        assert widget.width() >= widget.sizeHint().width(), widget.text()
    dialog.done(0)


def test_a_very_quiet_take_is_said_to_have_been_raised(qtbot, editor, tmp_path):
    require("portaudio")
    # A tone at -48 dBFS RMS: above the silence floor (-55), so it is used, but it must be
    # raised by some 28 dB to reach the target level, and the room's hiss with it.
    faint = silence_tone_silence(CLIP_RATE, amplitude=10 ** (-48 / 20) * np.sqrt(2))
    with MicFileRig(tmp_path / "mic", np.concatenate([np.zeros(3 * CLIP_RATE), faint])):
        dialog = open_recorder(qtbot, editor)
        take(qtbot, dialog)
    text = dialog.status.text()
    assert re.match(r"Recorded 1\.4 seconds, but it was very quiet, so it was made 2\d dB "
                    "louder", text), text
    assert "Move closer to the microphone or raise its input level" in text
    assert dialog.status.accessibleDescription() == text
    assert dialog.keep.isEnabled()  # kept anyway, if the therapist so chooses
    qtbot.waitUntil(dialog.record.hasFocus)  # Enter records again (once the dialog is active)
    # A take at an ordinary level gets no such note.
    with MicFileRig(tmp_path / "mic-2", heard_take()):
        take(qtbot, dialog)
    assert dialog.status.text() == "Recorded 1.4 seconds. Play it back, keep it, or record " \
        "again."

def test_a_microphone_that_fails_mid_take_is_said_so_and_the_take_is_kept(qtbot, editor,
                                                                          tmp_path,
                                                                          said_aloud):
    """The device returns an error mid-take (FailingMicRig, as an unplugged microphone
    does): the take once carried on, silently, as "Recording", with nothing coming in."""
    require("portaudio")
    with FailingMicRig(tmp_path / "mic", heard_take()) as rig:
        dialog = open_recorder(qtbot, editor)
        click(qtbot, dialog.record)
        qtbot.waitUntil(lambda: dialog.recorder.seconds_kept() > 4.0, timeout=20000)
        rig.fail()
        qtbot.waitUntil(lambda: not dialog.recorder.recording, timeout=5000)
    text = dialog.status.text()
    assert text == ("Recording stopped: the microphone stopped sending sound (was it "
                    "unplugged?). The 1.4 seconds recorded before that are here: play them "
                    "back, keep them, or record again once the microphone works."), text
    assert dialog.status.accessibleDescription() == text
    assert said_aloud[-1] == text  # the focus moves on to Keep
    assert dialog.play.isEnabled() and dialog.keep.isEnabled() and dialog.record.isEnabled()
    assert not dialog.stop.isEnabled()
    click(qtbot, dialog.keep)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    saved, rate = soundfile.read(str(paths.user_audio_dir() / "knee-practice/step-01.ogg"),
                                 dtype="float32")
    assert 1.35 < len(saved) / rate < 1.45
    assert peak_frequency(saved, rate) == pytest.approx(523.25, abs=1.0)


def test_a_microphone_that_fails_before_anything_is_heard_says_so(qtbot, editor, tmp_path):
    require("portaudio")
    with MicFileRig(tmp_path / "mic", heard_take()):
        dialog = open_recorder(qtbot, editor)
        take(qtbot, dialog)  # a good first take
    with FailingMicRig(tmp_path / "silent-mic", np.zeros(5 * CLIP_RATE)) as rig:
        click(qtbot, dialog.record)
        qtbot.waitUntil(lambda: dialog.recorder.seconds_kept() > 1.0, timeout=20000)
        rig.fail()
        qtbot.waitUntil(lambda: not dialog.recorder.recording, timeout=5000)
    assert dialog.status.text() == ("Recording stopped: the microphone stopped sending sound "
                                    "(was it unplugged?), and nothing was heard before that. "
                                    "Check the microphone and record again. Your earlier "
                                    "take is still here.")
    assert dialog.keep.isEnabled()  # the earlier take
