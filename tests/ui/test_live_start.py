"""Where the live rating started. The player's slider starts at the pain rated before; only
the patient's moves are stored (a live sample is a move). The Summary and Insights draw the
start apart from the moves (a dashed lead-in from the before-rating at 0:00) and say it in
words; a live rating never moved is said plainly; and a session whose slider was never
moved stays out of the phase-shift analysis. Real window, real store, offscreen."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from datetime import UTC, datetime, timedelta

import pytest
from PySide6.QtCore import Qt

from painease import paths
from painease.storage import SessionStore
from tests.insights_history import add_session
from tests.ui.insights_view import open_insights
from tests.ui.test_main_window import end_early_to_the_summary, start_silent_session
from tests.ui.test_session_flow import find, shown, start_rated
from tests.waits import WORKER_WAIT_MS

# Long enough for a safety part to count in the phase-shift analysis (30 s windows, at least
# half of the one after the start played), reached quickly with "Next" (→).
LONG_SCRIPT = """\
format = 1
id = "ui-test-long"
title = "A longer test session"
kind = "somatic-tracking"
summary = "Three long parts, for tests."
when_to_use = "In tests."
lengths = [1.5]
ambience = "soft-rain"
end_chime = false

[[steps]]
phase = "settle"
text = "Settle in."
pause = { min = 25, weight = 1 }

[[steps]]
phase = "safety"
text = "This is safe."
pause = { min = 25, weight = 1 }

[[steps]]
phase = "closing"
text = "Come back."
pause = { min = 5, weight = 1 }
"""


def y_of(curve, value: float) -> float:
    plot = curve.plot_rect()
    return plot.top() + plot.height() * (1 - value / 10)


def test_a_live_rating_never_moved_is_said_plainly_and_nothing_is_stored(
        qtbot, make_window, preset, short_script):
    preset(live_rating=True, welcome_seen=True)
    window = start_silent_session(qtbot, make_window, short_script)  # rated 3 before
    qtbot.waitUntil(lambda: shown(window, "live-rating"))
    assert find(window, "live-rating").value() == 3
    session = window.flow.session
    qtbot.waitUntil(lambda: session.position_ms > 300, timeout=WORKER_WAIT_MS)
    end_early_to_the_summary(qtbot, window)  # the after-rating skipped

    (row,) = window.store.sessions()
    assert window.store.live_samples(row.id) == []  # a live sample is a move: none made
    assert find(window, "live-reading").text() == (
        "You left the live rating where it started, at 3.")
    curve = find(window, "live-curve")
    assert curve.isVisible() and curve.steps() == []  # no move drawn as one
    lead = curve.lead_in()  # the start alone, dashed, from 0:00 to the end
    plot = curve.plot_rect()
    assert lead[0].x() == pytest.approx(plot.left())
    assert lead[-1].x() == pytest.approx(plot.right())
    assert {round(p.y()) for p in lead} == {round(y_of(curve, 3))}
    assert "started at 3" in curve.accessibleDescription()
    assert "not moved" in curve.accessibleDescription()
    assert "dashed" in find(window, "live-key").text()


def test_a_first_move_late_in_the_session_is_drawn_after_where_it_started(
        qtbot, make_window, preset, short_script):
    preset(live_rating=True, welcome_seen=True)
    window = start_silent_session(qtbot, make_window, short_script)  # 12 s, rated 3 before
    qtbot.waitUntil(lambda: shown(window, "live-rating"))
    session = window.flow.session
    qtbot.waitUntil(lambda: session.position_ms > 2500, timeout=WORKER_WAIT_MS)
    qtbot.keyClick(find(window, "play-pause"), Qt.Key.Key_Down)  # 3 → 2
    end_early_to_the_summary(qtbot, window)

    (row,) = window.store.sessions()
    (move,) = window.store.live_samples(row.id)
    assert move.value == 2.0 and move.t_ms >= 2500  # the move only, not the start
    curve = find(window, "live-curve")
    plot = curve.plot_rect()
    x_move = plot.left() + plot.width() * move.t_ms / curve.end_ms
    lead = curve.lead_in()  # dashed: 3 from 0:00 until the move, then down to it
    assert [(round(p.x()), round(p.y())) for p in lead] == [
        (round(plot.left()), round(y_of(curve, 3))), (round(x_move), round(y_of(curve, 3))),
        (round(x_move), round(y_of(curve, 2)))]
    steps = curve.steps()  # solid: what the patient set, from the move on
    assert steps[0].x() == pytest.approx(x_move) and steps[0].y() == pytest.approx(
        y_of(curve, 2))
    assert curve.accessibleDescription().startswith(
        "The slider started at 3 (your pain before the session), drawn dashed; you moved "
        "it to 2 at 0:0")
    assert find(window, "live-reading").text().startswith(
        "Your live rating started at 3 (your pain before the session) and went to 2 after one "
        "change; it was lowest (2) ")


def test_without_live_rating_there_is_no_curve_and_no_live_words(qtbot, make_window, preset,
                                                                 short_script):
    preset(live_rating=False, welcome_seen=True)
    window = start_silent_session(qtbot, make_window, short_script)
    end_early_to_the_summary(qtbot, window)
    (row,) = window.store.sessions()
    assert window.store.live_samples(row.id) == []
    assert not shown(window, "live-curve") and not shown(window, "live-reading")


def run_long_session(qtbot, window, *, move: bool) -> int:
    """Rated 6 before; on to the safety part and past it with "Next", then ended early.
    ``move``: one move (6 → 5) in the settling part, before safety begins."""
    start_rated(qtbot, window, "ui-test-long", 6, 6)
    qtbot.waitUntil(lambda: shown(window, "caption"))
    play, caption = find(window, "play-pause"), find(window, "caption")
    session = window.flow.session
    if move:
        qtbot.waitUntil(lambda: session.position_ms > 300, timeout=WORKER_WAIT_MS)
        qtbot.keyClick(play, Qt.Key.Key_Down)
    qtbot.keyClick(play, Qt.Key.Key_Right)
    qtbot.waitUntil(lambda: caption.text() == "This is safe.", timeout=WORKER_WAIT_MS)
    qtbot.keyClick(play, Qt.Key.Key_Right)
    qtbot.waitUntil(lambda: caption.text() == "Come back.", timeout=WORKER_WAIT_MS)
    sid = session.session_id
    end_early_to_the_summary(qtbot, window)
    qtbot.mouseClick(find(window, "summary-done"), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: shown(window, "home-start"))
    return sid


def test_an_untouched_live_rating_stays_out_of_the_phase_shift_analysis(
        qtbot, make_window, preset, painease_home):
    (painease_home / "scripts").mkdir(parents=True, exist_ok=True)
    (painease_home / "scripts" / "ui-test-long.toml").write_text(LONG_SCRIPT)
    preset(live_rating=True, welcome_seen=True)
    window = make_window(use_device=False)
    untouched = run_long_session(qtbot, window, move=False)
    store = window.store
    assert store.live_samples(untouched) == []
    # Its safety part was reached and played on for long enough to count, had a rating
    # been given before it: only the lack of one keeps it out.
    safety = dict((phase, t) for t, phase in store.phase_marks(untouched))["safety"]
    assert store.session(untouched).elapsed_ms >= safety + 15_000
    assert store.phase_shift_summary("safety").n_sessions == 0
    assert store.phase_shift_summary("positive-affect").n_sessions == 0
    view = open_insights(qtbot, window)
    assert view.readings["phases"].text() == ""

    # The same session with one move before safety does count: the analysis sees moves.
    moved = run_long_session(qtbot, window, move=True)
    assert [s.value for s in store.live_samples(moved)] == [5.0]
    shift = store.phase_shift_summary("safety")
    assert shift.n_sessions == 1 and shift.n_events == 1
    # The per-session shift table says the same: no usable phase start without a move.
    with closing(sqlite3.connect(paths.database_path())) as conn:
        rows = dict(conn.execute(
            "SELECT session_id, n_events FROM session_phase_shifts WHERE phase = 'safety'"))
    assert rows == {untouched: 0, moved: 1}


def test_insights_draws_the_start_dashed_and_says_it(qtbot, make_window):
    # Rated 6 before; the one move, to 4, nine minutes in.
    with SessionStore(paths.database_path()) as store:
        add_session(store, datetime.now(UTC) - timedelta(hours=2), pre=(6, 7), post=(4, 3),
                    live=[(540_000, 4.0)], elapsed_ms=720_000)
    view = open_insights(qtbot, make_window(use_device=False))
    chart = view.charts["session"]
    (lead,) = [item for item in chart.item.items
               if getattr(item, "name", lambda: None)() == "Where it started (pain before)"]
    xs, ys = lead.getData()
    assert list(xs) == pytest.approx([0.0, 9.0, 9.0]) and list(ys) == [6.0, 6.0, 4.0]
    assert lead.opts["pen"].style() == Qt.PenStyle.DashLine
    assert view.readings["session"].text().startswith(
        "Your live rating started at 6 (your pain before the session) and went to 4 after one "
        "change; it was lowest (4) ")
    assert chart.accessibleDescription() == view.readings["session"].text()
