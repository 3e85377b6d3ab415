"""The script editor, driven like a therapist would: typing, clicking, saving, reloading.

Saved scripts are read back with the real loader and the real catalog; timings in the
preview are compared with ``fit_timeline``. Playing steps and voice renders are in
test_script_editor_voice.py.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from painease import paths
from painease.catalog import load_catalog
from painease.domain.script_loader import load_script
from painease.domain.timeline import fit_timeline
from tests.ui.script_editing import (
    click,
    fill_metadata,
    problems,
    tone_voice,
    type_into,
    write_step,
)
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


def test_a_new_script_is_written_checked_previewed_and_saved(qtbot, editor):
    assert "Id: is empty" in problems(editor)
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
    qtbot.waitUntil(lambda: "Id: 'Knee Practice' is not allowed" in problems(editor))
    assert not editor.save_button.isEnabled()
    type_into(qtbot, editor.script_id, "knee-practice")
    editor.lengths.clear()
    type_into(qtbot, editor.lengths, "five")
    qtbot.waitUntil(lambda: "Lengths (minutes)" in problems(editor) and "five" in problems(editor))
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


def test_a_missing_clip_is_a_problem_until_removed(qtbot, editor):
    fill_metadata(qtbot, editor)
    write_step(qtbot, editor, "Settle in.")
    editor.steps[0]["clip"] = "knee-practice/missing.ogg"
    editor.step_form.clip_changed()
    qtbot.waitUntil(lambda: "Step 1, Narration:" in problems(editor))
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
    qtbot.waitUntil(lambda: 'must have “Phase” set to Breathing' in problems(editor))
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
    qtbot.waitUntil(lambda: "Step 1: breathing in 9 s is slower than most people can "
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
    qtbot.waitUntil(lambda: "Step 2 has “Played from” set to 5" in problems(editor))
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


def test_a_steps_line_says_it_has_a_recording_in_words_not_an_emoji():
    # An emoji shows as an empty box where no emoji font is installed, and a screen reader
    # reads it as "studio microphone", if at all.
    from painease.ui.therapist.step_form import step_title

    step = {"phase": "settle", "text": "Settle in."}
    assert "recorded" not in step_title(1, step)
    recorded = step_title(1, {**step, "clip": "knee/step-01.ogg"})
    assert recorded.endswith(" · recorded")
    assert all(ord(character) < 0x2000 or character in "…·" for character in recorded)
