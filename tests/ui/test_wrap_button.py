"""A ``WrapButton`` whose words wrap draws them in the colour the style sheet gives the
button's state, as the same button unwrapped does: its lines are drawn as the style draws
a button's label, not with the widget's palette. (Today's theme gives only the disabled
state a text colour of its own, and the palette carried that one; a sheet's pressed or
hover colour was lost. Checked in light and dark, plain and primary.)"""

from __future__ import annotations

import pytest
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QVBoxLayout, QWidget

from painease.ui import theme
from painease.ui.widgets import button

TEXT = "Send results to my therapist…"
STATE_COLOURS = ("QPushButton:pressed { color: #00c000; }"
                 " QPushButton:disabled, QPushButton[role=\"primary\"]:disabled"
                 " { color: #0000ff; }")


def colours(widget) -> set[int]:
    picture = widget.grab().toImage()
    return {picture.pixelColor(x, y).rgb() for x in range(picture.width())
            for y in range(picture.height())}


@pytest.mark.parametrize("look", ["light", "dark"])
@pytest.mark.parametrize("primary", [False, True])
@pytest.mark.parametrize("state, colour", [("pressed", "#00c000"), ("disabled", "#0000ff")])
def test_wrapped_words_take_the_colour_of_the_buttons_state(qtbot, look, primary, state,
                                                            colour):
    sheet = theme.style_sheet(theme.THEMES[look], 1.0) + STATE_COLOURS
    plain = button(TEXT, "plain", "unwrapped", primary=primary)
    wrapped = button(TEXT, "wrapped", "wrapped", primary=primary, wrap=True)
    holders = []
    for control in (plain, wrapped):
        holder = QWidget()
        holder.setStyleSheet(sheet)
        column = QVBoxLayout(holder)
        column.addWidget(control)
        column.addStretch(1)
        qtbot.addWidget(holder)
        holders.append(holder)
    holders[1].resize(wrapped.minimumSizeHint().width() + 30, 400)
    for holder in holders:
        holder.show()
        qtbot.waitExposed(holder)
    qtbot.waitUntil(lambda: wrapped.height() > plain.height())  # its words wrap
    wanted = QColor(colour).rgb()
    assert wanted not in colours(wrapped)  # not before the state
    for control in (plain, wrapped):
        if state == "pressed":
            control.setDown(True)
        else:
            control.setEnabled(False)
    assert wanted in colours(plain)
    assert wanted in colours(wrapped)
