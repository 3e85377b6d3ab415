"""The window starts in the saved look: palette and font first, the style sheet once Home is
built (``create_window``), and it is the same look a theme change gives."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QLabel

from painease.ui.app import create_window, wait_until_ready
from painease.ui.theme import DARK, style_sheet


def test_the_window_starts_in_the_saved_theme_and_text_size(qtbot, qapp, preset):
    qapp.setStyleSheet("")  # whatever an earlier test left
    preset(theme="dark", text_size=150)
    window = create_window({"use_device": False})
    qtbot.addWidget(window)
    window.show()
    try:
        assert qapp.styleSheet() == style_sheet(DARK, 1.5)
        assert window.font().pointSizeF() == pytest.approx(16.5)
        assert window.palette().window().color().name() == DARK.window
        labels = window.home.findChildren(QLabel)
        title = next(w for w in labels if w.property("role") == "title")
        assert title.font().pointSizeF() == pytest.approx(30)  # 20 pt × 150 %, from the sheet
        body = [w for w in labels if not w.property("role")]  # the welcome's paragraphs…
        assert len(body) >= 4
        assert [w.font().pointSizeF() for w in body] == [pytest.approx(16.5)] * len(body)
    finally:
        wait_until_ready(window)  # so no catalog arrives after the store is closed
        window.close_store()
