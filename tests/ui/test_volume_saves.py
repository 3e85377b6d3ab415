"""A volume held on an arrow key is saved once the keys stop, not at each step (each save
is a write flushed to the disk, on the GUI thread), and never lost on a normal exit: the
end of the session, leaving the Settings page and closing the window save it at once.

Real window, real settings file, a session on the silent output, real key presses."""

from __future__ import annotations

import json

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget

from painease.settings import Settings
from painease.ui import save_soon
from tests.ui.test_main_window import start_silent_session
from tests.ui.test_session_flow import find, shown, start_rated


def on_disk(window, key):
    """The saved value, None while there is no settings file."""
    path = window.settings.path
    return json.loads(path.read_text()).get(key) if path.exists() else None


def hold(qtbot, control, key, times: int) -> None:
    """A key held down, as the control sees it: one step after another, without a pause."""
    for _ in range(times):
        qtbot.keyClick(control, key)


def test_a_volume_held_on_a_key_in_the_player_is_saved_once_the_keys_stop(
        qtbot, make_window, short_script):
    window = start_silent_session(qtbot, make_window, short_script)
    qtbot.waitUntil(lambda: shown(window, "master-volume"))
    master = find(window, "master-volume")
    master.setFocus()
    hold(qtbot, master, Qt.Key.Key_Left, 12)
    assert master.value() == 68 == window.settings.get("master_volume")  # heard at once
    assert on_disk(window, "master_volume") is None  # not written at each step
    qtbot.waitUntil(lambda: on_disk(window, "master_volume") == 68)
    written = window.settings.path.stat().st_ino  # each save is a new file, renamed in
    qtbot.wait(save_soon.DELAY_MS + 200)
    assert window.settings.path.stat().st_ino == written  # once, not again


@pytest.fixture
def saves_only_when_flushed(monkeypatch):
    """Saves wait a minute after the last step: only a flush can have written the file."""
    monkeypatch.setattr(save_soon, "DELAY_MS", 60_000)


def test_the_end_of_a_session_and_closing_the_window_save_a_volume_at_once(
        qtbot, make_window, short_script, saves_only_when_flushed):
    window = start_silent_session(qtbot, make_window, short_script)
    qtbot.waitUntil(lambda: shown(window, "ambience-volume"))
    ambience = find(window, "ambience-volume")
    ambience.setFocus()
    hold(qtbot, ambience, Qt.Key.Key_Left, 5)
    assert on_disk(window, "ambience_volume") is None
    qtbot.keyClick(find(window, "play-pause"), Qt.Key.Key_Escape)
    find(window, "confirm-stop").click()  # the session ends: the player page goes
    qtbot.waitUntil(lambda: shown(window, "post-skip"))
    assert on_disk(window, "ambience_volume") == 55

    # A later session; the window is closed a moment after a key step.
    find(window, "post-skip").click()
    qtbot.waitUntil(lambda: shown(window, "summary-done"))
    find(window, "summary-done").click()
    qtbot.waitUntil(lambda: window.nav.isVisible())
    start_rated(qtbot, window, short_script, 2, 2)
    qtbot.waitUntil(lambda: shown(window, "master-volume"))
    master = find(window, "master-volume")
    master.setFocus()
    qtbot.keyClick(master, Qt.Key.Key_PageDown)
    assert on_disk(window, "master_volume") == 80  # as the first session's end saved it
    window.close()
    assert on_disk(window, "master_volume") == 70 == Settings().get("master_volume")


def test_settings_page_volumes_are_saved_once_the_keys_stop_or_the_page_is_left(
        qtbot, make_window, saves_only_when_flushed):
    window = make_window(use_device=False)
    qtbot.keyClick(window, Qt.Key.Key_4, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: shown(window, "setting-narration-volume"))
    voice = find(window, "setting-narration-volume")
    voice.setFocus()
    hold(qtbot, voice, Qt.Key.Key_Down, 20)
    duck = find(window, "setting-duck-db")
    duck.setFocus()
    hold(qtbot, duck, Qt.Key.Key_Up, 4)
    assert (window.settings.get("narration_volume"), window.settings.get("duck_db")) == (
        80, 14)
    assert on_disk(window, "narration_volume") is None
    qtbot.keyClick(window, Qt.Key.Key_1, Qt.KeyboardModifier.ControlModifier)  # Home
    qtbot.waitUntil(lambda: not shown(window, "setting-narration-volume"))
    assert (on_disk(window, "narration_volume"), on_disk(window, "duck_db")) == (80, 14)



def test_a_volume_that_cannot_be_saved_as_the_window_closes_brings_up_no_note(
        qtbot, make_window, short_script, preset, painease_home, saves_only_when_flushed):
    """The note says changes work until painease closes: shown as it closes, it would only
    puzzle (and keep a window open with nothing behind it)."""
    preset(welcome_seen=True)
    window = start_silent_session(qtbot, make_window, short_script)
    qtbot.waitUntil(lambda: shown(window, "master-volume"))
    (painease_home / ".settings.json.lock").mkdir()  # a real write failure
    master = find(window, "master-volume")
    master.setFocus()
    qtbot.keyClick(master, Qt.Key.Key_PageDown)
    window.close()
    assert window.settings.save_problem.endswith("could not be written (Is a directory)")
    assert window.findChild(QWidget, "settings-not-saved") is None
    assert not window.isVisible()


def test_the_settings_page_says_when_a_volume_could_not_be_saved(
        qtbot, make_window, preset, painease_home):
    preset(welcome_seen=True)
    window = make_window(use_device=False)
    qtbot.keyClick(window, Qt.Key.Key_4, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: shown(window, "setting-master-volume"))
    note = find(window, "settings-saved-note")
    assert note.text() == "Changes are saved as you make them."
    (painease_home / ".settings.json.lock").mkdir()  # a real write failure
    master = find(window, "setting-master-volume")
    master.setFocus()
    hold(qtbot, master, Qt.Key.Key_Left, 3)
    qtbot.waitUntil(lambda: "cannot save them now" in note.text())
    (painease_home / ".settings.json.lock").rmdir()
    qtbot.keyClick(master, Qt.Key.Key_Left)
    qtbot.waitUntil(lambda: note.text() == "Changes are saved as you make them.")
    assert Settings().get("master_volume") == 76
