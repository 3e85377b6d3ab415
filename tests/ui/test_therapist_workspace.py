"""Reaching the therapist's workspace: a Settings choice adds a Therapist page, built lazily."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap

from PySide6.QtCore import Qt

from tests.ui.conftest import labels_hiding_text
from tests.ui.script_editing import fill_metadata, write_step
from tests.ui.test_main_window import unnamed_controls
from tests.ui.test_session_flow import find


def nav_names(window) -> list[str]:
    return [window.nav.tabText(i) for i in range(window.nav.count())]


def test_the_therapist_page_appears_only_when_chosen_in_settings(qtbot, make_window):
    window = make_window(use_device=False)
    assert "Therapist" not in nav_names(window)
    qtbot.keyClick(window, Qt.Key.Key_6, Qt.KeyboardModifier.ControlModifier)
    assert window.therapist_page is None

    qtbot.keyClick(window, Qt.Key.Key_4, Qt.KeyboardModifier.ControlModifier)
    mode = find(window, "setting-therapist-mode")
    assert mode.accessibleName() and mode.accessibleDescription()
    qtbot.mouseClick(mode, Qt.MouseButton.LeftButton)
    assert window.settings.get("therapist_mode") is True
    assert nav_names(window)[-1] == "Therapist"
    assert window.therapist_page is None  # not built until shown

    qtbot.keyClick(window, Qt.Key.Key_6, Qt.KeyboardModifier.ControlModifier)
    workspace = window.therapist_page
    assert workspace is not None and window.stack.currentWidget() is workspace
    assert set(workspace.built) == {"Scripts"}  # the other tabs wait until chosen
    assert unnamed_controls(window) == []
    assert labels_hiding_text(window) == []
    for name in ("Sets", "Patients"):
        workspace.show_tab(name)
        assert unnamed_controls(window) == [], name
        assert labels_hiding_text(window) == [], name

    # Turning it off again leaves the page and takes its tab away.
    qtbot.keyClick(window, Qt.Key.Key_4, Qt.KeyboardModifier.ControlModifier)
    qtbot.mouseClick(mode, Qt.MouseButton.LeftButton)
    assert "Therapist" not in nav_names(window)
    assert window.stack.currentWidget() is window.settings_page


def test_a_script_saved_in_the_editor_is_offered_in_the_set_builder(qtbot, make_window,
                                                                     preset):
    preset(therapist_mode=True)
    window = make_window(use_device=False)
    qtbot.keyClick(window, Qt.Key.Key_6, Qt.KeyboardModifier.ControlModifier)
    workspace = window.therapist_page
    builder = workspace.show_tab("Sets")
    assert builder.script.findData("knee-practice") < 0
    editor = workspace.show_tab("Scripts")
    fill_metadata(qtbot, editor)
    write_step(qtbot, editor, "Settle in.")
    qtbot.waitUntil(editor.save_button.isEnabled)
    qtbot.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)
    assert builder.script.findData("knee-practice") >= 0
    # Play step uses the window's player options with the patient's volumes and device.
    options = window.step_player_options()
    assert options["settings"] == window.settings.mix() and options["use_device"] is False
    qtbot.mouseClick(editor.step_form.play, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: editor.play_status.text() == "Played step 1.", timeout=20000)
    # Leaving the page ends a preview that is still playing.
    qtbot.mouseClick(editor.step_form.play, Qt.MouseButton.LeftButton)
    assert editor.step_player.playing
    qtbot.keyClick(window, Qt.Key.Key_1, Qt.KeyboardModifier.ControlModifier)
    assert not editor.step_player.playing


def test_closing_the_window_asks_before_dropping_an_unsaved_script_or_set(qtbot, make_window,
                                                                          preset):
    from PySide6.QtWidgets import QMessageBox

    preset(therapist_mode=True)
    window = make_window(use_device=False)
    workspace = window.therapist()
    editor = workspace.show_tab("Scripts")
    fill_metadata(qtbot, editor)  # unsaved: once closing the window dropped it silently
    builder = workspace.show_tab("Sets")
    builder.title.setText("Two weeks")
    window.close()
    question = window.close_question
    qtbot.waitUntil(question.isVisible)
    assert question.text() == ("Your changes to the script “Knee practice” and the set “Two "
                               "weeks” are not saved. Close painease anyway?")
    click_button = question.button(QMessageBox.StandardButton.Cancel)
    qtbot.mouseClick(click_button, Qt.MouseButton.LeftButton)  # Keep editing
    assert window.isVisible() and editor.title.text() == "Knee practice"
    window.close()
    qtbot.waitUntil(window.close_question.isVisible)
    close_anyway = window.close_question.button(QMessageBox.StandardButton.Discard)
    assert close_anyway.text() == "Close without saving"
    qtbot.mouseClick(close_anyway, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not window.isVisible())


def test_at_200_percent_text_the_workspace_never_forces_the_window_wider(qtbot, make_window,
                                                                        preset):
    preset(therapist_mode=True, text_size=200, theme="dark")
    window = make_window(use_device=False)
    qtbot.keyClick(window, Qt.Key.Key_6, Qt.KeyboardModifier.ControlModifier)
    workspace = window.therapist_page
    for name in ("Scripts", "Sets", "Patients"):
        workspace.show_tab(name)
        # Its columns scroll instead: it fits under the page tabs in a 1000 px window.
        assert workspace.minimumSizeHint().width() <= window.stack.width() == 1000, name


def test_start_up_loads_nothing_of_the_therapist_side(tmp_path):
    """A fresh process: the first window, even in therapist mode and with a set stored,
    imports no therapist page, set card, packs crypto, numpy or sound library; the Home
    cards arrive with the catalog, still without PyNaCl, sounddevice or pyqtgraph."""
    probe = textwrap.dedent("""
        import json, os, sys
        from pathlib import Path
        home = Path(os.environ["PAINEASE_HOME"]); home.mkdir(parents=True)
        (home / "settings.json").write_text(json.dumps({"therapist_mode": True}))
        from painease.ui.app import create_window, wait_until_ready
        heavy = ("painease.ui.therapist", "painease.ui.set_card", "painease.ui.patient_actions",
                 "nacl", "numpy", "sounddevice", "soundfile", "pyqtgraph")
        def loaded():
            return sorted(m for m in sys.modules if m.split(".")[0] in heavy or
                          any(m == h or m.startswith(h + ".") for h in heavy))
        window = create_window({"use_device": False})
        window.show()
        first = loaded()
        wait_until_ready(window)
        later = loaded()
        print(json.dumps({"first": first, "later": later,
                          "nav": [window.nav.tabText(i) for i in range(window.nav.count())],
                          "therapist_card": window.home.findChild(
                              __import__("PySide6.QtWidgets", fromlist=["QWidget"]).QWidget,
                              "therapist-card") is not None}))
        window.close_store()
    """)
    env = dict(os.environ, PAINEASE_HOME=str(tmp_path / "home"), QT_QPA_PLATFORM="offscreen")
    proc = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                          timeout=120, env=env)
    assert proc.returncode == 0, proc.stderr
    result = json.loads(proc.stdout.strip().splitlines()[-1])
    assert result["first"] == []
    assert result["nav"][-1] == "Therapist"
    assert result["therapist_card"]
    # The catalog's worker thread reads the narration clips' lengths with soundfile (and so
    # numpy); the crypto, the audio device library and the charts still stay out.
    assert [m for m in result["later"]
            if m.split(".")[0] in ("nacl", "sounddevice", "pyqtgraph")] == []
    assert not any(m.startswith("painease.ui.therapist.") for m in result["later"]
                   if m != "painease.ui.therapist.forms")


def knee_practice_and_its_set(qtbot, make_window, preset):
    """The workspace with the therapist's script "knee-practice" saved in the editor and a
    saved set that uses it: (window, editor, the script's file, the set)."""
    from painease.domain.programs import Program, Schedule
    from painease.storage.programs import ProgramStore

    preset(therapist_mode=True)
    window = make_window(use_device=False)
    qtbot.keyClick(window, Qt.Key.Key_6, Qt.KeyboardModifier.ControlModifier)
    editor = window.therapist_page.show_tab("Scripts")
    assert not editor.delete_button.isEnabled()  # a new script: no file yet
    fill_metadata(qtbot, editor)  # "knee-practice"
    write_step(qtbot, editor, "Settle in.")
    qtbot.waitUntil(editor.save_button.isEnabled)
    path = editor.save()
    program = Program.create("Knee fortnight", "Dr. Ana", [
        ("knee-practice", 2, Schedule(times_per_week=2, weeks=2), None)])
    ProgramStore(window.store).save_program(program)
    return window, editor, path, program


def test_a_script_a_saved_set_uses_keeps_its_id(qtbot, make_window, preset):
    """Saved under a new id, the script would drop out of the set (and of the packs sent
    from it): that is a problem the editor names, and it does not save."""
    from tests.ui.script_editing import type_into

    _, editor, _, _ = knee_practice_and_its_set(qtbot, make_window, preset)
    type_into(qtbot, editor.script_id, "knee-practice-2")
    qtbot.waitUntil(lambda: "Knee fortnight" in editor.problems.text())
    assert ("your saved set “Knee fortnight” uses this script as 'knee-practice'. Under a "
            "new id it would drop out of it: keep the id 'knee-practice', or take the script "
            "out of that set first") in editor.problems.text()
    assert not editor.save_button.isEnabled()
    assert editor.save() is None
    type_into(qtbot, editor.script_id, "knee-practice")  # the same id again: fine
    qtbot.waitUntil(editor.save_button.isEnabled)
    assert editor.save() is not None


def test_a_script_of_yours_can_be_deleted_unless_a_saved_set_uses_it(qtbot, make_window,
                                                                      preset):
    from PySide6.QtWidgets import QMessageBox

    from painease.storage.programs import ProgramStore

    window, editor, path, program = knee_practice_and_its_set(qtbot, make_window, preset)
    workspace = window.therapist_page
    assert editor.delete_button.isEnabled()
    sets = ProgramStore(window.store)

    qtbot.mouseClick(editor.delete_button, Qt.MouseButton.LeftButton)
    assert editor.delete_question is None and path.exists()
    assert editor.save_status.text() == ("Not deleted: your saved set “Knee fortnight” uses "
                                         "it. Take it out of that set first.")
    sets.delete_program(program.id)
    qtbot.mouseClick(editor.delete_button, Qt.MouseButton.LeftButton)
    question = editor.delete_question
    qtbot.waitUntil(question.isVisible)
    assert unnamed_controls(question) == []
    assert "“Knee practice”" in question.text() and "keep their copy" in question.text()
    assert "recordings" not in question.text()  # it has none (test_script_editor_delete)
    qtbot.mouseClick(question.button(QMessageBox.StandardButton.Cancel),
                     Qt.MouseButton.LeftButton)  # Keep it
    assert path.exists()
    qtbot.mouseClick(editor.delete_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(editor.delete_question.isVisible)
    qtbot.mouseClick(editor.delete_question.button(QMessageBox.StandardButton.Discard),
                     Qt.MouseButton.LeftButton)
    assert not path.exists() and editor.save_status.text() == f"Deleted {path}."
    assert editor.open_choice.findData("knee-practice") < 0
    assert workspace.show_tab("Sets").script.findData("knee-practice") < 0
    assert not editor.delete_button.isEnabled() and editor.script_id.text() == ""


def tab_through(qtbot, window, start) -> list:
    """The widgets Tab stops at after ``start``, until it comes round again."""
    start.setFocus()
    stops = []
    for _ in range(80):
        qtbot.keyClick(window.focusWidget(), Qt.Key.Key_Tab)
        if window.focusWidget() in (start, *stops):
            break
        stops.append(window.focusWidget())
    return stops


def assert_tab_follows_the_columns(qtbot, window, start, columns, names) -> None:
    """Tab goes through the first column (its area first), then the second: both areas
    named for what they hold, and still Tab stops (Page Up/Down scroll a column)."""
    stops = tab_through(qtbot, window, start)
    inside = [w for w in stops if columns.isAncestorOf(w)]
    areas = (columns.first_area, columns.second_area)
    first = [w for w in inside if columns.first_area.isAncestorOf(w) and w not in areas]
    assert inside[:len(first) + 1] == [columns.first_area, *first], names
    second = inside[len(first) + 1:]
    if columns.stacked:  # the second column is in the first area now
        assert second == [], names
    else:
        assert len(first) > 0 and second[0] is columns.second_area, names
        assert all(columns.second_area.isAncestorOf(w) for w in second), names
    assert (columns.first_area.accessibleName(), columns.second_area.accessibleName()) \
        == names


def test_tab_goes_down_the_left_column_then_the_right_one(qtbot, make_window, preset):
    """Tab once went to two areas both called "Scrolling column" before the left column's
    controls, on the Library and every therapist tab."""
    preset(therapist_mode=True)
    window = make_window(use_device=False)
    window.resize(1000, 720)
    qtbot.keyClick(window, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
    library = window.stack.currentWidget()
    assert_tab_follows_the_columns(qtbot, window, window.nav, library.columns,
                                   ("Library", "Session details"))
    qtbot.keyClick(window, Qt.Key.Key_6, Qt.KeyboardModifier.ControlModifier)
    workspace = window.therapist_page
    for tab, names in (("Scripts", ("Script and its steps", "Check, preview and save")),
                       ("Sets", ("Set and its sessions", "Check and save")),
                       ("Patients", ("Patients", "Patient details"))):
        page = workspace.show_tab(tab)
        qtbot.waitUntil(lambda page=page: not page.columns.stacked)
        assert_tab_follows_the_columns(qtbot, window, workspace.tabs.tabBar(), page.columns,
                                       names)
    # Stacked under each other (a narrow window) and side by side again: still in order.
    page.columns.resize(300, 600)
    assert page.columns.stacked
    assert_tab_follows_the_columns(qtbot, window, workspace.tabs.tabBar(), page.columns,
                                   names)
    page.columns.resize(1000, 600)
    assert not page.columns.stacked
    assert_tab_follows_the_columns(qtbot, window, workspace.tabs.tabBar(), page.columns,
                                   names)
    outcomes = workspace.show_tab("Outcomes")
    qtbot.waitUntil(outcomes.isVisible)
    assert tab_through(qtbot, window, workspace.tabs.tabBar())[0].accessibleName() \
        == "Outcomes"
    assert unnamed_controls(outcomes) == []
