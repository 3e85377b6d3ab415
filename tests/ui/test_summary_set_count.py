"""The Summary's kind line is true for a session done for a set: it says whether the session
counts for the set (half or more heard: ``counts_for_set``), and never "counts" when it
does not. Real window, real SQLite file, silent output."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt

from painease.session_outcome import Outcome
from painease.ui.summary_page import ended_text
from tests.ui.test_home_set import store_set
from tests.ui.test_session_flow import find, rate, shown

ANY_TIME = " Any time you give to this practice counts."
# Said kindly, just after ending early: what happens next (the set keeps it), not the rule
# the patient fell short of ("a session counts once you have heard at least half of it",
# which read as pressure; the set card states the rule).
NOT_FOR_SET = (" Any time you give to this practice is worth it. This one does not count "
               "for your set, so the set keeps it for another time that suits you.")
FOR_SET = " Any time you give to this practice counts, and this one counts for your set."


def _outcome(ended: str, elapsed_ms: int, played_ms: int, for_set: bool | None) -> Outcome:
    return Outcome(1, ended, elapsed_ms, None, None, (), played_ms, for_set=for_set)


@pytest.mark.parametrize(("outcome", "kind"), [
    (_outcome("stopped_early", 60_000, 60_000, None), ANY_TIME),  # not done for a set
    (_outcome("stopped_early", 60_000, 60_000, False), NOT_FOR_SET),
    (_outcome("stopped_early", 360_000, 360_000, True), FOR_SET),
    (_outcome("completed", 600_000, 60_000, False), NOT_FOR_SET),  # skipped through
])
def test_the_kind_line_says_whether_the_session_counts_for_the_set(outcome, kind):
    assert ended_text(outcome, "Body scan", 600_000).endswith("." + kind)


def _start_set_session(qtbot, window):
    qtbot.mouseClick(find(window, "set-start"), Qt.MouseButton.LeftButton)
    rate(qtbot, window, "pre", 5, 6)
    qtbot.mouseClick(find(window, "pre-continue"), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: shown(window, "stop-session"))


def _stop_and_see_summary(qtbot, window) -> str:
    qtbot.mouseClick(find(window, "stop-session"), Qt.MouseButton.LeftButton)
    qtbot.mouseClick(find(window, "confirm-stop"), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: shown(window, "post-skip"))
    qtbot.mouseClick(find(window, "post-skip"), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: shown(window, "summary-ended"))
    return find(window, "summary-ended").text()


def test_a_set_session_stopped_at_once_is_not_said_to_count(qtbot, make_window, short_script,
                                                            preset):
    preset(welcome_seen=True)
    store_set(short_script, date.today())
    window = make_window(use_device=False)
    _start_set_session(qtbot, window)
    said = _stop_and_see_summary(qtbot, window)
    assert said.endswith(NOT_FOR_SET), said


def test_a_set_session_stopped_past_half_is_said_to_count_for_the_set(
        qtbot, make_window, short_script, preset):
    preset(welcome_seen=True)
    store_set(short_script, date.today())
    window = make_window(use_device=False)
    _start_set_session(qtbot, window)
    session = window.flow.session
    qtbot.waitUntil(lambda: session._played_ms() > 3_300, timeout=20_000)  # of 6 s
    said = _stop_and_see_summary(qtbot, window)
    assert said.endswith(FOR_SET), said
