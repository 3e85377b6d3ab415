"""The note that the data file is in use shows its default choice, "Try again", as the
app's other first choices look (the accent colour), not only by a focus ring that Quit
has too once Tab reaches it. Real message box, offscreen, in both themes."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QPushButton

from painease.storage import StoreError
from painease.ui.store_notes import store_busy_box
from painease.ui.theme import THEMES, apply_theme


@pytest.mark.parametrize("theme", ["light", "dark"])
def test_try_again_looks_like_the_default_choice(qtbot, qapp, theme):
    apply_theme(qapp, theme, 100)
    box = store_busy_box(StoreError("database is locked", busy=True))
    qtbot.addWidget(box)
    box.show()
    qtbot.waitExposed(box)
    retry = box.findChild(QPushButton, "store-busy-retry")
    leave = box.findChild(QPushButton, "store-busy-quit")
    assert box.defaultButton() is retry
    inside = retry.rect().center()
    inside.setX(retry.width() // 8)  # clear of the words
    colour = retry.grab().toImage().pixelColor(inside)
    assert colour == QColor(THEMES[theme].accent), colour.name()
    assert leave.grab().toImage().pixelColor(inside) != colour
    box.close()
