"""The player's time line: what it shows as played and as left always adds up to the
session's length (the shown time played is rounded down to the second, and the time left
is the length less that), at the start, between seconds, and at the very end."""

from __future__ import annotations

from PySide6.QtCore import Qt

from painease.domain.vocabulary import progress_text
from tests.ui.test_session_flow import find, shown, start_rated
from tests.waits import WORKER_WAIT_MS

# The pause and each seek below are applied by the session's audio thread (the silent
# output, with no sound device) at its next block, ~43 ms on; the waits are for that to
# have happened, with the limit for work on another thread (tests/waits.py).


def test_played_and_left_add_up_to_the_length():
    ten_minutes = 600_000
    assert progress_text(0, ten_minutes) == "0:00 of 10:00 · 10:00 left"
    assert progress_text(40_500, ten_minutes) == "0:40 of 10:00 · 9:20 left"  # was 9:19
    assert progress_text(40_000, ten_minutes) == "0:40 of 10:00 · 9:20 left"
    assert progress_text(599_999, ten_minutes) == "9:59 of 10:00 · 0:01 left"
    assert progress_text(ten_minutes, ten_minutes) == "10:00 of 10:00 · 0:00 left"
    # A length between whole seconds is shown rounded down too, and still adds up.
    assert progress_text(0, 359_700) == "0:00 of 5:59 · 5:59 left"
    assert progress_text(359_650, 359_700) == "5:59 of 5:59 · 0:00 left"
    # Never more than the length, never less than nothing.
    assert progress_text(700_000, ten_minutes) == "10:00 of 10:00 · 0:00 left"
    assert progress_text(-5, ten_minutes) == "0:00 of 10:00 · 10:00 left"


def test_the_player_shows_time_that_adds_up(qtbot, make_window, short_script):
    window = make_window(use_device=False)
    start_rated(qtbot, window, short_script, 5, 5, length_row=1)  # 12 s
    qtbot.waitUntil(lambda: shown(window, "caption"), timeout=WORKER_WAIT_MS)
    page, session = window.flow.page, window.flow.session
    qtbot.keyClick(find(window, "play-pause"), Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: session.status().state == "paused", timeout=WORKER_WAIT_MS)
    page.timer.stop()  # the end must be shown, not acted on (the After page would come)
    rate = session.timeline.samplerate
    assert session.timeline.total_frames == 12 * rate
    seen = {}
    for ms in (0, 4_500, 11_900, 12_000):
        session.seek_frame(ms * rate // 1000)
        qtbot.waitUntil(lambda ms=ms: session.position_ms == ms, timeout=WORKER_WAIT_MS)
        page.refresh()
        seen[ms] = find(window, "time").text()
    assert seen == {0: "0:00 of 0:12 · 0:12 left",
                    4_500: "0:04 of 0:12 · 0:08 left",
                    11_900: "0:11 of 0:12 · 0:01 left",
                    12_000: "0:12 of 0:12 · 0:00 left"}
