"""The player page in the moment after the sound has ended, before its timer has seen it.

The page's timer (every ``POLL_MS``) is what notices the end and moves on to the rating
after. A Pause (Space) or an "End session?" (Esc) pressed in between used to pause the
finished sound, so the session waited on Continue instead of completing; a Previous
pressed in between went back a step but stood still there while the page said it played
(or, a tick before the audio thread took it, the session completed all the same).
A Pause pressed in the last block, before the end, had the same effect (the block,
longer than the pause's fade, ended both). The page's timer is held while the key is
pressed, so the moment is certain. Real
window, through the real PortAudio library on the JACK rig and with the clock-only
silent output.
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel

from painease.audio.outputs import BLOCK_FRAMES
from tests.ui.test_session_flow import find, jack, shown, start_rated  # noqa: F401 - jack: a fixture
from tests.waits import WORKER_WAIT_MS


@pytest.fixture(params=["jack", "silent"])
def ended_unseen(request, qtbot, make_window, short_script):
    """A session whose sound has just ended, the page not yet told: (window, session)."""
    if request.param == "jack":
        request.getfixturevalue("jack")
        window = make_window()
    else:
        window = make_window(use_device=False)
    start_rated(qtbot, window, short_script, 5, 5, length_row=1)  # 12 s, 3 steps
    qtbot.waitUntil(lambda: shown(window, "caption"))
    session, page = window.flow.session, window.flow.page
    assert session.status().output == ("device" if request.param == "jack" else "silent")
    qtbot.waitUntil(lambda: session.position_ms > 300, timeout=WORKER_WAIT_MS)
    page.timer.stop()  # held: the end is not noticed until it runs again
    session.seek_frame(session.timeline.total_frames - session.timeline.samplerate // 5)
    qtbot.waitUntil(lambda: session.status().state == "ended", timeout=WORKER_WAIT_MS)
    assert session.stage.value == "playing"
    return window, session


@pytest.mark.parametrize("key", [Qt.Key.Key_Space, Qt.Key.Key_Escape], ids=["space", "esc"])
def test_pause_or_end_session_just_after_the_end_still_completes_it(qtbot, ended_unseen,
                                                                     key):
    window, session = ended_unseen
    page = window.flow.page
    qtbot.keyClick(find(window, "play-pause"), key)
    if window.flow.page is page:  # Esc goes on to the After page at once (test below)
        page.timer.start()
    qtbot.waitUntil(lambda: shown(window, "post-pain"), timeout=WORKER_WAIT_MS)
    assert session.ended == "completed"
    assert session.elapsed_ms == session.timeline.total_frames * 1000 // 48_000


def test_previous_just_after_the_end_plays_that_step_again(qtbot, ended_unseen):
    window, session = ended_unseen
    last = session.timeline.step_starts()[-1] * 1000 // session.timeline.samplerate
    page = window.flow.page
    qtbot.mouseClick(find(window, "previous-step"), Qt.MouseButton.LeftButton)
    page.poll()  # the page's tick, before the audio thread takes the seek
    assert session.stage.value == "playing", "the session ended all the same"
    page.timer.start()
    qtbot.waitUntil(lambda: last + 300 < session.position_ms < last + 2000,
                    timeout=WORKER_WAIT_MS)
    assert session.stage.value == "playing" and session.status().state == "playing"
    assert find(window, "play-pause").text() == "Pause"
    assert not shown(window, "post-pain")


def test_a_pause_in_the_last_block_still_completes_the_session(qtbot, make_window,
                                                                short_script):
    """The outputs' blocks (2048 frames) are longer than a pause's fade, so a pause asked
    in the last one fades out in the very block where the sound runs out. That used to
    leave the session paused at its end, waiting on Continue. The silent clock runs slowed
    down here, so the pause surely comes between the last two blocks."""
    window = make_window(use_device=False, silent_speed=0.1)  # a block every 0.43 s
    start_rated(qtbot, window, short_script, 5, 5, length_row=1)
    qtbot.waitUntil(lambda: shown(window, "caption"))
    session = window.flow.session
    engine = session.player.engine
    assert engine.rate == session.timeline.samplerate
    qtbot.waitUntil(lambda: engine.state.value == "playing", timeout=WORKER_WAIT_MS)
    end = session.timeline.total_frames
    session.seek_frame(end - 1500 - BLOCK_FRAMES)  # one block to fade out, one to play
    qtbot.waitUntil(lambda: end - BLOCK_FRAMES <= engine.position < end,
                    timeout=WORKER_WAIT_MS)  # the next block is the last one
    at = engine.position
    qtbot.keyClick(find(window, "play-pause"), Qt.Key.Key_Space)
    assert engine.position == at, "the last block ran before the pause was asked"
    qtbot.waitUntil(lambda: shown(window, "post-pain"), timeout=WORKER_WAIT_MS)
    assert session.ended == "completed"


@pytest.mark.parametrize("how", ["esc", "button"])
def test_ending_the_session_once_its_sound_has_ended_records_it_completed(
        qtbot, ended_unseen, how):
    """The reviewer's case: Esc or End session pressed as the closing chime ends (on the
    device its last moments still play out, ~130 ms). Every word was heard: nothing is
    asked, the After page follows at once, and the session is kept as completed, its
    whole length reached and all it played counted."""
    window, session = ended_unseen
    played = session.player.played_frames * 1000 // session.timeline.samplerate
    if how == "esc":
        qtbot.keyClick(find(window, "play-pause"), Qt.Key.Key_Escape)
    else:
        qtbot.mouseClick(find(window, "stop-session"), Qt.MouseButton.LeftButton)
    assert not shown(window, "stop-confirm"), "asked whether to end a session already played"
    assert shown(window, "post-pain"), "the After page did not follow at once"
    total_ms = session.timeline.total_frames * 1000 // session.timeline.samplerate
    row = window.store.session(session.session_id)
    assert (row.outcome, row.elapsed_ms, row.played_ms) == ("completed", total_ms, played)
    said = " ".join(text.text() for text in window.flow.page.findChildren(QLabel))
    assert "early" not in said, said


def test_the_page_shows_the_whole_session_played_before_the_after_page(qtbot, ended_unseen):
    """While the device plays out the end (~130 ms on the rig), the page's ticks show the
    time reaching the session's length: its clock reaches the total once the latency has
    played out, two blocks before the session is finished and the After page comes. (It
    stayed 43 ms short, "0:11 of 0:12 · 0:01 left", to the last.)"""
    window, session = ended_unseen
    page = window.flow.page
    qtbot.waitUntil(lambda: session.player.finished, timeout=WORKER_WAIT_MS)
    page.refresh()  # what a tick shows then, before the next one moves on
    assert page.progress.value() == page.progress.maximum()
    assert page.time.text() == "0:12 of 0:12 · 0:00 left"
