"""Settings that cannot be written (a full disk…) never stop a session; the person is told
once, and the changes apply for the run."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget

from tests.storage.conftest import fill, tiny_disk  # noqa: F401 - a fixture
from tests.ui.test_main_window import start_silent_session
from tests.ui.test_session_flow import find, shown, start_rated


def test_a_session_goes_on_when_settings_cannot_be_saved(qtbot, make_window, short_script,
                                                         preset, painease_home):
    preset(welcome_seen=True)
    window = start_silent_session(qtbot, make_window, short_script)
    qtbot.waitUntil(lambda: shown(window, "master-volume"))
    # A real write failure: a folder where the settings' lock file must go.
    (painease_home / ".settings.json.lock").mkdir()

    # The patient turns the volume down in the player: saved once the keys stop.
    master = find(window, "master-volume")
    master.setFocus()
    qtbot.keyClick(master, Qt.Key.Key_PageDown)
    qtbot.waitUntil(lambda: shown(window, "settings-not-saved"))
    assert window.settings.get("master_volume") == master.value() < 80  # for this run
    note = find(window, "settings-not-saved")
    assert "could not save your settings" in note.text()
    assert note.informativeText() == (
        "The reason: the settings file could not be written. The next change you make "
        "tries again to save all your settings.")
    # The path is for whoever helps, under Show Details; not in what a patient reads.
    assert str(painease_home) not in f"{note.text()} {note.informativeText()}"
    assert note.detailedText() == f"painease: {window.settings.save_problem}"
    assert str(painease_home / "settings.json") in note.detailedText()
    qtbot.mouseClick(find(window, "settings-not-saved-ok"), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not note.isVisible())

    window.settings.set("live_rating", True)  # fails again: said once a run, not again
    qtbot.wait(50)
    assert window.settings.get("live_rating") is True
    assert not note.isVisible() and window.settings_note is note
    assert shown(window, "stop-session")  # the session goes on


def test_settings_that_cannot_be_read_are_said_on_home_and_never_replaced(
        qtbot, make_window, short_script, painease_home, capsys):
    """A settings.json that is there but cannot be read (a folder of that name here: root
    cannot read it either): Home says so from the start, changes apply for the run, and
    the file is left as it is. A volume changed in a session does not bring up a second
    note."""
    folder = painease_home / "settings.json"
    folder.mkdir(parents=True)
    (folder / "mine.txt").write_text("kept")
    window = make_window(use_device=False)

    assert shown(window, "settings-note")
    text = find(window, "settings-note-text").text()
    assert text == (
        "Your saved settings could not be opened, so painease is using its usual settings "
        "for now. The reason: there is a folder where the settings file should be, in your "
        "painease data folder. painease leaves it as it is; once it is moved away, "
        "painease saves your settings again. Changes you make now work until you close "
        "painease, but are not saved.")
    assert str(painease_home) not in text  # the path is for whoever helps: on stderr
    assert (f"painease: {folder} cannot be read: it is a folder, not a file"
            in capsys.readouterr().err)
    qtbot.keyClick(window, Qt.Key.Key_4, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: shown(window, "settings-saved-note"))
    assert "cannot save them now" in find(window, "settings-saved-note").text()

    start_rated(qtbot, window, short_script, 3, 3)
    qtbot.waitUntil(lambda: shown(window, "master-volume"))
    master = find(window, "master-volume")
    master.setFocus()
    qtbot.keyClick(master, Qt.Key.Key_PageDown)  # a change that cannot be saved
    assert window.settings.get("master_volume") == master.value() < 80  # for this run
    assert window.settings.save_problem.startswith(f"{folder} could not be read")
    assert window.findChild(QWidget, "settings-not-saved") is None  # Home said it already
    assert [p.name for p in folder.iterdir()] == ["mine.txt"]


def test_settings_on_a_drive_not_connected_are_said_on_home_and_the_link_kept(
        qtbot, make_window, painease_home, tmp_path, capsys):
    """settings.json links to a file on a drive that is not connected: Home says why the
    usual settings are used, and a change leaves the link as it was (it was replaced by a
    plain file, so the settings on the drive were never used again)."""
    on_drive = tmp_path / "usb-drive" / "settings.json"
    link = painease_home / "settings.json"
    painease_home.mkdir(parents=True)
    link.symlink_to(on_drive)
    window = make_window(use_device=False)

    assert shown(window, "settings-note")
    text = find(window, "settings-note-text").text()
    assert ("The reason: the settings file in your painease data folder leads to a file "
            "that cannot be found now (on a drive that is not connected, perhaps). painease "
            "leaves it as it is: once that file can be found again, your settings come "
            "back.") in text
    assert str(tmp_path) not in text  # the paths are for whoever helps: on stderr
    assert (f"painease: {link} cannot be read: it is a link to {on_drive}, which cannot be "
            "found") in capsys.readouterr().err
    window.settings.set("theme", "dark")
    assert window.settings.get("theme") == "dark"
    assert window.findChild(QWidget, "settings-not-saved") is None  # Home said it already
    assert link.is_symlink() and not on_drive.parent.exists()


def test_after_damaged_settings_are_set_aside_the_note_says_the_usual_ones_come_back(
        tiny_disk, qtbot, make_window, monkeypatch):  # noqa: F811 - unmounted after the window
    """A probe: settings.json was damaged, so painease used its usual settings; a change
    on a full disk set the damaged file aside and could not write the new one, and the
    note said "the earlier settings come back" -- the usual ones do."""
    (tiny_disk / "filler").unlink()
    home = tiny_disk / "home"
    home.mkdir(mode=0o700)
    monkeypatch.setenv("PAINEASE_HOME", str(home))
    (home / "settings.json").write_text("{ this is not json")
    window = make_window(use_device=False)
    assert shown(window, "settings-note")
    fill(tiny_disk)
    window.settings.set("theme", "dark")
    qtbot.waitUntil(lambda: shown(window, "settings-not-saved"))
    assert find(window, "settings-not-saved").text() == (
        "painease could not save your settings. Your changes work until you close "
        "painease; after that painease's usual settings come back.")
    assert find(window, "settings-not-saved").informativeText() == (
        "The reason: the disk is full. Free some space on the disk: the next change you "
        "make then saves all your settings.")
    assert not (home / "settings.json").exists()  # set aside: the next start reads none
    (tiny_disk / "fill-up").unlink()


def test_when_saved_settings_are_there_the_note_says_they_come_back(
        qtbot, make_window, preset, painease_home):
    preset(welcome_seen=True, theme="light")
    window = make_window(use_device=False)
    (painease_home / ".settings.json.lock").mkdir()  # a real write failure
    window.settings.set("theme", "dark")
    qtbot.waitUntil(lambda: shown(window, "settings-not-saved"))
    assert find(window, "settings-not-saved").text().endswith(
        "after that the settings you saved before come back.")


def test_settings_that_cannot_be_read_later_are_said_plainly_with_a_next_step(
        qtbot, make_window, preset, painease_home):
    """Read at the start, then unreadable (a folder where the file was): the note names no
    path, says where the file is in words (as Home's notes do) and what brings the saving
    back. It once said "the settings file there", with nothing for "there" to point at."""
    preset(welcome_seen=True, theme="light")
    window = make_window(use_device=False)
    (painease_home / "settings.json").unlink()
    (painease_home / "settings.json").mkdir()
    window.settings.set("theme", "dark")
    qtbot.waitUntil(lambda: shown(window, "settings-not-saved"))
    said = find(window, "settings-not-saved").informativeText()
    assert said == (
        "The reason: the settings file in your painease data folder cannot be read now, so "
        "painease does not save over it. Please ask whoever looks after this computer to "
        "look at it: once it can be opened again, the next change you make saves all your "
        "settings.")
    assert str(painease_home) not in said
