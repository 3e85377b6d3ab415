"""A label made a Tab stop after it was first styled still shows the focus ring.

The sheet's rule for a focusable label selects on its focus policy, which Qt reads only
when it styles (polishes) a widget; a label already on screen when it became a Tab stop
kept the look of a plain label: no clear border for the ring to take, and no ring.
Real widgets with the real sheet, offscreen, focused by Tab."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QLineEdit

from painease.ui.theme import THEMES
from painease.ui.therapist.forms import reachable
from painease.ui.widgets import label, reachable_text
from tests.ui.test_focus_rings import ring_when_focused
from tests.ui.test_theme_marks import page


def made_reachable_on_screen(qtbot, theme: str, make_reachable):
    note, elsewhere = label("Your last session was yesterday."), QLineEdit()
    holder = page(qtbot, theme, 1.0, note, elsewhere)
    assert note.testAttribute(Qt.WidgetAttribute.WA_WState_Polished)  # styled already
    make_reachable(note)
    return holder, note, elsewhere


@pytest.mark.parametrize("theme", ["light", "dark"])
@pytest.mark.parametrize("how", ["reachable_text", "therapist forms"])
def test_a_label_made_a_tab_stop_on_screen_shows_the_ring(qtbot, theme, how):
    make = (reachable_text if how == "reachable_text"
            else lambda widget: reachable(widget, "note", "Last session", "When it was"))
    holder, note, elsewhere = made_reachable_on_screen(qtbot, theme, make)
    holder.activateWindow()
    focused, unfocused = ring_when_focused(qtbot, note, elsewhere)
    accent = QColor(THEMES[theme].accent).name()
    assert focused == [accent, accent]
    assert accent not in unfocused
    assert note.contentsRect().left() >= 2  # the text inside the ring, not under it


def test_tab_reaches_it_and_it_can_be_read_from_the_keyboard(qtbot):
    holder, note, elsewhere = made_reachable_on_screen(qtbot, "light", reachable_text)
    holder.activateWindow()
    elsewhere.setFocus()
    qtbot.waitUntil(elsewhere.hasFocus)
    qtbot.keyClick(elsewhere, Qt.Key.Key_Backtab)
    assert note.hasFocus()
    assert note.textInteractionFlags() & Qt.TextInteractionFlag.TextSelectableByKeyboard
