"""A key held down (a tremor, a slow release) is one press, not many. On the player the
keyboard's auto-repeat must not flip Pause/Continue back and forth, open and close the
"End this session now?" question, or skip step after step; on Before and the Summary Esc
is one Back or one Done. The live rating's ↑/↓ still repeat (holding them moves the
rating, as on a slider). The repeats are sent as the system sends them, QKeyEvents marked
auto-repeat, through the real window (the player's session runs on the silent clock-only
output) or to the page on its own."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication

from tests.ui.test_session_flow import find, shown, start_rated
from tests.waits import WORKER_WAIT_MS

REPEATS = 5


def held(qtbot, widget, key: Qt.Key) -> None:
    """Press ``key`` on ``widget`` and hold it: the first press, then the auto-repeated
    release and press pairs a held key sends, then the real release."""
    qtbot.keyPress(widget, key)
    for _ in range(REPEATS):
        for kind in (QEvent.Type.KeyRelease, QEvent.Type.KeyPress):
            event = QKeyEvent(kind, key, Qt.KeyboardModifier.NoModifier, "", True)
            QApplication.sendEvent(widget, event)
    qtbot.keyRelease(widget, key)


def started(qtbot, make_window, short_script, preset):
    preset(live_rating=True, welcome_seen=True)
    window = make_window(use_device=False)
    start_rated(qtbot, window, short_script, 5, 5, length_row=1)  # 12 s, three steps
    qtbot.waitUntil(lambda: shown(window, "caption"))
    session = window.flow.session
    qtbot.waitUntil(lambda: session.status().state == "playing", timeout=WORKER_WAIT_MS)
    return window, session


def test_space_held_pauses_once(qtbot, make_window, short_script, preset):
    window, session = started(qtbot, make_window, short_script, preset)
    volume = find(window, "master-volume")  # a control that leaves Space to the page
    volume.setFocus()
    held(qtbot, volume, Qt.Key.Key_Space)
    assert session.stage.value == "paused"
    assert find(window, "play-pause").text() == "Continue"
    held(qtbot, volume, Qt.Key.Key_Space)
    assert session.stage.value == "playing"


def test_space_or_enter_held_on_the_focused_button_presses_it_once(
        qtbot, make_window, short_script, preset):
    window, session = started(qtbot, make_window, short_script, preset)
    play = find(window, "play-pause")
    assert play.hasFocus()
    held(qtbot, play, Qt.Key.Key_Space)
    assert session.stage.value == "paused"
    held(qtbot, play, Qt.Key.Key_Return)
    qtbot.wait(400)  # the button's animated click
    assert session.stage.value == "playing"


def test_esc_held_asks_once_and_the_question_stays(qtbot, make_window, short_script, preset):
    window, session = started(qtbot, make_window, short_script, preset)
    held(qtbot, find(window, "play-pause"), Qt.Key.Key_Escape)
    assert shown(window, "stop-confirm") and find(window, "keep-going").hasFocus()
    assert session.stage.value == "paused"  # the session waits while it is asked


def test_right_held_skips_one_step(qtbot, make_window, short_script, preset):
    window, session = started(qtbot, make_window, short_script, preset)
    starts = session.timeline.step_starts()
    held(qtbot, find(window, "play-pause"), Qt.Key.Key_Right)
    qtbot.waitUntil(lambda: session.player.position_frames >= starts[1],
                    timeout=WORKER_WAIT_MS)
    assert session.segment.step == 1


def test_up_held_still_moves_the_live_rating(qtbot, make_window, short_script, preset):
    window, _ = started(qtbot, make_window, short_script, preset)
    live = find(window, "live-rating")
    live.setValue(2)
    before = live.value()
    held(qtbot, find(window, "play-pause"), Qt.Key.Key_Up)
    assert live.value() == before + 1 + REPEATS


# -- Before, After and the Summary ---------------------------------------------------------
# Their Esc is one press too. In the flow the first press takes the page away (Back,
# Done), so its repeats meet the next page; here the page stays, as it would for a
# repeat that arrives first, and each press it takes is counted.


def on_its_own(qtbot, page):
    qtbot.addWidget(page)
    page.show()
    page.activateWindow()
    qtbot.waitUntil(page.isActiveWindow)  # the page's Esc is window-wide
    return page


def test_esc_held_on_before_is_one_back(qtbot):
    from painease.ui.rating_page import RatingPage

    page = on_its_own(qtbot, RatingPage("pre", title="A session"))
    backs = []
    page.back.connect(lambda: backs.append(1))
    held(qtbot, page.pain, Qt.Key.Key_Escape)
    assert backs == [1]


def test_esc_held_on_the_summary_is_one_done(qtbot):
    from painease.session_outcome import Change, Outcome
    from painease.ui.summary_page import SummaryPage

    outcome = Outcome(1, "completed", 300_000, Change(6, 3), Change(8, 2), ())
    page = on_its_own(qtbot, SummaryPage(outcome, "A session", 300_000))
    dones = []
    page.done.connect(lambda: dones.append(1))
    held(qtbot, page.finish, Qt.Key.Key_Escape)
    assert dones == [1]
