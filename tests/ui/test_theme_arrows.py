"""Combo, spin, decimal and date boxes show their arrows in both themes.

With their frames styled, Qt draws no arrows of its own for these boxes (the spin box's
buttons were blank), so the style sheet points at small SVG triangles in
``painease/ui/arrows``. Checked on real widgets rendered offscreen: the arrow's colour is
there, in the button, at 100 % and 200 % text.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QComboBox, QDateEdit, QDoubleSpinBox, QSpinBox, QWidget

from painease.ui.theme import THEMES, arrow, style_sheet


def test_every_arrow_the_sheets_name_exists_in_its_colour():
    for colours in THEMES.values():
        for scale in (1.0, 2.0):
            paths = re.findall(r'url\("([^"]+)"\)', style_sheet(colours, scale))
            assert len(paths) >= 4
            for path in paths:
                svg = Path(path).read_text(encoding="utf-8")
                colour = re.search(r'(?:fill|stroke)="(#[0-9a-f]{6})"', svg).group(1)
                shape = Path(path).stem.split("-")[0]
                assert path == arrow(shape, colour)
                # Arrows in the text's colours; the tick on the accent, in its text colour.
                assert colour in ((colours.accent_text,) if shape == "check"
                                  else (colours.text, colours.muted))


def arrow_pixels(widget: QWidget, colour: str, top: float, bottom: float) -> int:
    """Pixels of exactly ``colour`` in the rightmost 30 px, between the two fractions of
    the height."""
    image = widget.grab().toImage()
    want = QColor(colour).rgb()
    return sum(image.pixel(x, y) == want
               for x in range(image.width() - 30, image.width())
               for y in range(int(image.height() * top), int(image.height() * bottom)))


def shown_under_the_sheet(qtbot, colours, scale: float, *boxes: QWidget) -> QWidget:
    """Show ``boxes``, 300 × 60 px each, one under another in a widget that has the theme's
    style sheet; returns that widget (keep it: the boxes go with it)."""
    holder = QWidget()
    holder.setStyleSheet(style_sheet(colours, scale))
    for index, box in enumerate(boxes):
        box.setParent(holder)
        box.setGeometry(0, 80 * index, 300, 60)
    qtbot.addWidget(holder)
    holder.resize(300, 80 * len(boxes))
    holder.show()
    qtbot.waitExposed(holder)
    return holder


@pytest.mark.parametrize("theme", ["light", "dark"])
@pytest.mark.parametrize("scale", [1.0, 2.0])
def test_spin_and_combo_boxes_draw_their_arrows(qtbot, theme, scale):
    colours = THEMES[theme]
    spin, combo = QSpinBox(), QComboBox()
    combo.addItems(["As the session suggests", "Soft rain"])
    _holder = shown_under_the_sheet(qtbot, colours, scale, spin, combo)  # the boxes live in it
    assert arrow_pixels(spin, colours.text, 0.0, 0.5) >= 4  # the up arrow
    assert arrow_pixels(spin, colours.text, 0.5, 1.0) >= 4  # the down arrow
    assert arrow_pixels(combo, colours.text, 0.0, 1.0) >= 4
    spin.setEnabled(False)
    qtbot.wait(10)
    assert arrow_pixels(spin, colours.muted, 0.0, 0.5) >= 4


@pytest.mark.parametrize("theme", ["light", "dark"])
@pytest.mark.parametrize("scale", [1.0, 2.0])
def test_decimal_and_date_boxes_are_styled_like_the_others(qtbot, theme, scale):
    """The breath timings (decimal) and the send-results dates (calendar drop-down) once
    kept Qt's own small frame and arrows: the sheet named only QSpinBox and QComboBox."""
    colours = THEMES[theme]
    decimal, date = QDoubleSpinBox(), QDateEdit()
    date.setCalendarPopup(True)
    _holder = shown_under_the_sheet(qtbot, colours, scale, decimal, date)
    assert arrow_pixels(decimal, colours.text, 0.0, 0.5) >= 4  # the up arrow
    assert arrow_pixels(decimal, colours.text, 0.5, 1.0) >= 4  # the down arrow
    assert arrow_pixels(date, colours.text, 0.0, 1.0) >= 4  # the calendar's drop-down
    for box in (decimal, date):
        assert box.grab().toImage().pixelColor(box.width() // 2, box.height() // 2) == \
            QColor(colours.surface), type(box).__name__
