"""At 100 % text the rating pages ask for no more height than their content: the rating
scale's minimum height is one row of numbers (more rows only when its width needs them,
height for width), so Before fits the default 1000 × 720 window without scrolling and
After scrolls no further than its last control."""

from __future__ import annotations

from PySide6.QtCore import QPoint
from PySide6.QtWidgets import QAbstractButton, QAbstractScrollArea, QLabel, QLineEdit, QScrollArea

from tests.ui.settled import wait_settled
from tests.ui.test_session_flow import choose_in_library, shown, to_after_page


def scroll_range(page) -> tuple[int, int]:
    """How far ``page`` scrolls down, and how far below its viewport its lowest visible
    control reaches, plus the page's bottom margin (``widgets.scrolling_page``)."""
    area = page.findChild(QScrollArea)
    inner = area.widget()
    column = inner.layout().itemAt(1).widget()
    controls = [child for kind in (QAbstractButton, QLabel, QLineEdit, QAbstractScrollArea)
                for child in column.findChildren(kind) if child.isVisible()]
    lowest = max(child.mapTo(inner, QPoint(0, child.height())).y() for child in controls)
    lowest += column.layout().contentsMargins().bottom()
    return area.verticalScrollBar().maximum(), lowest - area.viewport().height()


def test_before_at_100_does_not_scroll(qtbot, make_window, preset, short_script):
    preset(text_size=100, welcome_seen=True)
    window = make_window(use_device=False)
    window.resize(1000, 720)
    choose_in_library(qtbot, window, short_script, length_row=1)
    qtbot.waitUntil(lambda: shown(window, "pre-pain"))
    wait_settled(window)
    scrolls, below = scroll_range(window.flow.page)
    assert below <= 0, "the content itself is taller than the window"
    assert scrolls == 0  # it scrolled 90 px, the scale asking for three rows' height
    window.close_flow()


def test_after_at_100_scrolls_no_further_than_its_content(qtbot, make_window, preset,
                                                          short_script):
    preset(text_size=100, welcome_seen=True)
    window = make_window(use_device=False)
    window.resize(1000, 720)
    to_after_page(qtbot, window, short_script)
    scrolls, below = scroll_range(window.flow.page)
    assert scrolls == max(0, below)  # it scrolled 187 px, to show 43 px more
    window.close_flow()
