"""Each volume slider on Settings shows its number beside it, so a person moving it with
the arrow keys sees where it is; the number follows the slider, and a volume changed
elsewhere (in the player). Real window, real key presses, offscreen."""

from __future__ import annotations

from PySide6.QtCore import Qt

from tests.ui.test_session_flow import find, shown

VOLUMES = {"master_volume": 80, "narration_volume": 100, "tones_volume": 70,
           "ambience_volume": 60}


def test_each_volume_shows_its_number_as_the_arrows_move_it(qtbot, make_window):
    window = make_window(use_device=False)
    qtbot.keyClick(window, Qt.Key.Key_4, Qt.KeyboardModifier.ControlModifier)
    for key, default in VOLUMES.items():
        name = f"setting-{key.replace('_', '-')}"
        assert shown(window, f"{name}-value"), key
        assert find(window, f"{name}-value").text() == f"{default}%"
    slider, number = find(window, "setting-master-volume"), find(window,
                                                                 "setting-master-volume-value")
    slider.setFocus()
    for _ in range(3):
        qtbot.keyClick(slider, Qt.Key.Key_Left)
    assert slider.value() == 77 and number.text() == "77%"
    assert slider.accessibleName() == "Overall volume"  # still named as its label

    window.settings.set("master_volume", 40)  # as the player's slider does
    assert slider.value() == 40 and number.text() == "40%"
