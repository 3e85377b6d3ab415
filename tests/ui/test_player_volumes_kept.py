"""Volumes set in the player stay: the next session and the Settings page have them.

Real window, real settings file, a session on the silent output; sliders moved the way a
mouse drag and a key press move them."""

from __future__ import annotations

import json

from PySide6.QtCore import Qt

from painease.settings import Settings
from tests.ui.test_main_window import end_early_to_the_summary, start_silent_session
from tests.ui.test_session_flow import find, shown, start_rated


def test_volumes_set_in_the_player_are_kept_for_next_time(qtbot, make_window, short_script):
    window = start_silent_session(qtbot, make_window, short_script)
    settings_page = window.settings_page  # built before the session, showing 80 and 60
    qtbot.waitUntil(lambda: shown(window, "master-volume"))
    stored = window.settings.path

    def on_disk(key):
        """The saved value, None while none is (no settings file before a first change)."""
        return json.loads(stored.read_text()).get(key) if stored.exists() else None

    master, ambience = find(window, "master-volume"), find(window, "ambience-volume")
    assert (master.value(), ambience.value()) == (80, 60)  # Settings' values
    master.setSliderDown(True)  # a drag: heard at once, kept when it ends
    for value in range(75, 39, -5):
        master.setValue(value)
    assert on_disk("master_volume") is None  # nothing written during the drag
    master.setSliderDown(False)
    assert window.settings.get("master_volume") == 40
    qtbot.waitUntil(lambda: on_disk("master_volume") == 40)  # saved once it stops
    ambience.setFocus()
    qtbot.keyClick(ambience, Qt.Key.Key_PageDown)  # a key step: saved once the keys stop
    assert window.settings.get("ambience_volume") == ambience.value() == 50
    qtbot.waitUntil(lambda: on_disk("ambience_volume") == 50)

    end_early_to_the_summary(qtbot, window)
    qtbot.mouseClick(find(window, "summary-done"), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.nav.isVisible())
    qtbot.keyClick(window, Qt.Key.Key_4, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: shown(window, "setting-master-volume"))
    assert find(window, "setting-master-volume").value() == 40
    assert find(window, "setting-ambience-volume").value() == 50
    assert window.settings_page is settings_page
    again = Settings()  # the next start
    assert (again.get("master_volume"), again.get("ambience_volume")) == (40, 50)

    # The next session starts at the levels last set.
    start_rated(qtbot, window, short_script, 2, 2)
    qtbot.waitUntil(lambda: shown(window, "master-volume"))
    assert find(window, "master-volume").value() == 40
    assert find(window, "ambience-volume").value() == 50
