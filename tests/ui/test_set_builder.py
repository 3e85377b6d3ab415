"""The set builder: a set made in the form, saved, exported as a signed pack through the
file dialog, and read back by the real pack checks; then imported on a patient's side."""

from __future__ import annotations

import json
from datetime import date, timedelta

import pytest
from PySide6.QtCore import Qt

from painease.catalog import load_catalog
from painease.packs.install import import_pack
from painease.packs.verify import read_and_verify
from painease.storage import SessionStore
from painease.storage.programs import ProgramStore
from painease.ui.therapist.set_builder import SetBuilder
from tests.ui.test_main_window import unnamed_controls

NOTE = "Be curious about it; nothing needs to change."


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


# Two dates ahead of today, so the set is the same on any day the tests run.
FIRST = date.today() + timedelta(days=10)
SECOND = FIRST + timedelta(days=2)


def on(day: date) -> str:
    """A date as the item list shows it: the year only when it is not this one."""
    return f"{day:%a} {day.day} {day:%b}" + (f" {day.year}" if day.year != date.today().year
                                             else "")


def click(qtbot, widget):
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)


def choose(combo, data):
    index = combo.findData(data)
    assert index >= 0, f"{data!r} not offered"
    combo.setCurrentIndex(index)


def fill_set(qtbot, builder, short_script):
    builder.title.setFocus()
    qtbot.keyClicks(builder.title, "First two weeks")
    builder.therapist.clear()
    qtbot.keyClicks(builder.therapist, "Dr. Ana Moreno")
    click(qtbot, builder.add_item)  # a new set has no sessions
    choose(builder.script, "paced-breathing")
    choose(builder.length, 10.0)
    builder.times.setValue(3)
    builder.weeks.setValue(2)
    builder.note.setFocus()
    qtbot.keyClicks(builder.note, NOTE)
    click(qtbot, builder.add_item)
    choose(builder.script, short_script)
    choose(builder.length, 0.2)
    choose(builder.schedule_kind, "dates")
    qtbot.keyClicks(builder.dates, f"{SECOND}, {FIRST}")


def export_through_dialog(qtbot, builder, path):
    click(qtbot, builder.export_button)
    dialog = builder.export_dialog
    qtbot.waitExposed(dialog)
    dialog.selectFile(str(path))
    dialog.accept()
    qtbot.waitUntil(lambda: path.exists())


def test_a_set_is_built_saved_and_exported_as_a_verified_pack(qtbot, builder, short_script,
                                                             tmp_path, store):
    fill_set(qtbot, builder, short_script)
    assert builder.problems.text() == "No problems: the set is ready."
    assert builder.item_list.item(0).text() == \
        "1. Paced breathing · 10 min · 3 times a week for 2 weeks"
    assert builder.item_list.item(1).text() == \
        f"2. A short test session · 0.2 min · on {on(FIRST)}, {on(SECOND)}"
    assert builder.fingerprint.text().startswith("Your key's fingerprint: ")
    assert unnamed_controls(builder) == []

    path = tmp_path / "first-two-weeks.painease"
    export_through_dialog(qtbot, builder, path)
    assert "Exported “First two weeks” (version 1)" in builder.result.text()

    stored = ProgramStore(store).programs(origin="own")
    assert [s.program.title for s in stored] == ["First two weeks"]
    program = stored[0].program
    assert program.items[0].note == NOTE
    assert program.items[1].schedule.dates == (FIRST, SECOND)

    pack = read_and_verify(path)
    assert pack.program == program
    sources = {s["id"]: s["source"] for s in pack.manifest["scripts"]}
    assert sources == {"paced-breathing": "bundled", short_script: "included"}


def test_changing_an_exported_set_exports_the_next_version(qtbot, builder, short_script,
                                                          tmp_path, store):
    fill_set(qtbot, builder, short_script)
    export_through_dialog(qtbot, builder, tmp_path / "v1.painease")
    builder.item_list.setCurrentRow(0)
    builder.weeks.setValue(4)
    export_through_dialog(qtbot, builder, tmp_path / "v2.painease")
    assert read_and_verify(tmp_path / "v2.painease").program.version == 2
    # Exporting again without a change keeps the version.
    export_through_dialog(qtbot, builder, tmp_path / "v2-again.painease")
    assert read_and_verify(tmp_path / "v2-again.painease").program.version == 2
    # A saved set opens again for editing.
    set_id = builder.program_id
    click(qtbot, builder.new_button)
    assert builder.title.text() == "" and builder.program_id is None
    choose(builder.open_choice, set_id)
    click(qtbot, builder.open_button)
    assert builder.title.text() == "First two weeks"
    assert builder.weeks.value() == 4


def test_a_script_edited_after_an_export_exports_the_next_version(
        qtbot, builder, short_script, tmp_path, painease_home, monkeypatch):
    """The set's own fields did not change, its script did: the patient must get it."""
    fill_set(qtbot, builder, short_script)
    first = tmp_path / "v1.painease"
    export_through_dialog(qtbot, builder, first)
    script = painease_home / "scripts" / f"{short_script}.toml"
    script.write_text(script.read_text(encoding="utf-8").replace("Settle in.", "Settle in, "
                                                                 "slowly."), encoding="utf-8")
    builder.refresh_catalog(load_catalog())
    second = tmp_path / "v2.painease"
    export_through_dialog(qtbot, builder, second)
    assert read_and_verify(second).program.version == 2
    # Which session changed is said by its title; the other one (unchanged) is not named.
    assert ("Exported “First two weeks” (version 2: the session “A short test session” "
            "changed since version 1 was exported) to ") in builder.result.text()
    assert ProgramStore(builder.store).program(builder.program_id).program.version == 2
    assert "(version 2)" in builder.open_choice.itemText(0)
    # Nothing changed since: the same version again.
    export_through_dialog(qtbot, builder, tmp_path / "v2-again.painease")
    assert read_and_verify(tmp_path / "v2-again.painease").program.version == 2

    monkeypatch.setenv("PAINEASE_HOME", str(tmp_path / "patient-home"))
    with SessionStore.open_default() as patient:
        assert import_pack(first, patient).status == "new"
        assert import_pack(second, patient).status == "updated"
    installed = next((tmp_path / "patient-home" / "packs").glob("*/scripts/*.toml"))
    assert "Settle in, slowly." in installed.read_text(encoding="utf-8")


def test_a_record_of_an_export_from_an_older_painease_says_it_cannot_name_the_session(
        qtbot, builder, short_script, tmp_path, painease_home):
    """``sent-packs.json`` as a painease that kept only the pack's digest wrote it: the
    version is still raised, and the message says which session changed cannot be told."""
    fill_set(qtbot, builder, short_script)
    export_through_dialog(qtbot, builder, tmp_path / "v1.painease")
    record_file = painease_home / "sent-packs.json"
    record = json.loads(record_file.read_text(encoding="utf-8"))
    assert set(record[builder.program_id]) == {"version", "content", "parts"}
    del record[builder.program_id]["parts"]
    record_file.write_text(json.dumps(record), encoding="utf-8")
    script = painease_home / "scripts" / f"{short_script}.toml"
    script.write_text(script.read_text(encoding="utf-8").replace("Come back.", "Come back "
                                                                 "gently."), encoding="utf-8")
    builder.refresh_catalog(load_catalog())
    second = tmp_path / "v2.painease"
    export_through_dialog(qtbot, builder, second)
    assert read_and_verify(second).program.version == 2
    assert ("Exported “First two weeks” (version 2: its sessions changed since version 1 was "
            "exported; which ones cannot be told, as that export was noted by an older "
            "painease) to ") in builder.result.text()
    # This export's record keeps the parts again: the next change is named.
    script.write_text(script.read_text(encoding="utf-8").replace("Settle in.", "Settle."),
                      encoding="utf-8")
    builder.refresh_catalog(load_catalog())
    export_through_dialog(qtbot, builder, tmp_path / "v3.painease")
    assert "(version 3: the session “A short test session” changed since version 2" in \
        builder.result.text()


def test_a_bad_date_is_explained_and_blocks_export(qtbot, builder, short_script):
    fill_set(qtbot, builder, short_script)
    builder.dates.clear()
    qtbot.keyClicks(builder.dates, "2026-13-01")
    assert builder.problems.text() == "Session 2: '2026-13-01' is not a date like 2026-12-01."
    assert not builder.export_button.isEnabled() and not builder.save_button.isEnabled()
    builder.title.clear()
    builder.dates.clear()
    qtbot.keyClicks(builder.dates, "2026-12-01")
    assert "title must be some text" in builder.problems.text().lower()


def test_the_exported_pack_installs_on_a_patients_computer(qtbot, builder, short_script,
                                                           tmp_path, monkeypatch):
    fill_set(qtbot, builder, short_script)
    path = tmp_path / "set.painease"
    export_through_dialog(qtbot, builder, path)
    monkeypatch.setenv("PAINEASE_HOME", str(tmp_path / "patient-home"))
    with SessionStore.open_default() as patient:
        result = import_pack(path, patient)
        assert result.status == "new"
        current = ProgramStore(patient).current()
        assert current.program.items[0].note == NOTE
    assert short_script in load_catalog().entries  # the included script came along


def test_new_and_open_ask_before_dropping_unsaved_changes(qtbot, builder, short_script):
    from PySide6.QtWidgets import QMessageBox

    fill_set(qtbot, builder, short_script)
    assert builder.dirty
    click(qtbot, builder.new_button)  # once: the whole set gone without a word
    question = builder.discard_question
    qtbot.waitUntil(question.isVisible)
    assert "First two weeks" in question.text()
    click(qtbot, question.button(QMessageBox.StandardButton.Cancel))  # Keep editing
    assert builder.title.text() == "First two weeks" and len(builder.items) == 2
    assert builder.save() is not None and not builder.dirty
    click(qtbot, builder.new_button)  # saved: no question
    assert builder.title.text() == "" and not builder.dirty
    builder.title.setText("Another")
    click(qtbot, builder.new_button)
    qtbot.waitUntil(builder.discard_question.isVisible)
    click(qtbot, builder.discard_question.button(QMessageBox.StandardButton.Discard))
    assert builder.title.text() == ""


def test_a_set_whose_script_left_the_library_keeps_it_and_says_so(qtbot, builder, store,
                                                                 short_script, painease_home):
    fill_set(qtbot, builder, short_script)
    saved = builder.save()
    (painease_home / "scripts" / f"{short_script}.toml").unlink()  # removed, or renamed
    builder.refresh_catalog(load_catalog())
    builder.load_set(saved.id)
    builder.item_list.setCurrentRow(1)
    # Listed as missing, not replaced by the first script of the list ...
    assert builder.script.currentText() == f"Not in your library: {short_script}"
    builder.note.setFocus()
    qtbot.keyClicks(builder.note, "x")  # ... so an edit elsewhere keeps it
    assert builder.items[1]["script_id"] == short_script
    assert builder.problems.text() == f"The script '{short_script}' is not in your library."
    assert not builder.save_button.isEnabled()


def test_the_suggested_pack_name_is_a_plain_file_name(qtbot, builder, short_script):
    # "Weeks 1/2: calm" once suggested "weeks-1/2:-calm.painease": a sub-folder and a colon.
    fill_set(qtbot, builder, short_script)
    for title, expected in (("Weeks 1/2: calm", "weeks-1-2-calm.painease"),
                            ("Tränen & Ruhe", "tränen-ruhe.painease"),
                            ("a" * 300, "a" * 60 + ".painease"), ("/// ", "set.painease")):
        builder.title.setText(title)
        assert builder.validate()
        builder.ask_export()
        dialog = builder.export_dialog
        assert dialog.selectedFiles()[0].endswith("/" + expected), (title, dialog.selectedFiles())
        dialog.reject()


def test_a_date_in_the_past_is_noted_and_shows_its_year(qtbot, builder, short_script):
    # Once "No problems" for 2020-01-01 (which the patient's app counts as missed at once),
    # and the list showed "on Wed 1 Jan", the same as for 2099.
    fill_set(qtbot, builder, short_script)
    builder.dates.clear()
    qtbot.keyClicks(builder.dates, "2020-01-01, 2099-12-31")
    assert builder.problems.text() == (
        "No problems: the set is ready. Note: session 2's date 1 Jan 2020 is in the past; "
        "the patient's app will count it as missed.")
    assert builder.item_list.item(1).text().endswith("on Wed 1 Jan 2020, Thu 31 Dec 2099")
    assert builder.export_button.isEnabled()  # a note, not a refusal: a set may go late


def test_a_saved_set_can_be_deleted_after_a_question(qtbot, builder, short_script, store):
    from PySide6.QtWidgets import QMessageBox

    assert not builder.delete_button.isEnabled()  # a new set: nothing saved to delete
    fill_set(qtbot, builder, short_script)
    saved = builder.save()
    assert builder.delete_button.isEnabled()
    click(qtbot, builder.delete_button)
    question = builder.delete_question
    qtbot.waitUntil(question.isVisible)
    assert unnamed_controls(question) == []
    assert "“First two weeks”" in question.text() and "keep their copy" in question.text()
    assert question.defaultButton() is question.button(QMessageBox.StandardButton.Cancel)
    click(qtbot, question.button(QMessageBox.StandardButton.Cancel))  # Keep it
    assert [s.program.id for s in ProgramStore(store).programs("own")] == [saved.id]

    click(qtbot, builder.delete_button)
    qtbot.waitUntil(builder.delete_question.isVisible)
    click(qtbot, builder.delete_question.button(QMessageBox.StandardButton.Discard))
    assert ProgramStore(store).programs("own") == []
    assert builder.result.text() == "Deleted “First two weeks”."
    assert builder.open_choice.count() == 0 and builder.title.text() == ""
    assert not builder.delete_button.isEnabled()


def test_an_export_never_writes_over_a_record_of_exports_it_cannot_read(
        qtbot, builder, short_script, tmp_path, painease_home):
    """A damaged sent-packs.json was replaced by a record of this export alone, without a
    word: the "changed since exported" checks of every other set were lost. Now it is
    kept beside, and one that cannot be read at all is left as it is; the result says."""
    record_file = painease_home / "sent-packs.json"
    record_file.write_text("{not json", encoding="utf-8")
    fill_set(qtbot, builder, short_script)
    export_through_dialog(qtbot, builder, tmp_path / "v1.painease")
    text = builder.result.text()
    assert text.startswith("Exported “First two weeks” (version 1) to ")
    assert text.endswith(f"The record of the packs exported here ({record_file}) was damaged, "
                         "so this export was not checked against earlier ones. The damaged "
                         "record is kept as sent-packs.json.damaged. A new record starts "
                         "with this export.")
    assert (painease_home / "sent-packs.json.damaged").read_text() == "{not json"

    record_file.unlink()
    record_file.mkdir()
    export_through_dialog(qtbot, builder, tmp_path / "again.painease")
    assert builder.result.text().endswith(
        f"The record of the packs exported here ({record_file}) could not be read (it is a "
        "folder, not a file), so this export was not checked against earlier ones, and "
        "painease leaves the record as it is: this export is not noted in it.")
    assert record_file.is_dir()


def test_a_dated_session_without_dates_is_told_in_the_forms_words(qtbot, builder,
                                                                 short_script):
    # Once "(times_per_week, weeks), or dates": the set file's field names.
    fill_set(qtbot, builder, short_script)
    builder.dates.clear()
    assert builder.problems.text() == ("Session 2: list at least one date, like 2026-12-01 "
                                       "(or choose times a week).")
    assert "_" not in builder.problems.text()
    assert not builder.export_button.isEnabled()


def test_the_dates_field_is_one_line_tall(qtbot, builder, short_script):
    """Once about four lines tall for one line of text: it took the height of the weekly
    fields it replaces (three rows)."""
    fill_set(qtbot, builder, short_script)
    line = builder.dates.sizeHint().height()
    # (Laid out once the layout has run: waited for, as a person would see it.)
    qtbot.waitUntil(lambda: builder.dates.isVisible() and builder.dates.height() <= line * 1.3,
                    timeout=2000)
    # Back to weekly: its three rows are shown again, each box its full height.
    choose(builder.schedule_kind, "weekly")
    weekly = (builder.times, builder.weeks, builder.start_week)
    qtbot.waitUntil(lambda: not builder.dates.isVisible() and all(
        box.isVisible() and box.height() >= box.minimumSizeHint().height() for box in weekly),
        timeout=2000)
