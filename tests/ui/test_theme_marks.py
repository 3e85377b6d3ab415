"""Check boxes and the therapist's tabs can be seen in both themes, with the real sheet.

Fusion draws an unticked box's edge from the window colour; in the dark theme it came
out at about 1.1:1 against the page, so "Include my journal and notes" looked like a
bare label. The sheet now draws the box (edge in the muted text colour, a tick on the
accent). The tab bar took focus but looked the same with and without it.
"""

from __future__ import annotations

import pytest
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QCheckBox, QTabWidget, QVBoxLayout, QWidget

from painease.ui.theme import THEMES, style_sheet


def luminance(colour: QColor) -> float:
    def linear(c: float) -> float:
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4
    return (0.2126 * linear(colour.redF()) + 0.7152 * linear(colour.greenF())
            + 0.0722 * linear(colour.blueF()))


def contrast(a: QColor, b: QColor) -> float:
    light, dark = sorted((luminance(a), luminance(b)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def page(qtbot, theme: str, scale: float, *widgets: QWidget) -> QWidget:
    holder = QWidget()
    holder.setStyleSheet(style_sheet(THEMES[theme], scale)
                         + f"QWidget#page {{ background: {THEMES[theme].window}; }}")
    holder.setObjectName("page")
    layout = QVBoxLayout(holder)
    for widget in widgets:
        layout.addWidget(widget)
    qtbot.addWidget(holder)
    holder.resize(420, 300)
    holder.show()
    qtbot.waitExposed(holder)
    return holder


def indicator_colours(box: QCheckBox) -> set[int]:
    """The colours drawn in the square at the box's left end, as tall as the box (where
    its indicator is)."""
    image = box.grab().toImage()
    side = image.height()
    return {image.pixel(x, y) for x in range(0, side) for y in range(side)}


@pytest.mark.parametrize("theme", ["light", "dark"])
@pytest.mark.parametrize("scale", [1.0, 2.0])
def test_an_unticked_box_stands_out_and_a_ticked_one_shows_its_tick(qtbot, theme, scale):
    colours = THEMES[theme]
    unticked, ticked = QCheckBox("Include my journal and notes"), QCheckBox("Ticked")
    ticked.setChecked(True)
    holder = page(qtbot, theme, scale, unticked, ticked)  # kept: the boxes go with it
    window = QColor(colours.window)
    edge = max(contrast(QColor(rgb), window) for rgb in indicator_colours(unticked))
    assert edge >= 3.0  # WCAG's minimum for the parts of a control (1.4.11)
    drawn = indicator_colours(ticked)
    assert QColor(colours.accent).rgb() in drawn  # the box, filled
    assert QColor(colours.accent_text).rgb() in drawn  # the tick
    assert holder.isVisible()


@pytest.mark.parametrize("theme", ["light", "dark"])
def test_the_tab_bar_shows_when_it_has_focus(qtbot, theme):
    tabs = QTabWidget()
    for name in ("Scripts", "Sets", "Patients"):
        tabs.addTab(QWidget(), name)
    holder = page(qtbot, theme, 1.0, tabs)
    bar = tabs.tabBar()
    unfocused = bar.grab().toImage()
    holder.activateWindow()
    bar.setFocus()
    qtbot.waitUntil(bar.hasFocus)
    focused = bar.grab().toImage()
    assert focused != unfocused
    accent = QColor(THEMES[theme].accent).rgb()
    assert any(focused.pixel(x, y) == accent
               for x in range(focused.width()) for y in range(focused.height()))
