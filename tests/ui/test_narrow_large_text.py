"""At 200 % text in a small window (800 × 600) every control of the session's pages can
be seen whole: rows of buttons and sliders move onto further lines when they do not fit,
and a page that truly cannot fit scrolls sideways rather than cutting its right edge off.
The After page's note box grows with the text instead of showing two lines.
"""

from __future__ import annotations

from PySide6.QtCore import QPoint
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractSlider,
    QComboBox,
    QScrollArea,
    QScrollBar,
)

from tests.ui.settled import wait_settled
from tests.ui.test_session_flow import choose_in_library, find, shown, to_after_page


def cut_off(page) -> list[str]:
    """The visible controls of ``page`` whose right or left edge cannot be brought into
    the page's viewport (beyond it, with no sideways scrolling that reaches them)."""
    area = page.findChild(QScrollArea)
    viewport, bar = area.viewport(), area.horizontalScrollBar()
    reach = viewport.width() + (bar.maximum() if bar.isVisible() else 0)
    found = []
    for kind in (QAbstractButton, QAbstractSlider, QComboBox):
        for control in page.findChildren(kind):
            if not control.isVisible() or isinstance(control, QScrollBar):
                continue  # the page's own scroll bars
            left = control.mapTo(area.widget(), QPoint(0, 0)).x() - bar.value()
            if left < 0 or left + control.width() > reach:
                name = control.objectName() or getattr(control, "text", lambda: "")()
                found.append(f"{name!r}: {left}..{left + control.width()} of {reach}")
    return found


def test_every_control_of_before_and_the_player_fits_or_scrolls_into_reach(
        qtbot, make_window, preset, short_script):
    preset(text_size=200, welcome_seen=True, live_rating=True)
    window = make_window(use_device=False)
    window.resize(800, 600)
    choose_in_library(qtbot, window, short_script, length_row=1)
    qtbot.waitUntil(lambda: shown(window, "pre-pain"))
    wait_settled(window)
    assert cut_off(window.flow.page) == []

    find(window, "pre-pain").setValue(4)
    find(window, "pre-fear").setValue(3)
    find(window, "pre-continue").click()
    qtbot.waitUntil(lambda: shown(window, "audio-banner"))  # no device: its row shows too
    qtbot.keyClick(find(window, "play-pause"), " ")  # paused while we look
    qtbot.keyClick(find(window, "play-pause"), "\x1b")  # the stop question's row too
    qtbot.waitUntil(lambda: shown(window, "stop-confirm"))
    wait_settled(window)
    page = window.flow.page
    assert cut_off(page) == []
    # Sideways scrolling is not how it fits at 800 px: the rows reflow.
    assert not page.findChild(QScrollArea).horizontalScrollBar().isVisible()
    window.close_flow()


def test_the_after_note_shows_several_lines_at_double_text(qtbot, make_window, preset,
                                                           short_script):
    preset(text_size=200, welcome_seen=True)
    window = make_window(use_device=False)
    window.resize(1000, 720)
    to_after_page(qtbot, window, short_script)
    note = find(window, "post-note")
    lines = note.viewport().height() / note.fontMetrics().lineSpacing()
    assert lines >= 5, f"{lines:.1f} lines in sight"
    window.close_flow()


def test_a_window_too_narrow_for_the_scale_puts_its_numbers_on_two_rows(
        qtbot, make_window, preset, short_script):
    """Eleven numbers at 200 % text need about 650 px: in a window narrower than that they
    go onto two rows (0–5 over 6–10), so "10" is in sight without scrolling sideways (it
    used to be cut off, then reached by scrolling sideways)."""
    preset(text_size=200, welcome_seen=True)
    window = make_window(use_device=False)
    choose_in_library(qtbot, window, short_script, length_row=1)
    qtbot.waitUntil(lambda: shown(window, "pre-pain"))
    window.resize(560, 600)
    qtbot.waitUntil(lambda: window.width() <= 600)
    wait_settled(window)
    bar = window.flow.page.findChild(QScrollArea).horizontalScrollBar()
    assert bar.maximum() == 0
    assert cut_off(window.flow.page) == []
    scale = find(window, "pre-pain")
    numbers = {b.text(): b.mapTo(scale, QPoint(0, 0)) for b in scale.findChildren(QAbstractButton)}
    assert numbers["6"].y() > numbers["5"].y() and numbers["6"].x() == numbers["0"].x()
    window.close_flow()
