"""Home's own fixed English words are laid out without OpenType shaping
(``widgets.fixed_words``: measuring them costs half as much, and the first screen measures
them again at every width its layout tries); any other text keeps Qt's shaping, which
Arabic needs to be read. Real window and widgets, offscreen."""

from __future__ import annotations

from PySide6.QtGui import QFont, QTextLayout
from PySide6.QtWidgets import QLabel

from painease.ui.home_page import SAFETY_NOTE, WELCOME
from painease.ui.widgets import fixed_words, label

UNSHAPED = QFont.StyleStrategy.PreferNoShaping


def unshaped(widget: QLabel) -> bool:
    return bool(widget.font().styleStrategy() & UNSHAPED)


def glyphs(text: str, font: QFont) -> list[list[int]]:
    layout = QTextLayout(text, font)
    layout.beginLayout()
    layout.createLine()
    layout.endLayout()
    return [list(run.glyphIndexes()) for run in layout.glyphRuns()]


def test_homes_fixed_words_are_ascii_so_they_are_laid_out_unshaped(qtbot, make_window):
    """A first start: the title, the welcome's heading and paragraphs and the safety note.
    Their size and weight still come from the theme's sheet (the title's 20 pt, 600)."""
    assert all(text.isascii() for text in (*WELCOME, SAFETY_NOTE))
    window = make_window(use_device=False)
    labels = {widget.text(): widget for widget in window.home.findChildren(QLabel)}
    fixed = [labels["Welcome to painease"], labels["New here? A few words first"],
             *(labels[text] for text in WELCOME), labels[SAFETY_NOTE]]
    assert all(unshaped(widget) for widget in fixed)
    title = labels["Welcome to painease"]
    assert title.font().pointSizeF() == 20.0
    assert title.font().weight() == QFont.Weight.DemiBold
    assert labels[WELCOME[0]].font().pointSizeF() == 11.0  # the body text's size


def test_words_that_are_not_ascii_keep_their_shaping(qtbot):
    arabic = fixed_words(label("سلام عليكم"))
    english = fixed_words(label("Your pain is real."))
    qtbot.addWidget(arabic)
    qtbot.addWidget(english)
    assert not unshaped(arabic)
    assert unshaped(english)
    # What shaping does to Arabic: its letters join (another glyph for each position).
    shaped = glyphs(arabic.text(), arabic.font())
    without = QFont(arabic.font())
    without.setStyleStrategy(UNSHAPED)
    assert shaped != glyphs(arabic.text(), without)
