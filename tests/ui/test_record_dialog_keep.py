"""Keeping a recorded take in the editor's record dialog, through the real PortAudio library:
saving it, asking before it replaces a recording or is dropped, and a save that fails.
(Recording itself: ``test_record_dialog.py``.)

The microphone is Rig 3 (``MicFileRig`` from the recorder's tests): it "hears" a file of
silence, a tone and silence. Not real time, so the 3-2-1 count-in passes in moments.
"""

from __future__ import annotations

import pytest
import soundfile
from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox

from painease import paths
from tests.audio.conftest import require
from tests.audio.test_recorder import MicFileRig, peak_frequency
from tests.ui.recording import heard_take, open_recorder, take
from tests.ui.recording import said_aloud as said_aloud  # noqa: F401 - a fixture
from tests.ui.script_editing import click, share_first_clip


def test_closing_asks_before_dropping_a_take_not_kept(qtbot, editor, tmp_path):
    require("portaudio")
    with MicFileRig(tmp_path / "mic", heard_take()):
        dialog = open_recorder(qtbot, editor)
        take(qtbot, dialog, stop=False)
        # Esc in the middle of a take (reaching for Stop): the take is stopped, not lost.
        qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert dialog.isVisible() and not dialog.recorder.recording
    question = dialog.close_question
    qtbot.waitUntil(lambda: question is not None and question.isVisible())
    click(qtbot, question.button(QMessageBox.StandardButton.Cancel))  # Keep editing
    assert dialog.isVisible() and dialog.keep.isEnabled()
    assert dialog.status.text().startswith("Recorded 1.4 seconds")
    click(qtbot, dialog.cancel)
    question = dialog.close_question
    qtbot.waitUntil(question.isVisible)
    click(qtbot, question.button(QMessageBox.StandardButton.Discard))
    qtbot.waitUntil(lambda: not dialog.isVisible())
    assert "clip" not in editor.steps[0]
    assert not (paths.user_audio_dir() / "knee-practice").exists()


def test_keeping_a_new_take_asks_before_replacing_the_steps_recording(qtbot, editor,
                                                                       tmp_path):
    require("portaudio")
    clip = paths.user_audio_dir() / "knee-practice/step-01.ogg"
    with MicFileRig(tmp_path / "mic", heard_take()):
        dialog = open_recorder(qtbot, editor)
        take(qtbot, dialog)
        click(qtbot, dialog.keep)
        qtbot.waitUntil(lambda: not dialog.isVisible())
        first = clip.read_bytes()
        # Record the same step again: Keep would write over the good recording.
        click(qtbot, editor.step_form.record)
        again = editor.narration.record_dialog
        qtbot.waitExposed(again)
        assert again.target == clip
        take(qtbot, again)
    click(qtbot, again.keep)
    assert again.isVisible() and clip.read_bytes() == first
    question = again.replace_question
    qtbot.waitUntil(lambda: question is not None and question.isVisible())
    click(qtbot, question.button(QMessageBox.StandardButton.Cancel))  # Keep the old one
    assert again.isVisible() and clip.read_bytes() == first
    click(qtbot, again.keep)
    question = again.replace_question
    qtbot.waitUntil(question.isVisible)
    click(qtbot, question.button(QMessageBox.StandardButton.Discard))  # Replace it
    qtbot.waitUntil(lambda: not again.isVisible())
    assert clip.read_bytes() != first
    assert editor.steps[0]["clip"] == "knee-practice/step-01.ogg"


def test_replacing_a_recording_another_script_plays_names_that_script(qtbot, editor,
                                                                     tmp_path):
    require("portaudio")
    with MicFileRig(tmp_path / "mic", heard_take()):
        dialog = open_recorder(qtbot, editor)
        take(qtbot, dialog)
        click(qtbot, dialog.keep)
        qtbot.waitUntil(lambda: not dialog.isVisible())
        qtbot.waitUntil(lambda: editor.save_button.isEnabled())
        share_first_clip(editor)  # a copy under a new id plays the same recording
        click(qtbot, editor.step_form.record)
        again = editor.narration.record_dialog
        qtbot.waitExposed(again)
        take(qtbot, again)
    click(qtbot, again.keep)
    question = again.replace_question
    qtbot.waitUntil(lambda: question is not None and question.isVisible())
    assert question.text() == ("This step already has a recording made with the "
                               "microphone. The script “Knee practice, shorter” uses it too, "
                               "and would play the new one as well. Replace it with this "
                               "take?")
    click(qtbot, question.button(QMessageBox.StandardButton.Cancel))
    again.done(0)

class PaintedWords(QObject):
    """The words a label showed each time it was painted."""

    def __init__(self, watched):
        super().__init__(watched)
        self.painted: list[str] = []
        watched.installEventFilter(self)

    def eventFilter(self, watched, event):  # noqa: N802 - Qt override
        if event.type() == QEvent.Type.Paint:
            self.painted.append(watched.text())
        return False


def test_keep_shows_it_is_saving_before_the_work_and_cannot_be_closed_mid_save(
        qtbot, editor, tmp_path, monkeypatch, said_aloud):
    """A long take takes seconds to save: the dialog says so (painted and alerted), with a
    busy cursor and its buttons off, before the work starts; closing it then is refused."""
    require("portaudio")
    with MicFileRig(tmp_path / "mic", heard_take()):
        dialog = open_recorder(qtbot, editor)
        take(qtbot, dialog)
    status = PaintedWords(dialog.status)
    seen = {}
    save = dialog._takes.save_opus

    def watched_save(path, samples, *args, **options):
        cursor = QApplication.overrideCursor()
        seen.update(painted=list(status.painted), said=list(said_aloud),
                    cursor=cursor.shape() if cursor else None,
                    enabled=[b.isEnabled() for b in (dialog.record, dialog.play, dialog.keep,
                                                     dialog.cancel)])
        dialog.reject()  # Esc or the window's close button, mid-save
        seen["open"] = dialog.isVisible() and dialog.close_question is None
        return save(path, samples, *args, **options)

    monkeypatch.setattr(dialog._takes, "save_opus", watched_save)
    click(qtbot, dialog.keep)
    assert seen["painted"][-1:] == ["Saving the take…"]
    assert seen["said"][-1:] == ["Saving the take…"]
    assert seen["cursor"] == Qt.CursorShape.WaitCursor
    assert seen["enabled"] == [False] * 4 and seen["open"]
    qtbot.waitUntil(lambda: not dialog.isVisible())
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert editor.steps[0]["clip"] == "knee-practice/step-01.ogg"
    assert QApplication.overrideCursor() is None


def test_a_take_saved_without_its_words_note_is_kept_and_said_so(qtbot, editor, tmp_path):
    require("portaudio")
    folder = paths.user_audio_dir() / "knee-practice"
    # clip-words.json cannot be written: a folder stands where it goes.
    (folder / "clip-words.json").mkdir(parents=True)
    with MicFileRig(tmp_path / "mic", heard_take()):
        dialog = open_recorder(qtbot, editor)
        take(qtbot, dialog)
    click(qtbot, dialog.keep)
    # The clip on disk is the take: the step has it, and nothing says it was not saved.
    qtbot.waitUntil(lambda: not dialog.isVisible())
    assert editor.steps[0]["clip"] == "knee-practice/step-01.ogg"
    saved, rate = soundfile.read(str(folder / "step-01.ogg"), dtype="float32")
    assert peak_frequency(saved, rate) == pytest.approx(523.25, abs=1.0)
    status = editor.play_status.text()
    assert status.startswith("The take was saved as the step's recording, but painease "
                             "could not note which words it speaks"), status
    assert "could not be saved" not in status


def test_a_take_that_cannot_be_saved_stays_in_the_dialog(qtbot, editor, tmp_path):
    require("portaudio")
    folder = paths.user_audio_dir() / "knee-practice"
    with MicFileRig(tmp_path / "mic", heard_take()):
        dialog = open_recorder(qtbot, editor)
        take(qtbot, dialog)
    folder.parent.mkdir(parents=True, exist_ok=True)
    folder.write_text("a file where the script's clip folder goes")
    click(qtbot, dialog.keep)
    assert dialog.isVisible() and dialog.keep.isEnabled()
    assert dialog.status.text().startswith("The take could not be saved (")
    assert dialog.status.text().endswith("The step's recording is as it was; your take is "
                                         "still here, so try Keep again.")
    assert "clip" not in editor.steps[0]
    # Saving is over: the busy cursor is gone, Keep has the focus again, and the dialog
    # can be closed (asking first, as the take is not kept).
    assert QApplication.overrideCursor() is None and dialog.keep.hasFocus()
    assert dialog.record.isEnabled() and dialog.cancel.isEnabled()
    dialog.reject()
    qtbot.waitUntil(lambda: dialog.close_question is not None
                    and dialog.close_question.isVisible())
    click(qtbot, dialog.close_question.button(QMessageBox.StandardButton.Cancel))
    folder.unlink()
    click(qtbot, dialog.keep)  # the folder can be made now: Keep works
    qtbot.waitUntil(lambda: not dialog.isVisible())
    assert editor.steps[0]["clip"] == "knee-practice/step-01.ogg"
