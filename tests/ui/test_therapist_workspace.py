"""Reaching the therapist's workspace: a Settings choice adds a Therapist page, built lazily."""

from __future__ import annotations

from PySide6.QtCore import Qt

from tests.ui.test_main_window import unnamed_controls
from tests.ui.test_script_editor import fill_metadata, write_step
from tests.ui.test_session_flow import find


def nav_names(window) -> list[str]:
    return [window.nav.item(i).text() for i in range(window.nav.count())]


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
    for name in ("Sets", "Patients"):
        workspace.show_tab(name)
        assert unnamed_controls(window) == [], name

    # Turning it off again leaves the page and takes it out of the navigation.
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


def test_at_200_percent_text_the_workspace_never_forces_the_window_wider(qtbot, make_window,
                                                                        preset):
    preset(therapist_mode=True, text_size=200, theme="dark")
    window = make_window(use_device=False)
    qtbot.keyClick(window, Qt.Key.Key_6, Qt.KeyboardModifier.ControlModifier)
    workspace = window.therapist_page
    for name in ("Scripts", "Sets", "Patients"):
        workspace.show_tab(name)
        # Its columns scroll instead: it fits beside the navigation in a 1000 px window.
        assert workspace.minimumSizeHint().width() <= 1000 - window.nav.width(), name
