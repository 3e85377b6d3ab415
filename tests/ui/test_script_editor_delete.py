"""Delete script… says where the script's recordings really are: after its id changed, its
steps still play the clips recorded under the old id, in that id's folder (probe: the
question named only the new id's folder, which held nothing)."""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox

from painease import paths
from tests.ui.script_editing import click, fill_metadata, tone_voice, type_into, write_step


def asked(qtbot, editor) -> str:
    click(qtbot, editor.delete_button)
    question = editor.delete_question
    qtbot.waitUntil(question.isVisible)
    text = question.text()
    click(qtbot, question.button(QMessageBox.StandardButton.Cancel))  # Keep it
    return text


def test_after_a_new_id_delete_names_the_old_folder_its_clips_are_in(qtbot, editor):
    fill_metadata(qtbot, editor)  # "knee-practice"
    write_step(qtbot, editor, "Settle in. Let the chair hold you.")
    render_step_at(qtbot, editor, 0)
    path = editor.save()
    assert "Its recordings stay in audio/knee-practice/," in asked(qtbot, editor)

    type_into(qtbot, editor.script_id, "knee-gentle")
    qtbot.waitUntil(editor.save_button.isEnabled)
    assert editor.save() == path
    assert editor.steps[0]["clip"] == "knee-practice/step-01.ogg"  # where it still is
    assert not (paths.user_audio_dir() / "knee-gentle").exists()
    text = asked(qtbot, editor)
    assert "Its recordings stay in audio/knee-practice/," in text
    assert "knee-gentle/" not in text

    # A step rendered under the new id: the script's clips are now in both folders.
    click(qtbot, editor.add_step)
    write_step(qtbot, editor, "Notice the knee. Let it be as it is.")
    render_step_at(qtbot, editor, 1)
    assert editor.steps[1]["clip"] == "knee-gentle/step-02.ogg"
    assert editor.save() == path
    assert "Its recordings stay in audio/knee-gentle/ and audio/knee-practice/," in \
        asked(qtbot, editor)


def render_step_at(qtbot, editor, row: int) -> None:
    assert editor.current_step() == row
    editor.render_step(synthesise=tone_voice)
    qtbot.waitUntil(lambda: "clip" in editor.steps[row], timeout=20000)
    qtbot.waitUntil(lambda: not editor.narration.voice_job.running, timeout=20000)
    qtbot.waitUntil(editor.save_button.isEnabled)


def test_a_script_without_recordings_is_not_said_to_keep_any(qtbot, editor):
    fill_metadata(qtbot, editor)
    write_step(qtbot, editor, "Settle in.")
    qtbot.waitUntil(editor.save_button.isEnabled)
    editor.save()
    text = asked(qtbot, editor)
    assert "recordings" not in text and "audio/" not in text
    assert text.endswith("folder? Patients who received it in a pack keep their copy.")
