"""The focus ring (the accent) and the resting edge of a field, list, table, button or
slider (``control_border``) each stand out from the page, a card and a banner (WCAG
1.4.11: 3:1). A slider's track and handle were Fusion's, drawn from the window colour: in
the dark theme the part of the track past the handle was 1.1:1 on the page, so where the
slider ended could not be seen, and in the light theme its handle's edge was 1.4:1.
Colours from the real style sheet, pixels from real widgets.

(The ring and the resting edge are 1.5:1 from each other; a focused control is told by
its edge's colour and its width, 2px against 1px. Telling them apart by colour alone at
3:1, WCAG 2.4.13, a AAA criterion, would take a darker accent in the light theme and a
paler one in the dark: a change of the whole look, left for a decision of its own.)"""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QSlider,
    QStyle,
    QStyleOptionSlider,
)

from painease.ui.theme import THEMES
from tests.ui.test_theme_marks import contrast, page


@pytest.mark.parametrize("theme", ["light", "dark"])
def test_the_focus_ring_and_the_resting_edge_stand_out_from_every_ground(theme):
    colours = THEMES[theme]
    for ground in (colours.window, colours.surface, colours.banner):
        assert contrast(QColor(colours.control_border), QColor(ground)) >= 3.0, ground
        assert contrast(QColor(colours.accent), QColor(ground)) >= 3.0, ground


@pytest.mark.parametrize("theme", ["light", "dark"])
@pytest.mark.parametrize("scale", [1.0, 2.0])
def test_a_sliders_track_and_handle_stand_out_from_the_page(qtbot, theme, scale):
    colours = THEMES[theme]
    slider = QSlider(Qt.Orientation.Horizontal)
    slider.setRange(0, 100)
    slider.setValue(30)
    holder = page(qtbot, theme, scale, slider)
    image = holder.grab(slider.geometry()).toImage()
    window = QColor(colours.window)
    option = QStyleOptionSlider()
    slider.initStyleOption(option)
    handle = slider.style().subControlRect(QStyle.ComplexControl.CC_Slider, option,
                                           QStyle.SubControl.SC_SliderHandle, slider)
    groove = slider.style().subControlRect(QStyle.ComplexControl.CC_Slider, option,
                                           QStyle.SubControl.SC_SliderGroove, slider)
    assert handle.top() < groove.top()  # the handle stands above the track
    past = (handle.right() + groove.right()) // 2  # the track past the handle, top to bottom
    track = max(contrast(image.pixelColor(past, y), window) for y in range(image.height()))
    above = [image.pixelColor(handle.center().x(), y)  # the handle, above the track
             for y in range(handle.top(), groove.top())]
    handle_edge = max(contrast(colour, window) for colour in above)
    assert track >= 3.0 and handle_edge >= 3.0, (track, handle_edge)
    assert holder.isVisible()
