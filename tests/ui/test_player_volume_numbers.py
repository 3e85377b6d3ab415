"""The player's two volume sliders show their number beside them, as Settings' do, and
say it in words to a screen reader ("77 percent (0 to 100)"): a slider alone showed no
number, so the arrow keys moved it by steps no one could see. The number keeps one width
as the value goes from 9 to 100. Real window, real key presses, offscreen."""

from __future__ import annotations

from PySide6.QtCore import Qt

from tests.ui.test_session_flow import choose_in_library, find, rate, shown


def open_player(qtbot, window, script: str) -> None:
    choose_in_library(qtbot, window, script, length_row=1)
    rate(qtbot, window, "pre", 5, 5)
    qtbot.mouseClick(find(window, "pre-continue"), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: shown(window, "caption"))


def test_each_player_volume_shows_and_says_its_number(qtbot, make_window, short_script):
    window = make_window(use_device=False)
    open_player(qtbot, window, short_script)
    for name in ("master-volume", "ambience-volume"):
        slider, number = find(window, name), find(window, f"{name}-value")
        assert number.isVisible() and number.text() == f"{slider.value()}%"
        width = number.sizeHint().width()
        slider.setFocus()
        qtbot.waitUntil(slider.hasFocus)
        for _ in range(3):
            qtbot.keyClick(slider, Qt.Key.Key_Left)
        value = slider.value()
        assert number.text() == f"{value}%"
        assert slider.accessibleDescription().startswith(f"{value} percent (0 to 100). ")
        slider.setValue(100)
        assert number.text() == "100%" and number.sizeHint().width() == width
        slider.setValue(7)
        assert number.text() == "7%" and number.sizeHint().width() == width
        assert slider.accessibleDescription().startswith("7 percent (0 to 100). ")
