"""A field's edge can be seen (WCAG 1.4.11: 3:1 for what identifies a control): text boxes,
drop-downs and number boxes were edged in the card border colour, about 1.5:1 on the
page in both themes, so an empty field was all but invisible. The line that sets off a
drop-down's arrow and a number box's two arrows, and a button's edge, were still in that
colour. Drawn with the real sheet.

A button also stands on a banner ("Keep going" and "End now" when a session is about to
stop, "Try sound again" when sound is unavailable): in the dark theme its edge was 2.5:1
against the banner's colour (its fill 1.4:1).

The therapist's tabs were edged in the card border colour too (about 1.5:1 on the page),
so an unchosen tab was a bare word; the chosen tab stays open at the bottom into its
pane."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QComboBox,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QStyle,
    QStyleOptionComboBox,
    QStyleOptionSpinBox,
    QTabWidget,
    QWidget,
)

from painease.ui.theme import THEMES
from painease.ui.widgets import button, card
from tests.ui.test_theme_marks import contrast, page

CONTROLS = (QLineEdit, QPlainTextEdit, QComboBox, QSpinBox)


def test_wcag_contrast_is_computed_as_the_standard_says():
    assert contrast(QColor("#000000"), QColor("#ffffff")) == pytest.approx(21.0)
    assert contrast(QColor("#777777"), QColor("#ffffff")) == pytest.approx(4.48, abs=0.01)


@pytest.mark.parametrize("theme", ["light", "dark"])
def test_the_control_edge_colour_stands_out_from_page_card_and_banner(theme):
    colours = THEMES[theme]
    for ground in (colours.window, colours.surface, colours.banner):
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


def arrow_dividers(combo: QComboBox, spin: QSpinBox) -> dict[str, QColor]:
    """The colour of each line that parts an arrow from the field's text, as drawn: the
    left edge of the drop-down's arrow, of the number box's up arrow, and the top of its
    down arrow (beside the arrow itself, not through it)."""
    CC, SC = QStyle.ComplexControl, QStyle.SubControl  # noqa: N806
    combo_option, spin_option = QStyleOptionComboBox(), QStyleOptionSpinBox()
    combo.initStyleOption(combo_option)
    spin.initStyleOption(spin_option)
    drop = combo.style().subControlRect(CC.CC_ComboBox, combo_option, SC.SC_ComboBoxArrow,
                                        combo)
    up = spin.style().subControlRect(CC.CC_SpinBox, spin_option, SC.SC_SpinBoxUp, spin)
    down = spin.style().subControlRect(CC.CC_SpinBox, spin_option, SC.SC_SpinBoxDown, spin)
    combo_image, spin_image = combo.grab().toImage(), spin.grab().toImage()
    return {"drop-down": combo_image.pixelColor(drop.left(), drop.center().y()),
            "up": spin_image.pixelColor(up.left(), up.center().y()),
            "down": spin_image.pixelColor(down.left() + 2, down.top())}


@pytest.mark.parametrize("theme", ["light", "dark"])
def test_the_lines_beside_the_arrows_stand_out_from_the_field(qtbot, theme):
    colours = THEMES[theme]
    combo, spin = QComboBox(), QSpinBox()
    combo.addItems(["Light", "Dark"])
    holder = page(qtbot, theme, 1.0, combo, spin)
    dividers = arrow_dividers(combo, spin)
    field = QColor(colours.surface)  # what the line parts: the field and its arrow
    faint = {part: colour.name() for part, colour in dividers.items()
             if contrast(colour, field) < 3.0}
    assert faint == {}
    assert holder.isVisible()


@pytest.mark.parametrize("theme", ["light", "dark"])
def test_a_button_is_drawn_with_an_edge_that_stands_out(qtbot, theme):
    colours = THEMES[theme]
    plain = QPushButton("Look for devices")
    holder = page(qtbot, theme, 1.0, plain)
    image = plain.grab().toImage()
    edge = image.pixelColor(0, image.height() // 2)
    for ground in (colours.window, colours.surface):  # on the page, or on a card
        assert contrast(edge, QColor(ground)) >= 3.0, (edge.name(), ground)
    assert holder.isVisible()


@pytest.mark.parametrize("theme", ["light", "dark"])
def test_a_button_on_a_banner_is_drawn_with_an_edge_that_stands_out(qtbot, theme):
    colours = THEMES[theme]
    banner, layout = card("banner")
    keep = button("Keep going", "keep-going", "Carry on with the session")
    layout.addWidget(keep)
    holder = page(qtbot, theme, 1.0, banner)
    drawn = banner.grab().toImage()
    ground = drawn.pixelColor(3, drawn.height() // 2)  # inside the banner, beside the button
    assert ground == QColor(colours.banner)  # the banner's own colour, as drawn
    image = keep.grab().toImage()
    edge = image.pixelColor(0, image.height() // 2)
    assert contrast(edge, ground) >= 3.0, (edge.name(), ground.name())
    assert holder.isVisible()


@pytest.mark.parametrize("theme", ["light", "dark"])
def test_a_tab_is_drawn_with_an_edge_that_stands_out_and_the_chosen_one_opens(qtbot, theme):
    colours = THEMES[theme]
    tabs = QTabWidget()
    for name in ("Scripts", "Sets", "Patients"):
        tabs.addTab(QWidget(), name)
    holder = page(qtbot, theme, 1.0, tabs)
    bar = tabs.tabBar()
    image = bar.grab().toImage()
    window = QColor(colours.window)
    for index in range(bar.count()):
        rect = bar.tabRect(index)
        edges = {"left": image.pixelColor(rect.left(), rect.center().y()),
                 "top": image.pixelColor(rect.center().x(), rect.top())}
        faint = {side: colour.name() for side, colour in edges.items()
                 if contrast(colour, window) < 3.0}
        assert faint == {}, (bar.tabText(index), faint)
    chosen = bar.tabRect(bar.currentIndex())
    bottom = image.pixelColor(chosen.center().x(), chosen.bottom())
    assert bottom == QColor(colours.surface), bottom.name()  # open into its pane
    assert holder.isVisible()
