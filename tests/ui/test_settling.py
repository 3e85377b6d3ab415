"""A double-click, or Enter tapped twice, on a control that changes the page: the second
press does nothing on the page that comes next (``painease.ui.settling``).

Found by a review: a double-click on Before's "Continue and start the session" sent the
session just started to the transcript line under the pointer (at 1200×800, 103 s into a
180 s session: more than half not played, and its time played and whether it counts for
its set with it); a second Enter in Before's note paused it (the player's Pause had the
focus). The same goes for each page change of a session: at these window sizes a
double-click on End now skipped the After page's ratings (its Skip), one on Home's Start
chose a pain of 10 on Before.

The presses go through ``QTest`` itself, to the window as the system sends them (qtbot's
wait for a page to settle: tests/ui/conftest.py). The session runs on the silent
clock-only output."""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from painease.ui.settling import settling
from tests.ui.test_held_keys_pages import to_the_player
from tests.ui.test_session_flow import choose_in_library, find, rate, shown


def double_click(window, name: str) -> QPoint:
    """Double-click the control ``name`` as a mouse does (both presses where the pointer
    is); returns where, in the window."""
    control = find(window, name)
    where = control.mapTo(window, control.rect().center())
    QTest.mouseDClick(window.windowHandle(), Qt.MouseButton.LeftButton,
                      Qt.KeyboardModifier.NoModifier, where)
    QTest.qWait(50)
    return where


def enter_twice(qtbot, control) -> None:
    """Enter on ``control``, then Enter again at once on whatever has the focus then."""
    control.setFocus()
    QTest.keyClick(control, Qt.Key.Key_Return)
    QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)
    qtbot.wait(300)  # a button pressed by a key clicks a moment later (``animateClick``)


def started(qtbot, make_window, preset, size=(1400, 900)):
    preset(live_rating=True, welcome_seen=True)
    window = make_window(use_device=False)
    window.resize(*size)
    return window


def test_a_double_click_on_continue_plays_the_session_from_its_start(
        qtbot, make_window, preset):
    window = started(qtbot, make_window, preset)
    choose_in_library(qtbot, window, "flare-up-tracking", length_row=0)
    rate(qtbot, window, "pre", 3, 3)
    where = double_click(window, "pre-continue")
    assert shown(window, "caption")
    transcript = find(window, "transcript")
    line = transcript.itemAt(transcript.viewport().mapFrom(window, where))
    assert line is not None and transcript.row(line) > 0  # a later line was under it
    session = window.flow.session
    assert session.stage.value == "playing"
    assert session.position_ms < session.timeline.step_starts()[1] * 1000 // (
        session.timeline.samplerate)  # still in the first step
    assert transcript.currentRow() == 0

    qtbot.waitUntil(lambda: not settling())  # once settled, a click there is taken
    QTest.mouseClick(window.windowHandle(), Qt.MouseButton.LeftButton,
                     Qt.KeyboardModifier.NoModifier, where)
    qtbot.waitUntil(lambda: transcript.currentRow() == transcript.row(line))


def test_enter_twice_in_the_before_note_does_not_pause_the_session(
        qtbot, make_window, short_script, preset):
    window = started(qtbot, make_window, preset)
    choose_in_library(qtbot, window, short_script, length_row=1)
    rate(qtbot, window, "pre", 3, 3)
    qtbot.waitUntil(lambda: not settling())
    enter_twice(qtbot, find(window, "pre-note"))
    session = window.flow.session
    assert shown(window, "caption") and session.stage.value == "playing"
    play_pause = find(window, "play-pause")
    assert play_pause.hasFocus()
    qtbot.waitUntil(lambda: not settling())  # a fresh press later is the patient's own
    QTest.keyClick(play_pause, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: session.stage.value == "paused")


def under(window, where: QPoint, name: str) -> bool:
    """Whether the control ``name`` is under ``where`` (a window position)."""
    control = find(window, name)
    return control.rect().contains(control.mapFrom(window, where))


def test_a_double_click_on_end_now_leaves_the_after_page_up(qtbot, make_window,
                                                           short_script, preset):
    window = started(qtbot, make_window, preset)
    session = to_the_player(qtbot, window, short_script)
    find(window, "stop-session").click()  # the question: End now, or Keep going
    qtbot.waitUntil(lambda: not settling())
    double_click(window, "confirm-stop")  # at this size, on After's Skip
    assert shown(window, "post-pain") and session.stage.value == "post-rating"


def test_a_double_click_on_homes_start_chooses_no_number_before(qtbot, make_window,
                                                              short_script, preset):
    window = started(qtbot, make_window, preset, size=(900, 700))
    qtbot.waitUntil(lambda: shown(window, "home-start") and not settling())
    where = double_click(window, "home-start")
    assert shown(window, "pre-pain") and under(window, where, "pre-pain")  # its numbers
    assert (find(window, "pre-pain").value(), find(window, "pre-fear").value()) == (None,
                                                                                   None)


def test_here_a_page_settles_for_a_double_clicks_time(qtbot):
    """The tests' pacing shortens the settling everywhere but here (tests/ui/conftest.py)."""
    from PySide6.QtWidgets import QWidget

    from painease.ui import settling as settling_module

    page = QWidget()
    qtbot.addWidget(page)
    settling_module.settle(page)
    [held] = page.findChildren(settling_module._Settling)
    assert held.timer.interval() == QApplication.doubleClickInterval()
    qtbot.waitUntil(lambda: not settling())
