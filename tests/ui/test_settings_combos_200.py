"""At 200 % text on a 20 pt desktop (about 40 pt body text), in the window's default
1000 × 720 size, Settings' lists show their entries whole, on more lines when one is too
short: the lists were already as wide as the page lets them be (578 px, 519 px for the
words) and cut "As the session suggests" (635 px), "The system's default" (552 px, what
every patient sees there) and "HDA Intel PCH: ALC3246 Analog (hw:0,0)" (1082 px) short
with "…". The page still never scrolls sideways. A name too long even for three lines is
whole in the tooltip, in each entry's tooltip, and in what a screen reader hears.
Real window, offscreen; PortAudio's list of devices stood in for (none here).
"""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QPushButton, QScrollArea

from painease.audio import outputs
from painease.ui import theme
from tests.ui.settled import wait_settled
from tests.ui.test_session_flow import find
from tests.ui.test_therapist_combos import shown

LAPTOP = "HDA Intel PCH: ALC3246 Analog (hw:0,0)"  # ALSA's names, through PortAudio
BLUETOOTH = ("Bluetooth headphones, Jabra Evolve2 65 Mono, Hands-Free Audio Gateway: "
             "Built-in Analog Stereo Output (hw:3,0)")
DEVICES = [LAPTOP, "HDA Intel PCH: HDMI 0 (hw:0,3)", "Jabra EVOLVE 20 MS: USB Audio (hw:1,0)",
           "sysdefault", "pulse", "default", BLUETOOTH]


@pytest.fixture
def big_settings(qtbot, make_window, preset, monkeypatch):
    def open_with(width: int = 1000, **values):
        monkeypatch.setattr(theme, "_desktop_points", 20.0)  # as test_big_desktop_font
        monkeypatch.setattr(outputs, "import_sounddevice", lambda: SimpleNamespace(
            query_devices=query_devices))
        preset(text_size=200, welcome_seen=True, **values)
        window = make_window(use_device=False)
        window.resize(width, 720)
        window.show_page("Settings")
        qtbot.mouseClick(find(window, "find-devices"), Qt.MouseButton.LeftButton)
        wait_settled(window)
        return window

    return open_with


def query_devices(device=None, kind=None):
    listed = [{"name": name, "max_output_channels": 2} for name in DEVICES]
    if device is None:
        return listed
    matches = [d for d in listed if d["name"] == device]
    if not matches:
        raise ValueError(f"No output device matching {device!r}")
    return matches[0]


def painted(combo: QComboBox) -> list[str]:
    """The lines ``combo`` paints its entry on (one, for a combo that only cuts it)."""
    if hasattr(combo, "shown_lines"):
        return combo.shown_lines()
    return [shown(combo)[0]]


def whole_in_sight(combo: QComboBox) -> bool:
    """Every word of the entry is painted, each line within the box's text field and the
    box tall enough for all its lines."""
    lines, room = painted(combo), shown(combo)[1] - 2
    metrics = combo.fontMetrics()
    return ("".join(lines).replace(" ", "") == combo.currentText().replace(" ", "")
            and all(metrics.horizontalAdvance(line) <= room for line in lines)
            and combo.height() >= len(lines) * metrics.lineSpacing())


def sideways(window) -> int:
    return window.settings_page.findChild(QScrollArea).horizontalScrollBar().maximum()


def test_the_lists_entries_are_whole_at_double_text(qtbot, big_settings):
    # 700 px: about the room Settings had in a 1000 px window beside the page list that
    # stood at the window's left (332 px at this size) before the page tabs on top.
    window = big_settings(700, ambience="script", audio_device=LAPTOP)
    ambience, device = find(window, "setting-ambience"), find(window, "setting-audio-device")
    assert ambience.currentText() == "As the session suggests"
    assert device.currentText() == LAPTOP
    # Too long for one line in this window: the test asks what it was made for.
    assert ambience.fontMetrics().horizontalAdvance(ambience.currentText()) > ambience.width()
    assert device.fontMetrics().horizontalAdvance(LAPTOP) > device.width()
    for combo in (ambience, device, find(window, "setting-text-size"),
                  find(window, "setting-theme")):
        assert whole_in_sight(combo), (combo.objectName(), painted(combo))
    assert sideways(window) == 0
    device.setCurrentIndex(0)  # chosen with the keyboard or the mouse
    wait_settled(window)
    assert device.currentText() == "The system's default"
    assert whole_in_sight(device), painted(device)
    assert sideways(window) == 0
    assert window.findChild(QPushButton, "find-devices").isVisible()


def test_a_name_too_long_for_the_box_is_whole_in_its_tooltip_and_description(
        qtbot, big_settings):
    window = big_settings(audio_device=BLUETOOTH)
    device = find(window, "setting-audio-device")
    assert device.currentText() == BLUETOOTH
    assert device.toolTip() == BLUETOOTH
    assert BLUETOOTH in device.accessibleDescription()
    lines = painted(device)
    assert lines[-1].endswith("…") and BLUETOOTH.startswith(lines[0])
    for row in range(device.count()):  # hovered in the open list
        assert device.itemData(row, Qt.ItemDataRole.ToolTipRole) == device.itemText(row)
    device.setCurrentIndex(device.findData(LAPTOP))
    assert LAPTOP in device.accessibleDescription()
    assert BLUETOOTH not in device.accessibleDescription()
    assert sideways(window) == 0
