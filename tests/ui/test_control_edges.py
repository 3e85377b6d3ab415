"""A field's edge can be seen (WCAG 1.4.11: 3:1 for what identifies a control): text boxes,
drop-downs and number boxes were edged in the card border colour, about 1.5:1 on the
page in both themes, so an empty field was all but invisible. Drawn with the real sheet."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QComboBox, QLineEdit, QPlainTextEdit, QSpinBox

from painease.ui.theme import THEMES
from tests.ui.test_theme_marks import contrast, page

CONTROLS = (QLineEdit, QPlainTextEdit, QComboBox, QSpinBox)


def test_wcag_contrast_is_computed_as_the_standard_says():
    assert contrast(QColor("#000000"), QColor("#ffffff")) == pytest.approx(21.0)
    assert contrast(QColor("#777777"), QColor("#ffffff")) == pytest.approx(4.48, abs=0.01)


@pytest.mark.parametrize("theme", ["light", "dark"])
def test_the_control_edge_colour_stands_out_from_page_and_card(theme):
    colours = THEMES[theme]
    for ground in (colours.window, colours.surface):
        assert contrast(QColor(colours.control_border), QColor(ground)) >= 3.0, ground


@pytest.mark.parametrize("theme", ["light", "dark"])
def test_each_kind_of_field_is_drawn_with_an_edge_that_stands_out(qtbot, theme):
    colours = THEMES[theme]
    fields = [kind() for kind in CONTROLS]
    holder = page(qtbot, theme, 1.0, *fields)  # kept: the fields go with it
    for field in fields:
        image = field.grab().toImage()
        edge = QColor(image.pixel(0, image.height() // 2))  # the middle of the left edge
        for ground in (colours.window, colours.surface):  # on the page, or on a card
            assert contrast(edge, QColor(ground)) >= 3.0, (type(field).__name__, ground)
    assert holder.isVisible()
