"""While "End this session now?" is open the session waits: the guide stops talking and
the clock stops, so the patient can decide in peace. "Keep going" (or Esc again) carries
on from exactly there; a session paused before the question stays paused; "End now" ends
it where it stood. Driven through the real window, with the clock-only silent output.
"""

from __future__ import annotations

from PySide6.QtCore import Qt

from tests.ui.test_session_flow import find, shown, start_rated
from tests.waits import WORKER_WAIT_MS


def playing_player(qtbot, make_window, short_script):
    window = make_window(use_device=False)
    start_rated(qtbot, window, short_script, 5, 5, length_row=1)  # 12 s
    qtbot.waitUntil(lambda: shown(window, "caption"))
    session = window.flow.session
    qtbot.waitUntil(lambda: session.position_ms > 300, timeout=WORKER_WAIT_MS)
    return window, session


def held_still(qtbot, session) -> int:
    """The position once the pause has taken hold (the engine ramps down first), checked
    to stay put for a while."""
    qtbot.waitUntil(lambda: session.status().state == "paused", timeout=WORKER_WAIT_MS)
    here = session.position_ms
    qtbot.wait(300)
    assert session.position_ms == here, "the clock ran on while paused"
    return here


def test_the_question_pauses_the_session_and_keep_going_carries_on_from_there(
        qtbot, make_window, short_script):
    window, session = playing_player(qtbot, make_window, short_script)
    qtbot.keyClick(find(window, "play-pause"), Qt.Key.Key_Escape)
    assert shown(window, "stop-confirm")
    assert session.stage.value == "paused"
    here = held_still(qtbot, session)
    assert find(window, "play-pause").text() == "Continue"  # the page says so

    qtbot.mouseClick(find(window, "keep-going"), Qt.MouseButton.LeftButton)
    assert not shown(window, "stop-confirm")
    assert session.stage.value == "playing"
    assert session.position_ms >= here  # from where it was, not from the start
    qtbot.waitUntil(lambda: session.position_ms > here + 200, timeout=WORKER_WAIT_MS)
    assert find(window, "play-pause").text() == "Pause"


def test_esc_twice_carries_on_and_never_ends_the_session(qtbot, make_window, short_script):
    window, session = playing_player(qtbot, make_window, short_script)
    play = find(window, "play-pause")
    qtbot.keyClick(play, Qt.Key.Key_Escape)
    here = held_still(qtbot, session)
    qtbot.keyClick(find(window, "keep-going"), Qt.Key.Key_Escape)  # Esc again: never mind
    assert not shown(window, "stop-confirm")
    assert session.stage.value == "playing" and play.hasFocus()
    qtbot.waitUntil(lambda: session.position_ms > here + 200, timeout=WORKER_WAIT_MS)


def test_a_session_paused_before_the_question_stays_paused_after_it(qtbot, make_window,
                                                                     short_script):
    window, session = playing_player(qtbot, make_window, short_script)
    play = find(window, "play-pause")
    qtbot.keyClick(play, Qt.Key.Key_Space)
    here = held_still(qtbot, session)
    qtbot.keyClick(play, Qt.Key.Key_Escape)
    qtbot.mouseClick(find(window, "keep-going"), Qt.MouseButton.LeftButton)
    assert session.stage.value == "paused" and play.text() == "Continue"
    assert held_still(qtbot, session) == here
    # Esc twice, the same.
    qtbot.keyClick(play, Qt.Key.Key_Escape)
    qtbot.keyClick(find(window, "keep-going"), Qt.Key.Key_Escape)
    assert session.stage.value == "paused"


def test_continue_pressed_during_the_question_is_the_patients_choice(qtbot, make_window,
                                                                      short_script):
    """Pressing Continue while the question is open plays on; "Keep going" then leaves it
    playing rather than pausing it again."""
    window, session = playing_player(qtbot, make_window, short_script)
    play = find(window, "play-pause")
    qtbot.keyClick(play, Qt.Key.Key_Escape)
    qtbot.mouseClick(play, Qt.MouseButton.LeftButton)
    assert session.stage.value == "playing" and shown(window, "stop-confirm")
    qtbot.mouseClick(find(window, "keep-going"), Qt.MouseButton.LeftButton)
    assert session.stage.value == "playing"


def test_end_now_ends_the_session_where_the_question_stopped_it(qtbot, make_window,
                                                                short_script):
    window, session = playing_player(qtbot, make_window, short_script)
    qtbot.mouseClick(find(window, "stop-session"), Qt.MouseButton.LeftButton)
    here = held_still(qtbot, session)
    qtbot.mouseClick(find(window, "confirm-stop"), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: shown(window, "post-skip"))
    (row,) = window.store.sessions()
    assert row.outcome == "stopped_early" and row.elapsed_ms == here
