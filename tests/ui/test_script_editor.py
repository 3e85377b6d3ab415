"""The script editor, driven like a therapist would: typing, clicking, saving, reloading.

Saved scripts are read back with the real loader and the real catalog; timings in the
preview are compared with ``fit_timeline``.
"""

from __future__ import annotations

import threading
import time

import numpy as np
import pytest
import soundfile
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QPushButton

from painease import paths
from painease.catalog import load_catalog
from painease.domain.script_loader import load_script
from painease.domain.timeline import fit_timeline
from painease.ui.therapist import voice_render
from tests.ui.test_main_window import unnamed_controls

SIMPLE = """\
format = 1
id = "{id}"
title = "{title}"
kind = "relaxation"
summary = "A short rest."
when_to_use = "Any time."
lengths = [2]

[[steps]]
phase = "settle"
text = "Settle in."
pause = {{ min = 5, weight = 1 }}
"""


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


def test_a_new_script_is_written_checked_previewed_and_saved(qtbot, editor):
    assert "id: is empty" in problems(editor)
    assert not editor.save_button.isEnabled()
    fill_metadata(qtbot, editor)
    write_step(qtbot, editor, "Settle into a supported position.")
    click(qtbot, editor.add_step)
    write_step(qtbot, editor, "Notice the sensation in the knee, its edges and size.", 1)
    form = editor.step_form
    form.pause_min.setValue(20)
    form.pause_weight.setValue(3)
    click(qtbot, editor.add_step)
    write_step(qtbot, editor, "This sensation is safe.", 2)
    form.pause_kind.setCurrentIndex(0)  # fixed
    form.pause_seconds.setValue(4)
    qtbot.waitUntil(lambda: "ready to save" in problems(editor))
    assert editor.save_button.isEnabled()

    # The preview is the real fitted timeline at the chosen length.
    editor.preview_length.setCurrentIndex(editor.preview_length.findData(4.0))
    timeline = fit_timeline(editor.check.script, 4)
    assert editor.preview.rowCount() == len(timeline.segments)
    assert editor.preview.item(2, 2).text() == "Notice the sensation in the knee, its edges "\
        "and size."
    assert editor.preview.item(2, 1).text() == "Noticing"
    last_start = timeline.segments[-1].start // timeline.samplerate
    assert editor.preview.item(len(timeline.segments) - 1, 0).text() == \
        f"{last_start // 60}:{last_start % 60:02d}"

    with qtbot.waitSignal(editor.saved) as saved:
        click(qtbot, editor.save_button)
    path = saved.args[0]
    assert path == paths.user_scripts_dir() / "knee-practice.toml"
    script, _text = load_script(path)
    assert [s.phase.value for s in script.steps] == ["settle", "attention", "safety"]
    assert script.steps[1].pause.min == 20 and script.steps[1].pause.weight == 3
    assert script.steps[2].pause == 4
    assert script.lengths == [2, 4]
    assert "knee-practice" in load_catalog().entries


def test_a_scripts_folder_that_cannot_be_made_is_said_not_raised(qtbot, editor):
    """A real failure (a file where the scripts folder goes; it stops root too): the
    editor says so beside Save, keeps the draft, and the file is left alone."""
    blocker = paths.user_scripts_dir()
    blocker.write_text("not a folder")
    fill_metadata(qtbot, editor)
    write_step(qtbot, editor, "Settle into a supported position.")
    qtbot.waitUntil(lambda: "ready to save" in problems(editor))
    assert editor.save() is None
    assert editor.save_status.text().startswith("Not saved: ")
    assert str(blocker) in editor.save_status.text()
    assert editor.dirty and editor.script_id.text() == "knee-practice"
    assert blocker.read_text() == "not a folder"


def test_saving_never_replaces_a_file_the_draft_did_not_come_from(qtbot, editor):
    # A hand-written draft that does not load yet is in no catalog, so its id looks free.
    folder = paths.user_scripts_dir()
    folder.mkdir(parents=True)
    unfinished = folder / "knee-practice.toml"
    unfinished.write_text('format = 1\nid = "knee-practice"\ntitle = "Half done"\n')
    fill_metadata(qtbot, editor)
    write_step(qtbot, editor, "Settle into a supported position.")
    qtbot.waitUntil(lambda: "ready to save" in problems(editor))
    assert editor.save() is None
    assert editor.save_status.text() == (f"Not saved: {unfinished} already exists and was "
                                         "not opened here. Choose another id, or move that "
                                         "file away first.")
    assert "Half done" in unfinished.read_text() and editor.dirty


def test_a_script_opened_here_is_saved_back_to_its_own_file(qtbot, editor):
    # Its file is named otherwise than its id: saving once wrote a second file, <id>.toml.
    folder = paths.user_scripts_dir()
    folder.mkdir(parents=True)
    mine = folder / "morning.toml"
    mine.write_text(SIMPLE.format(id="my-morning", title="Morning"), encoding="utf-8")
    editor.refresh_catalog(load_catalog())
    editor.load_script("my-morning")
    type_into(qtbot, editor.title, "Morning, gently")
    qtbot.waitUntil(lambda: "ready to save" in problems(editor))
    assert editor.save() == mine
    assert sorted(p.name for p in folder.glob("*.toml")) == ["morning.toml"]
    assert load_script(mine)[0].title == "Morning, gently"
    assert editor.save_status.text() == f"Saved to {mine}."
    # A new id is said: the sets that named the old one no longer find it.
    type_into(qtbot, editor.script_id, "my-evening")
    qtbot.waitUntil(lambda: "ready to save" in problems(editor))
    assert editor.save() == mine
    assert editor.save_status.text() == (
        f"Saved to {mine}. Its id changed from 'my-morning': sets that use that id will "
        "show it as not in your library until you choose it again there.")


def test_a_clip_never_lands_in_another_scripts_folder_or_over_a_file(qtbot, editor):
    folder = paths.user_scripts_dir()
    folder.mkdir(parents=True)
    (folder / "morning.toml").write_text(SIMPLE.format(id="my-morning", title="Morning"),
                                         encoding="utf-8")
    editor.refresh_catalog(load_catalog())
    fill_metadata(qtbot, editor, script_id="my-morning")  # another script's id
    write_step(qtbot, editor, "Settle in.")
    assert editor.clip_target(0) is None
    editor.render_step(synthesise=tone_voice)
    assert editor.narration.voice_job is None  # no render was started
    assert "valid id of its own" in editor.play_status.text()
    # Its own id, with a stray file where step 1's clip would go: the clip goes beside it.
    type_into(qtbot, editor.script_id, "knee-practice")
    stray = paths.user_audio_dir() / "knee-practice" / "step-01.ogg"
    stray.parent.mkdir(parents=True)
    stray.write_bytes(b"someone's recording")
    assert editor.clip_target(0) == ("knee-practice/step-01-2.ogg",
                                     stray.parent / "step-01-2.ogg")
    assert stray.read_bytes() == b"someone's recording"


def test_problems_show_live_in_plain_words_and_block_saving(qtbot, editor):
    fill_metadata(qtbot, editor)
    write_step(qtbot, editor, "Settle in.")
    qtbot.waitUntil(lambda: "ready to save" in problems(editor))
    type_into(qtbot, editor.script_id, "Knee Practice")
    qtbot.waitUntil(lambda: "id: 'Knee Practice' is not allowed" in problems(editor))
    assert not editor.save_button.isEnabled()
    type_into(qtbot, editor.script_id, "knee-practice")
    editor.lengths.clear()
    type_into(qtbot, editor.lengths, "five")
    qtbot.waitUntil(lambda: "lengths" in problems(editor) and "five" in problems(editor))
    editor.lengths.clear()
    type_into(qtbot, editor.lengths, "0.05, 2")
    editor.step_form.pause_kind.setCurrentIndex(0)
    editor.step_form.pause_seconds.setValue(30)
    qtbot.waitUntil(lambda: "cannot be played at 0.05 minutes" in problems(editor))
    assert editor.save() is None
    assert not (paths.user_scripts_dir() / "knee-practice.toml").exists()
    assert "fix the problems" in editor.save_status.text()


def test_an_id_already_used_by_a_bundled_script_is_refused(qtbot, editor):
    fill_metadata(qtbot, editor, script_id="paced-breathing")
    write_step(qtbot, editor, "Settle in.")
    qtbot.waitUntil(lambda: "'paced-breathing' is already used" in problems(editor))
    assert not editor.save_button.isEnabled()


def test_steps_can_be_added_moved_and_removed(qtbot, editor):
    fill_metadata(qtbot, editor)
    for number, text in enumerate(("First.", "Second.", "Third."), start=1):
        if number > 1:
            click(qtbot, editor.add_step)
        write_step(qtbot, editor, text)
    assert editor.step_list.count() == 3
    editor.step_list.setCurrentRow(2)
    click(qtbot, editor.up)  # Third before Second
    assert editor.current_step() == 1
    editor.step_list.setCurrentRow(0)
    click(qtbot, editor.remove_step)  # First goes
    assert editor.step_list.item(0).text().startswith("1. Settling in: Third.")
    qtbot.waitUntil(lambda: editor.save_button.isEnabled())
    path = editor.save()
    script, _ = load_script(path)
    assert [s.text for s in script.steps] == ["Third.", "Second."]


def test_a_bundled_script_opens_as_a_copy_and_round_trips(qtbot, editor):
    editor.open_choice.setCurrentIndex(editor.open_choice.findData("paced-breathing"))
    click(qtbot, editor.open_button)
    assert editor.script_id.text() == "paced-breathing-copy"
    editor.step_list.setCurrentRow(1)
    breath = editor.step_form.breath
    assert breath.enabled.isChecked() and breath.fields.isVisible()
    assert (breath.inhale.value(), breath.exhale.value()) == (4, 6)
    qtbot.waitUntil(lambda: editor.save_button.isEnabled())
    path = editor.save()
    original = load_catalog().get("paced-breathing").script
    copy, _ = load_script(path)
    assert (copy.id, copy.version) == ("paced-breathing-copy", 1)
    # Everything but the id, the version (a copy starts at 1) and the recordings (which
    # stay with the bundled script).
    unclipped = {"id": True, "version": True, "steps": {"__all__": {"clip"}}}
    assert copy.model_dump(exclude=unclipped) == original.model_dump(exclude=unclipped)
    assert all(step.clip is None for step in copy.steps)


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


def tone_voice(text, progress, cancelled):
    """Stands in for Piper (not installed here): a real 0.5 s tone per sentence."""
    progress(0, "Loading the voice…")
    parts = []
    for number, _sentence in enumerate(text.split(". "), start=1):
        t = np.arange(24000) / 48000
        parts.append((0.2 * np.sin(2 * np.pi * 220 * t)).astype(np.float32))
        progress(number, "Speaking the words…")
    return np.concatenate(parts)


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
    assert "🎙" in editor.step_list.item(0).text()


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
                           "longer matches the captions; record or render it again"]
    assert "• Note: step 1: its clip was made for earlier words" in editor.problems.text()
    assert editor.problems.accessibleDescription() == editor.problems.text()
    assert check.ok and editor.save_button.isEnabled()  # a note, not a reason to refuse
    editor.render_step(synthesise=tone_voice)  # rendered again from the new words
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
    with qtbot.waitSignal(job.failed):
        click(qtbot, job.dialog.findChild(QPushButton, "voice-cancel"))
    assert editor.play_status.text() == "Rendering was cancelled; nothing was saved."
    assert "clip" not in editor.steps[0]
    assert not (paths.user_audio_dir() / "knee-practice").exists()


def test_a_missing_clip_is_a_problem_until_removed(qtbot, editor):
    fill_metadata(qtbot, editor)
    write_step(qtbot, editor, "Settle in.")
    editor.steps[0]["clip"] = "knee-practice/missing.ogg"
    editor.step_form.clip_changed()
    qtbot.waitUntil(lambda: "step 1, clip:" in problems(editor))
    click(qtbot, editor.step_form.clip_remove)
    qtbot.waitUntil(lambda: "ready to save" in problems(editor))


def test_every_control_is_named_and_described(qtbot, editor):
    assert unnamed_controls(editor) == []


def tab_to(qtbot, start, target, limit=60):
    """Press Tab from ``start`` until ``target`` has the focus (fails after ``limit``)."""
    widget = start
    for _ in range(limit):
        if target.hasFocus():
            return
        qtbot.keyClick(widget, Qt.Key.Key_Tab)
        widget = widget.window().focusWidget()
    raise AssertionError(f"{target.objectName()} cannot be reached with Tab")


def test_the_editor_can_be_used_from_the_keyboard(qtbot, editor):
    with qtbot.waitActive(editor):
        editor.activateWindow()
    editor.script_id.setFocus()
    qtbot.keyClicks(editor.script_id, "keys-only")
    qtbot.keyClick(editor.script_id, Qt.Key.Key_Tab)
    assert editor.title.hasFocus()
    tab_to(qtbot, editor.title, editor.add_step)
    qtbot.keyClick(editor.add_step, Qt.Key.Key_Space)
    assert editor.step_list.count() == 2 and editor.step_form.text.hasFocus()
    qtbot.keyClicks(editor.step_form.text, "Second words.")
    qtbot.keyClick(editor.step_form.text, Qt.Key.Key_Tab)  # the words field passes Tab on
    assert not editor.step_form.text.hasFocus()
    tab_to(qtbot, editor.focusWidget(), editor.step_form.record)  # every control is reachable
    tab_to(qtbot, editor.focusWidget(), editor.step_list)
    qtbot.keyClick(editor.step_list, Qt.Key.Key_Up)
    assert editor.current_step() == 0
    qtbot.keyClick(editor.step_list, Qt.Key.Key_Down)
    tab_to(qtbot, editor.step_list, editor.up)
    qtbot.keyClick(editor.up, Qt.Key.Key_Space)
    assert editor.steps[0]["text"] == "Second words."
    # At the top Move up turns off; the focus goes to the list, where the step is chosen,
    # not on to Move down, where the same key would move it back.
    assert editor.step_list.hasFocus() and editor.current_step() == 0
    qtbot.keyClick(editor.step_list, Qt.Key.Key_Space)
    assert editor.steps[0]["text"] == "Second words."
    tab_to(qtbot, editor.step_list, editor.step_form.phase)
    qtbot.keyClick(editor.step_form.phase, Qt.Key.Key_Down)
    assert editor.steps[0]["phase"] == "attention"


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


def test_unsaved_changes_are_dropped_only_when_the_therapist_agrees(qtbot, editor):
    fill_metadata(qtbot, editor)
    write_step(qtbot, editor, "Settle in.")
    click(qtbot, editor.new_button)
    question = editor.discard_question
    qtbot.waitUntil(lambda: question is not None and question.isVisible())
    assert "Knee practice" in question.text()
    click(qtbot, question.button(QMessageBox.StandardButton.Cancel))  # Keep editing
    assert editor.script_id.text() == "knee-practice"
    qtbot.waitUntil(editor.save_button.isEnabled)
    editor.save()
    click(qtbot, editor.new_button)  # saved: no question
    assert editor.script_id.text() == ""
    type_into(qtbot, editor.title, "Something")
    click(qtbot, editor.new_button)
    question = editor.discard_question
    qtbot.waitUntil(question.isVisible)
    click(qtbot, question.button(QMessageBox.StandardButton.Discard))
    assert editor.title.text() == "" and not editor.dirty


def test_a_breathing_step_gets_paced_breaths_from_the_form(qtbot, editor):
    fill_metadata(qtbot, editor)
    write_step(qtbot, editor, "Follow the tones.")
    breath = editor.step_form.breath
    assert not breath.fields.isVisible()
    click(qtbot, breath.enabled)
    qtbot.waitUntil(lambda: 'must have phase = "breathing"' in problems(editor))
    editor.step_form.phase.setCurrentIndex(editor.step_form.phase.findData("breathing"))
    breath.inhale.setValue(3.5)
    breath.exhale.setValue(5)
    breath.cycles_kind.setCurrentIndex(breath.cycles_kind.findData("flexible"))
    breath.cycles.setValue(5)
    breath.cycles_weight.setValue(2)
    qtbot.waitUntil(lambda: "ready to save" in problems(editor))
    script, _ = load_script(editor.save())
    paced = script.steps[0].breath
    assert (paced.inhale, paced.hold, paced.exhale, paced.rest) == (3.5, 0, 5, 1)
    assert (paced.cycles.min, paced.cycles.weight) == (5, 2)
    # Breathing shows in the timing preview as inhale/exhale segments.
    kinds = [editor.preview.item(row, 2).text() for row in range(editor.preview.rowCount())]
    assert any(text.startswith("(inhale, 3.5 s)") for text in kinds)
    assert "slower than most people" not in problems(editor)
    # A breath slower than people follow (a typo, 9 for 3.5) is a note, not a problem.
    breath.inhale.setValue(9)
    qtbot.waitUntil(lambda: "step 1: breathing in 9 s is slower than most people can "
                            "follow comfortably" in problems(editor))
    assert editor.save_button.isEnabled()
    click(qtbot, breath.enabled)  # off again: the step has no breath table
    assert "breath" not in editor.steps[0]


def test_a_step_can_be_kept_for_longer_sessions(qtbot, editor):
    fill_metadata(qtbot, editor)  # lengths 2 and 4 minutes
    write_step(qtbot, editor, "Settle in.")
    editor.step_form.pause_kind.setCurrentIndex(1)  # flexible
    click(qtbot, editor.add_step)
    write_step(qtbot, editor, "There is time to stay a little longer with it.", 1)
    form = editor.step_form
    assert form.from_minutes.text() == "every length"
    form.from_minutes.setFocus()
    form.from_minutes.selectAll()
    qtbot.keyClicks(form.from_minutes, "5")  # above every length: the loader says so
    qtbot.waitUntil(lambda: "step 2 has from_minutes = 5" in problems(editor))
    assert not editor.save_button.isEnabled()
    form.from_minutes.setValue(4)
    qtbot.waitUntil(lambda: "ready to save" in problems(editor))
    assert editor.step_list.item(1).text().startswith("2. Noticing (from 4 min): ")
    # The preview at 2 minutes leaves the step out; at 4 minutes it is there.
    captions = lambda: {editor.preview.item(row, 2).text()  # noqa: E731
                        for row in range(editor.preview.rowCount())}
    editor.preview_length.setCurrentIndex(editor.preview_length.findData(2.0))
    assert "There is time to stay a little longer with it." not in captions()
    editor.preview_length.setCurrentIndex(editor.preview_length.findData(4.0))
    assert "There is time to stay a little longer with it." in captions()
    script, _ = load_script(editor.save())
    assert [step.from_minutes for step in script.steps] == [None, 4]
    form.from_minutes.setValue(0)  # "every length" again: no key written
    assert "from_minutes" not in editor.steps[1]
