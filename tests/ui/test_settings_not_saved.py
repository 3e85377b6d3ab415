"""Settings that cannot be written (a full disk…) never stop a session; the person is told
once, and the changes apply for the run."""

from __future__ import annotations

from PySide6.QtCore import Qt

from tests.ui.test_session_flow import choose_in_library, find, shown


def test_a_session_starts_when_settings_cannot_be_saved(qtbot, make_window, short_script,
                                                        preset, painease_home):
    preset(welcome_seen=True)
    window = make_window(use_device=False)
    # A real write failure: a folder where the settings' lock file must go.
    (painease_home / ".settings.json.lock").mkdir()

    # Starting remembers the script and length: a settings change that now fails.
    choose_in_library(qtbot, window, short_script)
    qtbot.waitUntil(lambda: shown(window, "pre-pain"))
    assert window.settings.get("last_script") == short_script
    qtbot.waitUntil(lambda: shown(window, "settings-not-saved"))
    note = find(window, "settings-not-saved")
    assert "could not save your settings" in note.text()
    assert str(painease_home / "settings.json") in note.informativeText()
    qtbot.mouseClick(find(window, "settings-not-saved-ok"), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not note.isVisible())

    window.settings.set("live_rating", True)  # fails again: said once a run, not again
    qtbot.wait(50)
    assert window.settings.get("live_rating") is True
    assert not note.isVisible() and window.settings_note is note
    assert shown(window, "pre-pain")
