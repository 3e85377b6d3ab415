"""The hint text in the Before and After note boxes ("Anything you want to remember
(optional)", "What did you notice? …") is readable: at least 4.5:1 on the box, in both
themes. Under the application's style sheet Qt drew it as the text colour at half strength
(about 3:1 on white) unless the sheet names a placeholder colour."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QLineEdit, QVBoxLayout, QWidget

from painease.ui.rating_page import NoteBox
from painease.ui.theme import apply_theme
from tests.ui.test_theme_marks import contrast


@pytest.mark.parametrize("theme", ["light", "dark"])
def test_the_note_boxes_hint_text_is_readable(qtbot, qapp, theme):
    apply_theme(qapp, theme)
    holder = QWidget()
    layout = QVBoxLayout(holder)
    before, after = QLineEdit(), NoteBox()  # the Before page's note, the After page's
    for box in (before, after):
        box.setPlaceholderText("A hint")
        layout.addWidget(box)
    qtbot.addWidget(holder)
    holder.show()
    qtbot.waitExposed(holder)
    for box in (before, after):
        palette = box.palette()
        hint = palette.color(QPalette.ColorRole.PlaceholderText)
        ground = palette.color(QPalette.ColorRole.Base)
        assert hint.alpha() == 255, f"{type(box).__name__}: hint drawn see-through"
        assert contrast(hint, ground) >= 4.5, (type(box).__name__, hint.name(), ground.name())
