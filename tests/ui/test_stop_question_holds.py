"""While "End this session now?" is open the session stays where the question found it,
so "End now" ends there (``StopQuestion``). A keyboard probe found two ways it moved:
Home then Enter in the transcript went to the first line with the question open (the
session "ended early" at 0 s), and ←/→ with the focus on "Keep going" moved a step. Now
a line chosen in the transcript is not gone to while the question is open, and ←/→ go
between the question's two buttons. Real window, clock-only silent output.
"""

from __future__ import annotations

from PySide6.QtCore import Qt

from tests.ui.test_session_flow import find, shown
from tests.ui.test_stop_question import held_still, playing_player
from tests.waits import WORKER_WAIT_MS


def asked_at_the_second_step(qtbot, make_window, short_script):
    """The session on its second step, "End this session now?" open (Esc) and held."""
    window, session = playing_player(qtbot, make_window, short_script)
    page = window.flow.page
    qtbot.keyClick(page.play_pause, Qt.Key.Key_Right)
    qtbot.waitUntil(lambda: session.segment.step == 1, timeout=WORKER_WAIT_MS)
    qtbot.keyClick(page.play_pause, Qt.Key.Key_Escape)
    assert page.question.is_open and page.keep_going.hasFocus()
    return window, session, page, held_still(qtbot, session)


def test_a_line_chosen_in_the_transcript_waits_while_the_question_is_open(
        qtbot, make_window, short_script):
    window, session, page, here = asked_at_the_second_step(qtbot, make_window, short_script)
    transcript = page.transcript
    transcript.setFocus(Qt.FocusReason.BacktabFocusReason)  # Shift+Tab back to it
    qtbot.keyClick(transcript, Qt.Key.Key_Home)
    assert transcript.currentRow() == 0  # reading still moves
    qtbot.keyClick(transcript, Qt.Key.Key_Return)
    first = transcript.visualItemRect(transcript.item(0)).center()
    qtbot.mouseClick(transcript.viewport(), Qt.MouseButton.LeftButton, pos=first)
    qtbot.wait(100)
    page.poll()
    assert session.position_ms == here and session.segment.step == 1
    assert page.question.is_open and transcript.playing_row() == 1

    qtbot.mouseClick(find(window, "confirm-stop"), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: shown(window, "post-skip"))
    (row,) = window.store.sessions()
    assert row.outcome == "stopped_early" and row.elapsed_ms == here  # where it was asked


def test_left_and_right_go_between_the_questions_buttons_not_the_steps(
        qtbot, make_window, short_script):
    window, session, page, here = asked_at_the_second_step(qtbot, make_window, short_script)
    keep, stop = page.keep_going, page.confirm_stop
    qtbot.keyClick(keep, Qt.Key.Key_Right)
    assert stop.hasFocus()
    qtbot.keyClick(stop, Qt.Key.Key_Right)  # no further: it stays on "End now"
    assert stop.hasFocus()
    qtbot.keyClick(stop, Qt.Key.Key_Left)
    assert keep.hasFocus()
    qtbot.keyClick(keep, Qt.Key.Key_Left)
    assert keep.hasFocus()
    page.transcript.setFocus()
    qtbot.keyClick(page.transcript, Qt.Key.Key_Left)  # elsewhere: nothing moves either
    qtbot.wait(100)
    page.poll()
    assert session.position_ms == here and session.segment.step == 1
    assert page.question.is_open

    keep.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.keyClick(keep, Qt.Key.Key_Right)
    qtbot.keyClick(stop, Qt.Key.Key_Return)  # End now, where the question found it
    qtbot.waitUntil(lambda: shown(window, "post-skip"))
    (row,) = window.store.sessions()
    assert row.elapsed_ms == here


def test_after_keep_going_the_arrows_move_steps_again(qtbot, make_window, short_script):
    window, session, page, _ = asked_at_the_second_step(qtbot, make_window, short_script)
    qtbot.keyClick(page.keep_going, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not page.question.is_open)
    qtbot.keyClick(page.play_pause, Qt.Key.Key_Left)
    qtbot.waitUntil(lambda: session.segment.step == 0, timeout=WORKER_WAIT_MS)


def test_an_arrow_that_moved_nothing_leaves_the_reading_place_alone(
        qtbot, make_window, short_script):
    """←/→ in the transcript take the reading place along with the step they move; with
    the question open they move none, so the session moving on later (Space pressed
    meanwhile, the patient's choice) leaves a reader on the line they are reading."""
    window, session, page, _ = asked_at_the_second_step(qtbot, make_window, short_script)
    transcript = page.transcript
    transcript.setFocus(Qt.FocusReason.BacktabFocusReason)
    qtbot.keyClick(transcript, Qt.Key.Key_Home)  # reading the first line
    qtbot.keyClick(transcript, Qt.Key.Key_Right)  # moves nothing now
    qtbot.keyClick(transcript, Qt.Key.Key_Space)  # plays on, the question still open
    assert session.stage.value == "playing" and page.question.is_open
    session.seek_frame(session.timeline.step_starts()[2])  # as time passing would
    qtbot.waitUntil(lambda: transcript.playing_row() == 2)
    assert transcript.currentRow() == 0 and transcript.hasFocus()
