"""Settings → Look for devices, through the real PortAudio library: it lists what
PortAudio found, says how many (and that later devices need a restart), and the choice is
saved. Real widgets, offscreen."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton

from painease.settings import Settings
from painease.ui.settings_page import SettingsPage


def settings_page(qtbot) -> SettingsPage:
    page = SettingsPage(Settings())
    qtbot.addWidget(page)
    page.resize(1000, 1200)  # the whole Sound section in sight
    page.show()
    qtbot.waitExposed(page)
    return page


def look(qtbot, page: SettingsPage) -> list[str]:
    find = page.findChild(QPushButton, "find-devices")
    assert find.visibleRegion().boundingRect() == find.rect()  # a person can click it
    qtbot.mouseClick(find, Qt.MouseButton.LeftButton)
    return [page.device.itemText(row) for row in range(page.device.count())]


def test_look_for_devices_lists_the_rigs_output_and_saves_the_choice(qtbot, file_sink):
    page = settings_page(qtbot)
    assert look(qtbot, page) == ["The system's default", "default"]  # Rig 1's only device
    note = page.device_note.text()
    assert note.startswith("1 sound output found. ")
    assert "plugged in after painease started" in note
    page.device.setCurrentIndex(1)
    assert Settings().get("audio_device") == "default"  # saved, as a new window reads it
    page.device.setCurrentIndex(0)
    assert Settings().get("audio_device") == ""


def test_look_for_devices_with_none_says_sessions_still_run(qtbot, no_audio_device):
    page = settings_page(qtbot)
    assert look(qtbot, page) == ["The system's default"]
    assert page.device_note.text().startswith("No sound outputs were found. Sessions still "
                                              "run, silently, with captions and the timer.")


def test_a_chosen_output_not_connected_is_said_when_the_page_is_shown(qtbot, file_sink):
    """The headset chosen last week is unplugged: Settings showed its name alone, as if
    sessions used it; they play through the system's default output meanwhile."""
    Settings().set("audio_device", "USB Headset")
    page = settings_page(qtbot)
    assert page.device.currentText() == "USB Headset (not connected)"
    assert page.device.currentData() == "USB Headset"
    assert page.device_note.text() == (
        "USB Headset is not connected now, so sessions play through the system's default "
        "output. It stays your choice, and is used once it is connected again.")
    assert Settings().get("audio_device") == "USB Headset"  # kept for when it is back


def test_a_chosen_output_that_is_there_is_shown_plainly(qtbot, file_sink):
    Settings().set("audio_device", "default")  # Rig 1's one output
    page = settings_page(qtbot)
    assert page.device.currentText() == "default"
    assert page.device_note.text() == ""
