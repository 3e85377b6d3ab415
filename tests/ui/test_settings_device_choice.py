"""Settings → Sound output after Look for devices, with PortAudio stood in for: what the
list shows is what sessions will use, and a missing library is said plainly."""

from __future__ import annotations

from types import SimpleNamespace

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton

from painease.audio import outputs
from painease.settings import Settings
from painease.ui.settings_page import SettingsPage


def page_with(qtbot, monkeypatch, devices=None, problem=None) -> SettingsPage:
    def fake_import():
        if problem is not None:
            raise outputs.OutputUnavailable(problem)
        return SimpleNamespace(query_devices=lambda: devices)

    monkeypatch.setattr(outputs, "import_sounddevice", fake_import)
    page = SettingsPage(Settings())
    qtbot.addWidget(page)
    page.resize(1000, 1200)
    page.show()
    qtbot.waitExposed(page)
    return page


def look(qtbot, page: SettingsPage) -> list[str]:
    qtbot.mouseClick(page.findChild(QPushButton, "find-devices"), Qt.MouseButton.LeftButton)
    return [page.device.itemText(row) for row in range(page.device.count())]


def test_a_chosen_output_not_found_now_stays_shown_as_chosen(qtbot, monkeypatch):
    """The headset chosen last week is unplugged: the list used to jump to "The system's
    default" while sessions still tried the headset, so what it showed was not what
    played."""
    Settings().set("audio_device", "USB Headset")
    speakers = {"name": "Speakers", "max_output_channels": 2}
    page = page_with(qtbot, monkeypatch, devices=[speakers])
    items = look(qtbot, page)
    assert page.device.currentData() == "USB Headset"
    assert page.device.currentText() == "USB Headset (not connected)"
    assert items == ["The system's default", "Speakers", "USB Headset (not connected)"]
    assert page.device_note.text().startswith(
        "USB Headset is not connected now, so sessions play through the system's default "
        "output. It stays your choice, and is used once it is connected again. 1 sound "
        "output found.")
    assert Settings().get("audio_device") == "USB Headset"
    page.device.setCurrentIndex(items.index("Speakers"))
    assert Settings().get("audio_device") == "Speakers"


def test_no_portaudio_says_so_and_keeps_the_choice(qtbot, monkeypatch):
    Settings().set("audio_device", "USB Headset")
    page = page_with(qtbot, monkeypatch, problem="the PortAudio sound library is not "
                     "installed (no libportaudio.so.2)")
    look(qtbot, page)
    assert "No sound outputs could be listed" in page.device_note.text()
    assert "PortAudio sound library is not installed" in page.device_note.text()
    assert page.device.currentData() == "USB Headset"
    assert Settings().get("audio_device") == "USB Headset"


def test_the_sound_output_follows_a_change_another_window_saved(qtbot, monkeypatch):
    """The Sound output list was not among the controls the page updates when the
    settings are read again (``_controls``): it kept showing the old choice."""
    page = page_with(qtbot, monkeypatch, devices=[])
    assert page.device.currentData() == ""
    Settings().set("audio_device", "Speakers")  # another process (another Settings)
    assert page.settings.reload() == ["audio_device"]
    assert page.device.currentData() == "Speakers"
    assert page.device.currentText() == "Speakers"
    Settings().set("audio_device", "")
    page.settings.reload()
    assert page.device.currentText() == "The system's default"
    assert page.settings.get("audio_device") == ""  # showing it changed nothing
