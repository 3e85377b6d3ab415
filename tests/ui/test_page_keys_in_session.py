"""Ctrl+1 to Ctrl+6 (go to a page) during a session: on Before, the player and After a
session is in progress and a stray key must not leave it, so they do nothing there. On
the Summary the session is over: the key finishes it as Done does (everything is saved
already) and then shows the page asked for, instead of doing nothing and saying nothing.
Driven through the real window with real key presses, the clock-only silent output.
"""

from __future__ import annotations

from PySide6.QtCore import Qt

from tests.ui.test_session_flow import choose_in_library, find, rate, shown

CTRL = Qt.KeyboardModifier.ControlModifier


def to_the_summary(qtbot, window, script: str, *, press_pages: bool = False) -> int:
    """Before, player (ended early), After, Summary; with ``press_pages``, Ctrl+3 and
    Ctrl+4 on each page on the way, which must change nothing. The session's row id."""

    def press_pages_here(stage: str) -> None:
        if press_pages:
            page = window.stack.currentWidget()
            for key in (Qt.Key.Key_3, Qt.Key.Key_4):
                qtbot.keyClick(window.focusWidget() or window, key, CTRL)
            qtbot.wait(50)
            assert window.running and window.stack.currentWidget() is page, stage
            assert window.flow.session.stage.value == stage
            assert window.nav.isHidden()

    choose_in_library(qtbot, window, script, length_row=1)
    rate(qtbot, window, "pre", 5, 5)
    press_pages_here("pre-rating")
    qtbot.keyClick(find(window, "pre-continue"), Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: shown(window, "caption"))
    press_pages_here("playing")
    qtbot.keyClick(find(window, "play-pause"), Qt.Key.Key_Escape)
    qtbot.keyClick(find(window, "keep-going"), Qt.Key.Key_Tab)
    qtbot.keyClick(find(window, "confirm-stop"), Qt.Key.Key_Space)
    rate(qtbot, window, "post", 2, 3)
    press_pages_here("post-rating")
    qtbot.keyClick(find(window, "post-continue"), Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: shown(window, "summary"))
    return max(row.id for row in window.store.sessions())


def test_page_keys_on_the_summary_finish_the_session_and_go_to_the_page(
        qtbot, make_window, short_script):
    window = make_window(use_device=False)
    session_id = to_the_summary(qtbot, window, short_script)
    assert len(window.store.sessions()) == 1
    summary = window.stack.currentWidget()
    qtbot.keyClick(find(window, "summary-done"), Qt.Key.Key_3, CTRL)
    qtbot.waitUntil(lambda: window.stack.currentWidget() is window.page("Insights"))
    assert not window.running and window.nav.isVisible()
    assert window.nav.currentIndex() == 2
    assert window.stack.indexOf(summary) == -1  # the Summary is gone, as after Done
    assert set(window.store.ratings(session_id)) == {"pre", "post"}
    # The next session's Summary, left for Settings the same way.
    to_the_summary(qtbot, window, short_script)
    qtbot.keyClick(find(window, "summary-done"), Qt.Key.Key_4, CTRL)
    qtbot.waitUntil(lambda: window.stack.currentWidget() is window.page("Settings"))
    assert not window.running and len(window.store.sessions()) == 2


def test_page_keys_during_a_session_in_progress_leave_nothing(qtbot, make_window,
                                                              short_script):
    window = make_window(use_device=False)
    session_id = to_the_summary(qtbot, window, short_script, press_pages=True)
    assert set(window.store.ratings(session_id)) == {"pre", "post"}
