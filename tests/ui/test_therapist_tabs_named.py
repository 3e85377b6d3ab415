"""Ctrl+6 opens the Therapist page, and a keyboard user on its tab bar hears what it is;
Help names the shortcut. Real window, offscreen."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLabel

from tests.ui.test_session_flow import find


def test_the_therapist_tab_bar_has_a_name(qtbot, make_window, preset):
    preset(therapist_mode=True, welcome_seen=True)
    window = make_window(use_device=False)
    qtbot.keyClick(window, Qt.Key.Key_6, Qt.KeyboardModifier.ControlModifier)
    workspace = window.therapist_page
    assert workspace is not None and window.stack.currentWidget() is workspace
    bar = workspace.tabs.tabBar()
    bar.setFocus()  # where Tab first goes on the page
    qtbot.waitUntil(bar.hasFocus)
    assert QApplication.focusWidget() is bar
    assert bar.accessibleName() == "Therapist tabs"
    for name in ("Scripts", "Sets", "Patients", "Outcomes"):
        assert name in bar.accessibleDescription()


def test_help_names_the_therapist_shortcut(qtbot, make_window):
    window = make_window()
    qtbot.keyClick(window, Qt.Key.Key_5, Qt.KeyboardModifier.ControlModifier)
    texts = [shown.text() for shown in find(window, "help-how").findChildren(QLabel)]
    keys = next(text for text in texts if "Ctrl+1" in text)
    assert "Ctrl+6" in keys and "Therapist" in keys
