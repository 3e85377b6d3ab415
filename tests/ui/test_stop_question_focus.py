"""Which answer of "End this session now?" Enter or Space gives is plain to see: the
question's button with focus is the only button on the player drawn filled (primary).
Before, "Keep going" had focus shown by a thin outline while the paused player's
"Continue", filled with the accent, read as the focused one. Real window, dark theme,
200 % text (where the probe found it) and the light theme, pixels from the real widgets.
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QPushButton

from painease.ui.theme import THEMES
from tests.ui.test_session_flow import find, shown, start_rated


def filled(button: QPushButton, accent: QColor) -> bool:
    """Whether ``button`` is drawn filled with the accent (inside its edge, beside its
    text: its padding)."""
    image = button.grab().toImage()
    return image.pixelColor(6, image.height() // 2) == accent


def filled_buttons(window, accent: QColor) -> set[str]:
    page = window.flow.page
    return {b.objectName() for b in page.findChildren(QPushButton)
            if b.isVisible() and filled(b, accent)}


@pytest.mark.parametrize("theme, size", [("dark", 200), ("light", 100)])
def test_the_questions_focused_button_is_the_only_filled_one(qtbot, make_window,
                                                             short_script, theme, size):
    from painease.settings import Settings

    settings = Settings()
    settings.set("theme", theme)
    settings.set("text_size", size)
    window = make_window(use_device=False)
    accent = QColor(THEMES[theme].accent)
    start_rated(qtbot, window, short_script, 5, 5, length_row=1)
    qtbot.waitUntil(lambda: shown(window, "caption"))
    play = find(window, "play-pause")
    assert filled_buttons(window, accent) == {"play-pause"}  # as always, outside the question

    qtbot.keyClick(play, Qt.Key.Key_Escape)
    keep, stop = find(window, "keep-going"), find(window, "confirm-stop")
    assert keep.hasFocus() and play.text() == "Continue"
    assert filled_buttons(window, accent) == {"keep-going"}
    qtbot.keyClick(keep, Qt.Key.Key_Tab)
    assert stop.hasFocus()
    assert filled_buttons(window, accent) == {"confirm-stop"}
    qtbot.keyClick(stop, Qt.Key.Key_Tab, Qt.KeyboardModifier.ShiftModifier)
    assert filled_buttons(window, accent) == {"keep-going"}

    qtbot.keyClick(keep, Qt.Key.Key_Escape)  # never mind: the player as it was
    assert not shown(window, "stop-confirm") and play.hasFocus()
    assert filled_buttons(window, accent) == {"play-pause"}
