"""The Summary says how much of a session played when steps were skipped, kindly, and
nothing extra when it was heard through; times in words ("0:40 of 5:00" read like clock
times) and the title in quotes, as Home's note on an interrupted session gives it."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from painease.session_outcome import Outcome
from painease.ui.summary_page import ended_text
from tests.ui.test_main_window import start_silent_session
from tests.ui.test_session_flow import find, shown
from tests.waits import WORKER_WAIT_MS

KIND = " Any time you give to this practice counts."


def ended(ended: str, elapsed_ms: int, played_ms: int | None) -> Outcome:
    return Outcome(1, ended, elapsed_ms, None, None, (), played_ms)


@pytest.mark.parametrize(("outcome", "expected"), [
    (ended("completed", 600_000, 600_000), "You finished “Body scan” (10 minutes)."),
    # A part heard twice (after going back) is more, never less, than the time reached.
    (ended("completed", 600_000, 700_000), "You finished “Body scan” (10 minutes)."),
    # Recorded before painease kept the time played: said as before.
    (ended("completed", 600_000, None), "You finished “Body scan” (10 minutes)."),
    # Skipped through: it reached the end, and how much of it played is said too.
    (ended("completed", 600_000, 190_000),
     f"You reached the end of “Body scan” (10 minutes) and listened to 3 minutes and "
     f"10 seconds of it.{KIND}"),
    # A skip of under 5 % of the time reached is not worth a sentence.
    (ended("completed", 600_000, 580_000), "You finished “Body scan” (10 minutes)."),
    (ended("stopped_early", 300_000, 300_500),
     f"You ended “Body scan” early, after 5 minutes of 10 minutes.{KIND}"),
    (ended("stopped_early", 300_000, 120_000),
     f"You ended “Body scan” early, after 5 minutes of 10 minutes and listened to 2 "
     f"minutes of it.{KIND}"),
])
def test_how_the_session_ended_and_how_much_of_it_played(outcome, expected):
    assert ended_text(outcome, "Body scan", 600_000) == expected


def test_pressing_next_to_the_last_step_is_said_on_the_summary(qtbot, make_window,
                                                               short_script):
    window = start_silent_session(qtbot, make_window, short_script)  # 12 s, three steps
    qtbot.waitUntil(lambda: shown(window, "caption"))
    caption = find(window, "caption")
    qtbot.mouseClick(find(window, "next-step"), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: caption.text() == "This is safe.", timeout=WORKER_WAIT_MS)
    qtbot.mouseClick(find(window, "next-step"), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: caption.text() == "Come back.", timeout=WORKER_WAIT_MS)
    qtbot.waitUntil(lambda: shown(window, "post-skip"), timeout=15_000)  # it plays out
    qtbot.mouseClick(find(window, "post-skip"), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: shown(window, "summary-ended"))
    text = find(window, "summary-ended").text()
    assert text.startswith("You reached the end of “A short test session” (12 seconds) and "
                           "listened to ")
    assert text.endswith(f"of it.{KIND}")
    [row] = window.store.sessions()
    assert (row.outcome, row.elapsed_ms) == ("completed", 12_000)
    assert row.played_ms < 6_000  # the last step and a moment of the first
