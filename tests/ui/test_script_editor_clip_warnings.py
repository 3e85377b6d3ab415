"""The script editor's live check warns of a clip as ``painease check`` does -- far from the
voice's loudness, too short to hold a word -- in the same words, without stopping a save;
what check calls an error of a clip (peaking past full scale) stops the save, as check's
exit status and Export pack do; and measures each clip once per version of its file, off the
GUI thread. (The editor once said "ready to save" of a clip 14 dB quieter than the voice;
only ``painease check`` told.)
"""

from __future__ import annotations

import threading

import numpy as np
import soundfile

from painease import paths
from painease.audio import clips
from painease.catalog import check_files
from painease.domain.script_loader import Said
from painease.ui.therapist.check_words import in_form_words
from tests.ui.script_editing import fill_metadata, problems, write_step

RATE = 48_000


def write_clip(name: str, amplitude: float, seconds: float = 2.0) -> str:
    """A real 220 Hz tone in the user's audio folder, as the editor's clips are; its clip
    name. A sine's gated RMS is its amplitude less 3 dB."""
    path = paths.user_audio_dir() / "knee-practice" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    t = np.arange(round(seconds * RATE)) / RATE
    soundfile.write(path, (amplitude * np.sin(2 * np.pi * 220 * t)).astype("float32"), RATE,
                    subtype="FLOAT")
    return f"knee-practice/{name}"


def use_clip(editor, clip: str) -> None:
    editor.steps[0]["clip"] = clip
    editor.step_form.clip_changed()


def test_clip_warnings_show_as_notes_in_check_s_words_and_saving_stays_allowed(qtbot, editor):
    fill_metadata(qtbot, editor)
    write_step(qtbot, editor, "Settle in.")
    quiet = write_clip("quiet.wav", 0.028)  # -34 dBFS: 14 dB under the voice
    use_clip(editor, quiet)
    qtbot.waitUntil(lambda: "quieter than the app's voice" in problems(editor))
    assert problems(editor).startswith("No problems: the script is ready to save.")
    assert editor.save_button.isEnabled()
    saved = editor.save()
    assert saved is not None
    catalog = check_files([saved])
    assert catalog.problems == [] and len(catalog.warnings) == 1
    # One source of the words: the editor says what check says, as a note, naming the
    # clip as the step's clip is written (in its narrow column), where check, in a
    # terminal, names it by its full path.
    full = str(paths.user_audio_dir() / quiet)
    assert f"the clip {full} is about 14 dB quieter" in catalog.warnings[0].message
    warning = catalog.warnings[0].message  # its place kept, the clip named as written
    said = in_form_words(Said(warning.where, warning.words.replace(full, quiet)))
    assert said.startswith("Step 1, Narration: the clip knee-practice/quiet.wav")
    assert f"• Note: {said}" in problems(editor).splitlines()
    assert str(paths.user_audio_dir()) not in problems(editor)

    use_clip(editor, write_clip("short.wav", 0.14, seconds=0.05))
    qtbot.waitUntil(lambda: "the clip knee-practice/short.wav lasts only 50 ms, too short "
                            "to hold a word" in problems(editor))
    assert "quieter" not in problems(editor)
    assert editor.save_button.isEnabled()

    use_clip(editor, write_clip("fine.wav", 0.14))  # -20 dBFS, 2 s: nothing to say
    qtbot.waitUntil(lambda: editor.survey.busy() is False and "Note" not in problems(editor))
    assert problems(editor) == "No problems: the script is ready to save."


def test_a_clip_is_measured_off_the_gui_thread_once_per_version_of_its_file(
        qtbot, editor, monkeypatch):
    measured: list[tuple[str, threading.Thread]] = []
    real = clips.clip_warnings

    def counted(path, *args, **kwargs):
        measured.append((str(path), threading.current_thread()))
        return real(path, *args, **kwargs)

    monkeypatch.setattr(clips, "clip_warnings", counted)
    fill_metadata(qtbot, editor)
    write_step(qtbot, editor, "Settle in.")
    clip = write_clip("take.wav", 0.45)  # -10 dBFS: 10 dB over the voice
    use_clip(editor, clip)
    # The check the edit runs says at once that the clip is being measured; the warning
    # comes when the measuring is done, without another edit.
    editor.run_check()
    assert "Measuring the clips" in problems(editor)
    qtbot.waitUntil(lambda: "louder than the app's voice" in problems(editor))
    assert "Measuring the clips" not in problems(editor)
    assert [path for path, _ in measured] == [str(paths.user_audio_dir() / clip)]
    assert measured[0][1] is not threading.main_thread()

    # Typing the words again checks the script again, but does not measure the clip again.
    for words in ("Settle in now.", "Settle in, gently."):
        write_step(qtbot, editor, words)
        qtbot.waitUntil(lambda w=words: editor.check is not None
                        and editor.check.script.steps[0].text == w)
        assert "louder than the app's voice" in problems(editor)
    assert len(measured) == 1

    # Recorded again at the voice's level: a new version of the file, measured again.
    write_clip("take.wav", 0.14, seconds=2.5)
    write_step(qtbot, editor, "Settle in.")
    qtbot.waitUntil(lambda: problems(editor) == "No problems: the script is ready to save.")
    assert len(measured) == 2


def test_a_clip_check_calls_an_error_is_a_problem_that_stops_the_save(qtbot, editor):
    """A clip peaking at +3.5 dBFS: ``painease check`` exits 1 over it and Export pack
    refuses it, so the editor says it is not ready (it once said "No problems: the script is
    ready to save", with a note)."""
    fill_metadata(qtbot, editor)
    write_step(qtbot, editor, "Settle in.")
    loud = write_clip("loud.wav", 1.5)  # past full scale: the header read passes
    use_clip(editor, loud)
    said = ("the clip knee-practice/loud.wav peaks at +3.5 dBFS, past full scale, so its "
            "loudest parts would play distorted")
    qtbot.waitUntil(lambda: said in problems(editor))
    assert not problems(editor).startswith("No problems")
    assert "Note" not in problems(editor)
    assert not editor.save_button.isEnabled()
    assert editor.save() is None
    # painease check, of the same script as a file: an error, in the same words.
    path = paths.user_scripts_dir() / "knee-practice.toml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(editor.check.text, encoding="utf-8")
    catalog = check_files([path])
    full = str(paths.user_audio_dir() / loud)
    assert [in_form_words(Said(p.message.where, p.message.words.replace(full, loud)))
            for p in catalog.problems] == [
        line.removeprefix("• ") for line in problems(editor).splitlines()]
    assert catalog.warnings == []

    # Brought under full scale: a clip check passes, and so does the editor.
    use_clip(editor, write_clip("loud.wav", 0.14, seconds=2.5))
    qtbot.waitUntil(lambda: problems(editor) == "No problems: the script is ready to save.")
    assert editor.save_button.isEnabled()
