"""Set files in the set builder: a set file made for ``painease pack build`` opens with its
id, version, weeks and items, so the app's next pack is the next version of the same set;
a set made in the app saves as a set file the real CLI builds and verifies; a malformed
file says every problem and changes nothing. Real widgets offscreen, real files, the real
CLI in subprocesses, one data dir for the app and the CLI (the therapist's)."""

from __future__ import annotations

import os
from datetime import date, timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from painease.catalog import load_catalog
from painease.domain.programs import Program, ProgramItem, Schedule
from painease.packs.verify import read_and_verify
from painease.storage import SessionStore
from painease.storage.programs import ProgramStore
from painease.ui.therapist.set_builder import SetBuilder
from tests.test_cli import painease
from tests.ui.test_main_window import unnamed_controls
from tests.ui.test_set_builder import click, export_through_dialog, fill_set

SET_ID = "3f1c2b7e-9d4a-4c1e-8b2f-6a5d4c3b2a19"
DAY = date.today() + timedelta(days=20)
SET_FILE = f"""\
id = "{SET_ID}"
version = 1
title = "Settling in"
therapist = "Dr. Ana Moreno"

[[items]]
script = "paced-breathing"
minutes = 5
note = "Slow out-breath."
times_per_week = 2
weeks = 3
start_week = 2

[[items]]
script = "somatic-tracking-first-steps"
minutes = 10
dates = ["{DAY}"]
"""


@pytest.fixture
def store(painease_home):
    with SessionStore.open_default() as opened:
        yield opened


@pytest.fixture
def builder(qtbot, store, short_script):
    widget = SetBuilder(load_catalog(), store)
    qtbot.addWidget(widget)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def open_through_dialog(qtbot, builder, path):
    builder.open_file_button.setFocus()
    qtbot.keyClick(builder.open_file_button, Qt.Key.Key_Space)  # from the keyboard
    dialog = builder.file_dialog
    qtbot.waitExposed(dialog)
    assert dialog.objectName() == "set-open-file-dialog"
    dialog.selectFile(str(path))
    dialog.accept()


def cli(*args, home):
    done = painease(*args, data_dir=home)
    assert done.returncode == 0, done.stderr
    return done


def test_a_set_file_built_with_the_cli_opens_and_its_next_pack_updates_the_same_set(
        qtbot, builder, store, tmp_path, painease_home):
    set_file = tmp_path / "settling-in.toml"
    set_file.write_text(SET_FILE, encoding="utf-8")
    first = tmp_path / "v1.painease"
    cli("pack", "build", str(set_file), "-o", str(first), home=painease_home)
    assert builder.open_file_button.accessibleName() == "Open set file…"
    assert unnamed_controls(builder) == []

    open_through_dialog(qtbot, builder, set_file)
    assert builder.program_id == SET_ID and builder.version == 1
    assert builder.title.text() == "Settling in"
    assert builder.therapist.text() == "Dr. Ana Moreno"
    assert builder.item_list.count() == 2
    builder.item_list.setCurrentRow(0)
    assert (builder.times.value(), builder.weeks.value(), builder.start_week.value()) == \
        (2, 3, 3)  # start_week 2: "from week 3"
    assert builder.note.toPlainText() == "Slow out-breath."
    builder.item_list.setCurrentRow(1)
    assert builder.dates.text() == DAY.isoformat()
    assert not builder.dirty  # kept with the saved sets as the file has it
    assert builder.open_choice.findData(SET_ID) >= 0
    assert "Opened “Settling in” (version 1)" in builder.result.text()
    assert str(set_file) in builder.result.text()

    builder.item_list.setCurrentRow(0)
    builder.weeks.setValue(4)
    second = tmp_path / "v2.painease"
    export_through_dialog(qtbot, builder, second)
    program = read_and_verify(second).program
    assert (program.id, program.version, program.items[0].schedule.weeks) == (SET_ID, 2, 4)
    assert program.items[0].schedule.start_week == 2
    verified = cli("pack", "verify", str(second), home=painease_home)
    assert f"id: {SET_ID}" in verified.stdout and "version 2" in verified.stdout

    patient = tmp_path / "patient"
    cli("pack", "import", str(first), home=patient)
    updated = cli("pack", "import", str(second), home=patient)
    assert updated.stdout.startswith("updated to “Settling in” (version 2)")


def test_a_set_made_in_the_app_saves_as_a_set_file_the_cli_builds(
        qtbot, builder, store, tmp_path, painease_home, short_script):
    fill_set(qtbot, builder, short_script)
    click(qtbot, builder.save_file_button)
    dialog = builder.file_dialog
    qtbot.waitExposed(dialog)
    assert dialog.objectName() == "set-save-file-dialog"
    set_file = tmp_path / "first-two-weeks.toml"
    dialog.selectFile(str(set_file))
    dialog.accept()
    qtbot.waitUntil(set_file.exists)
    saved = ProgramStore(store).program(builder.program_id).program
    assert "as the set file" in builder.result.text() and not builder.dirty

    pack = tmp_path / "from-file.painease"
    cli("pack", "build", str(set_file), "-o", str(pack), home=painease_home)
    verified = cli("pack", "verify", str(pack), home=painease_home)
    assert f"id: {saved.id}" in verified.stdout
    assert read_and_verify(pack).program == saved  # the same set: id, version, items

    # And back: the file opens as the set saved here, nothing to save.
    click(qtbot, builder.new_button)
    open_through_dialog(qtbot, builder, set_file)
    assert builder.program_id == saved.id and not builder.dirty
    assert builder.program() == saved
    assert "the file holds version 1 saved here" in builder.result.text()


def test_a_file_changed_since_the_version_saved_here_opens_as_unsaved_changes(
        qtbot, builder, store, tmp_path):
    set_file = tmp_path / "set.toml"
    set_file.write_text(SET_FILE, encoding="utf-8")
    open_through_dialog(qtbot, builder, set_file)
    builder.item_list.setCurrentRow(0)
    builder.times.setValue(3)
    assert builder.save().version == 2
    # The file, still at version 1, edited by hand: its sessions, not version 2's.
    set_file.write_text(SET_FILE.replace("minutes = 5", "minutes = 10"), encoding="utf-8")
    click(qtbot, builder.new_button)
    open_through_dialog(qtbot, builder, set_file)
    assert builder.dirty and builder.version == 2
    builder.item_list.setCurrentRow(0)
    assert builder.times.value() == 2 and builder.length.currentData() == 10
    assert "differs from version 2 saved here" in builder.result.text()
    assert ProgramStore(store).program(SET_ID).program.items[0].minutes == 5  # not yet
    saved = builder.save()
    assert (saved.id, saved.version, saved.items[0].minutes) == (SET_ID, 3, 10)


def test_a_malformed_file_lists_every_problem_and_keeps_the_edits(qtbot, builder, tmp_path):
    builder.title.setText("Half made")
    bad = tmp_path / "broken-set.toml"
    bad.write_text(SET_FILE.replace(f'id = "{SET_ID}"\n', "").replace('title = "Settling in"',
                                                                   'title = ""')
                   .replace("times_per_week = 2", "times_per_week = 9")
                   .replace(f'dates = ["{DAY}"]', 'dates = ["2026-13-01"]'), encoding="utf-8")
    click(qtbot, builder.open_file_button)
    question = builder.discard_question  # unsaved edits: asked first
    qtbot.waitUntil(question.isVisible)
    click(qtbot, question.button(QMessageBox.StandardButton.Cancel))  # Keep editing
    assert builder.file_dialog is None
    click(qtbot, builder.open_file_button)
    qtbot.waitUntil(builder.discard_question.isVisible)
    click(qtbot, builder.discard_question.button(QMessageBox.StandardButton.Discard))
    qtbot.waitExposed(builder.file_dialog)
    builder.file_dialog.selectFile(str(bad))
    builder.file_dialog.accept()

    note = builder.file_problems
    qtbot.waitUntil(note.isVisible)
    assert note.objectName() == "set-file-problems"
    assert note.text() == "The set file “broken-set.toml” could not be opened (4 problems):"
    shown = note.informativeText()
    for problem in ("• The set has no id, so each pack built from it would be a new set",
                    "• Title must be some text.",
                    # pack build's own check, each with its line in the file
                    "• Line 9: item 1: times a week (times_per_week) must be a whole number "
                    "from 1 to 7, got 9.",
                    "• Line 13: item 2: '2026-13-01' is not a date like 2026-12-01.",
                    f"The file: {bad}"):
        assert problem in shown
        assert problem in note.accessibleDescription()
    click(qtbot, note.button(QMessageBox.StandardButton.Ok))
    assert builder.title.text() == "Half made" and builder.program_id is None
    assert "“broken-set.toml” was not opened" in builder.result.text()
    assert ProgramStore(builder.store).programs() == []

    for content, problem in ((b"title = \xff\n", "It is not UTF-8 text; save it as UTF-8."),
                             (b"title = \n", "Not valid TOML (")):
        bad.write_bytes(content)
        assert not builder.open_set_file(bad)
        assert problem in builder.file_problems.informativeText()
        assert "“broken-set.toml” could not be opened:" in builder.file_problems.text()
    assert not builder.open_set_file(tmp_path / "gone.toml")
    assert "It cannot be read: there is no such file." in \
        builder.file_problems.informativeText()


def test_a_pipe_or_a_folder_is_said_as_what_it_is_and_a_typo_with_its_line(
        qtbot, builder, tmp_path):
    """Once a pipe opened as "It cannot be read: it is not a regular file", and a key with a
    typo (``notes =``) was dropped without a word, as ``pack build`` dropped it."""
    pipe, folder = tmp_path / "pipe.toml", tmp_path / "folder.toml"
    os.mkfifo(pipe)
    folder.mkdir()
    for path, kind in ((pipe, "a named pipe"), (folder, "a folder")):
        assert not builder.open_set_file(path)
        assert (f"• It is {kind}, not a set file; give the set file (.toml) itself.\n"
                in builder.file_problems.informativeText())
        assert "could not be opened:" in builder.file_problems.text()
    typo = tmp_path / "typo.toml"
    typo.write_text(SET_FILE.replace("note = ", "notes = "), encoding="utf-8")
    assert not builder.open_set_file(typo)
    assert ("• Line 9: item 1: unknown key 'notes'; did you mean 'note'?"
            in builder.file_problems.informativeText())
    assert builder.program_id is None


def test_a_set_imported_from_a_pack_is_not_taken_over_by_a_file(qtbot, builder, store,
                                                                tmp_path):
    imported = Program(SET_ID, 1, "Their set", "Dr. Lee", (ProgramItem(
        1, "paced-breathing", 5, Schedule(times_per_week=1, weeks=1)),))
    ProgramStore(store).save_program(imported, origin="imported")
    set_file = tmp_path / "set.toml"
    set_file.write_text(SET_FILE.replace("version = 1", "version = 2"), encoding="utf-8")
    assert not builder.open_set_file(set_file)
    assert "a set imported here from Dr. Lee's pack" in builder.file_problems.informativeText()
    assert ProgramStore(store).program(SET_ID).program == imported
    assert builder.program_id is None


def test_a_set_file_is_never_written_over_paineases_own_data(qtbot, builder, store,
                                                             painease_home, short_script):
    fill_set(qtbot, builder, short_script)
    database = painease_home / "painease.sqlite3"
    before = database.read_bytes()[:16]
    assert builder.save_set_file(database) is None
    assert builder.result.text().startswith("The set file was not written: ")
    assert database.read_bytes()[:16] == before  # still the database
    assert ProgramStore(store).program(builder.program_id).program.title == "First two weeks"
