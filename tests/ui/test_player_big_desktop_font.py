"""The player at painease's 200 % text on a 20 pt desktop (about 40 pt body text) in a
1000 px window: it scrolled sideways by 177 px. The background row ("Background", its
slider and number, the sound's drop-down: 1103 px at least) and the live rating ("Pain
right now: 6" beside its slider and the scale's two ends: 1045 px) could not be narrower
than one line. Now the drop-down moves under its slider, and the rating's number over its
slider, when the line is too short; at 100 % they stay side by side, as before. Real
window, offscreen; Tab still goes through the controls in the same order."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtWidgets import QComboBox, QLabel, QScrollArea, QSlider

from painease.ui import theme
from tests.ui.settled import wait_settled
from tests.ui.test_big_desktop_font import beyond_width
from tests.ui.test_player_tab_order import ROUND, tab_names
from tests.ui.test_session_flow import find, shown, start_rated


def open_player(qtbot, make_window, preset, script, text_size, width):
    preset(live_rating=True, welcome_seen=True, text_size=text_size)
    window = make_window(use_device=False)  # silent: the sound banner is up too
    window.resize(width, 800)
    start_rated(qtbot, window, script, 6, 4, length_row=1)
    qtbot.waitUntil(lambda: shown(window, "caption"))
    wait_settled(window)
    return window


def on_page(page, widget) -> QRect:
    return QRect(widget.mapTo(page, QPoint(0, 0)), widget.size())


def outside(page) -> list[str]:
    """Visible sliders, drop-downs and labels reaching beyond the page's viewport."""
    viewport = page.findChild(QScrollArea).viewport()
    found = []
    for kind in (QSlider, QComboBox, QLabel):
        for widget in page.findChildren(kind):
            if widget.isVisible() and viewport.isAncestorOf(widget):
                left = widget.mapTo(viewport, QPoint(0, 0)).x()
                if left < 0 or left + widget.width() > viewport.width():
                    found.append(f"{widget.objectName() or widget.text()!r}: "
                                 f"{left}..{left + widget.width()} of {viewport.width()}")
    return found


def test_the_player_fits_1000_px_at_200_on_a_20_pt_desktop(qtbot, make_window, preset,
                                                          short_script, monkeypatch):
    monkeypatch.setattr(theme, "_desktop_points", 20.0)
    window = open_player(qtbot, make_window, preset, short_script, 200, 1000)
    assert window.font().pointSizeF() == pytest.approx(40, abs=0.1)
    page = window.flow.page
    area = page.area
    assert window.width() == 1000
    assert area.widget().minimumSizeHint().width() <= area.viewport().width()
    assert beyond_width(page) == []
    assert outside(page) == []
    # Moved onto lines of their own: under the slider, over the slider.
    assert on_page(page, page.bed).top() >= on_page(page, page.ambience).bottom()
    assert on_page(page, page.live).top() >= on_page(page, page.live_label).bottom()
    # The scale's ends still under the slider's two ends.
    live = on_page(page, page.live)
    low, high = (on_page(page, find(window, f"live-rating-{end}")) for end in ("low", "high"))
    assert low.top() >= live.bottom() and abs(low.left() - live.left()) <= 12
    assert high.right() <= live.right() + 12 and low.right() < high.left()
    # Tab order and the keys as before.
    find(window, "audio-banner-text").setFocus()
    assert tab_names(qtbot) == ROUND
    page.master.setFocus()
    qtbot.keyClick(page.master, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: page.play_pause.text() == "Continue")
    qtbot.keyClick(page.master, Qt.Key.Key_Escape)  # "End this session now?" fits too
    qtbot.waitUntil(page.keep_going.isVisible)
    wait_settled(window)
    assert beyond_width(page) == [] and area.horizontalScrollBar().maximum() == 0
    qtbot.keyClick(page.keep_going, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not page.keep_going.isVisible())
    window.close_flow()


def test_at_100_the_rows_stay_side_by_side(qtbot, make_window, preset, short_script):
    """As before: each volume beside its label, the drop-down beside the background
    volume, and "Pain right now" level with its slider."""
    window = open_player(qtbot, make_window, preset, short_script, 100, 1000)
    page = window.flow.page
    assert beyond_width(page) == []
    rows = [on_page(page, w) for w in (page.master, page.ambience, page.bed)]
    assert len({r.center().y() for r in rows}) == 1
    assert rows[0].right() < rows[1].left() < rows[1].right() < rows[2].left()
    number, live = on_page(page, page.live_label), on_page(page, page.live)
    assert (number.top(), number.height()) == (live.top(), live.height())
    assert number.right() < live.left()
    window.close_flow()
