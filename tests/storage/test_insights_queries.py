"""Insights queries on a real SQLite file: points, phase marks, live traces, the shift cache."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from datetime import UTC, datetime, timedelta

import numpy as np
import pytest

from painease.audio.player import Player
from painease.domain.readings import phase_reading
from painease.domain.script import FlexiblePause, Phase, Script, Step
from painease.domain.timeline import fit_to_frames
from painease.session import GuidedSession
from painease.storage import SessionStore

T0 = datetime(2024, 5, 1, 8, 0, tzinfo=UTC)


@pytest.fixture
def store(tmp_path):
    with SessionStore(tmp_path / "painease.sqlite3") as s:
        yield s


def session_with_trace(store, started_at, samples, marks, end=True):
    sid = store.start_session("somatic", 1, 10, started_at=started_at)
    store.save_phase_marks(sid, marks)
    store.add_live_samples(sid, samples)
    if end:
        store.end_session(sid, "completed", 600_000, ended_at=started_at + timedelta(minutes=10))
    return sid


def test_insight_points_join_ratings_and_keep_missing_as_none(store):
    a = store.start_session("breathing", 1, 5, started_at=T0 + timedelta(days=1))
    store.save_rating(a, "pre", 0, 4)
    store.end_session(a, "stopped_early", 42_000)
    b = store.start_session("somatic", 2, 10, started_at=T0)
    store.save_rating(b, "pre", 7, 6)
    store.save_rating(b, "post", 4, 2)
    store.end_session(b, "completed", 600_000)
    c = store.start_session("somatic", 2, 10, started_at=T0 + timedelta(days=2))  # unrated

    first, second, third = store.insight_points()  # ordered by start, not by id
    assert (first.id, second.id, third.id) == (b, a, c)
    assert (first.pre_pain, first.pre_fear, first.post_pain, first.post_fear) == (7, 6, 4, 2)
    assert (second.pre_pain, second.pre_fear) == (0, 4)  # 0 is an answer
    assert (second.post_pain, second.post_fear) == (None, None)  # skipped is None
    assert (third.pre_pain, third.outcome, third.elapsed_ms) == (None, "in_progress", None)
    assert first.started_at == T0 and first.started_at.tzinfo is not None
    assert (first.script_id, first.length_minutes, first.elapsed_ms) == ("somatic", 10, 600_000)

    window = store.insight_points(since=T0 + timedelta(days=1), until=T0 + timedelta(days=2))
    assert [p.id for p in window] == [a]  # since inclusive, until exclusive
    with pytest.raises(ValueError, match="timezone-aware"):
        store.insight_points(since=datetime(2024, 1, 1))


def test_insight_points_is_one_query(store):
    for day in range(5):
        sid = store.start_session("s", 1, 10, started_at=T0 + timedelta(days=day))
        store.save_rating(sid, "pre", 5, 5)
    statements = []
    store.database.conn.set_trace_callback(statements.append)  # the store's own connection
    try:
        assert len(store.insight_points()) == 5
    finally:
        store.database.conn.set_trace_callback(None)
    assert len(statements) == 1 and statements[0].startswith("SELECT")


def test_phase_marks_and_live_trace_round_trip(store):
    sid = session_with_trace(store, T0, [(1500, 4.0), (0, 6.0), (3000, 2.5)],
                             [(30_000, "safety"), (0, "settle")])
    assert store.phase_marks(sid) == [(0, "settle"), (30_000, "safety")]
    trace = store.live_trace(sid)
    assert trace.t_ms.dtype == np.int64 and list(trace.t_ms) == [0, 1500, 3000]
    assert list(trace.value) == [6.0, 4.0, 2.5]
    assert trace.marks == [(0, "settle"), (30_000, "safety")]
    empty = store.start_session("s", 1, 10)
    assert len(store.live_trace(empty).t_ms) == 0 and store.phase_marks(empty) == []
    with pytest.raises(ValueError, match="no session"):
        store.live_trace(9999)
    with pytest.raises(ValueError, match="phase name"):
        store.save_phase_marks(sid, [(10, "")])
    with pytest.raises(ValueError, match="t_ms"):
        store.save_phase_marks(sid, [(-1, "safety")])


def test_phase_shift_summary_matches_the_domain_and_is_cached(store):
    # Same traces as the domain test: shifts -1.5 and -1.0 with a 20 s window
    one = session_with_trace(store, T0, [(0, 6), (20_000, 5), (40_000, 3)],
                             [(0, "settle"), (30_000, "safety")])
    two = session_with_trace(store, T0 + timedelta(days=1), [(0, 4), (50_000, 4), (60_000, 2)],
                             [(10_000, "safety"), (40_000, "attention"), (60_000, "safety")])
    shift = store.phase_shift_summary("safety", window_s=20)
    assert shift.n_sessions == 2 and shift.n_events == 3
    assert shift.mean == pytest.approx(-1.25)
    assert sorted(shift.per_session) == pytest.approx([-1.5, -1.0])

    conn = sqlite3.connect(store.path)
    try:
        rows = conn.execute("SELECT session_id, window_ms, n_events FROM session_phase_shifts"
                            " WHERE phase = 'safety' ORDER BY window_ms, session_id").fetchall()
    finally:
        conn.close()
    # 30 s rows were written when each session ended; 20 s rows by the summary above
    assert rows == [(one, 20_000, 1), (two, 20_000, 2), (one, 30_000, 1), (two, 30_000, 2)]

    only_second = store.phase_shift_summary("safety", since=T0 + timedelta(hours=1), window_s=20)
    assert only_second.n_sessions == 1 and only_second.mean == pytest.approx(-1.0)


def test_missing_cache_rows_are_recomputed_and_running_sessions_are_not_cached(store):
    sid = session_with_trace(store, T0, [(0, 6), (20_000, 5), (40_000, 3)],
                             [(30_000, "safety")])
    store.database.conn.execute("DELETE FROM session_phase_shifts")  # as after an old version
    running = session_with_trace(store, T0 + timedelta(days=1), [(0, 8), (40_000, 6)],
                                 [(30_000, "safety")], end=False)
    shift = store.phase_shift_summary("safety", window_s=20)
    # sid: -1.5 as above; running: its end is not known yet, so its last sample (40 s) stands
    # for it: before [10,30) = 8, after cut to [30,40) (half the window, enough) = 8 -> 0
    assert sorted(shift.per_session) == pytest.approx([-1.5, 0.0])
    query = "SELECT session_id FROM session_phase_shifts"
    cached = {r[0] for r in store.database.conn.execute(query)}
    assert cached == {sid}
    store.add_live_samples(running, [(45_000, 0.0), (50_000, 0.0)])  # still arriving: seen
    # after [30,50) = 8 for 10 s, 6 for 5 s, 0 for 5 s -> 5.5; shift -2.5
    assert sorted(store.phase_shift_summary("safety", window_s=20).per_session) == (
        pytest.approx([-2.5, -1.5]))
    with pytest.raises(ValueError, match="phase must be"):
        store.phase_shift_summary("closing")


PLANNED = [(0, "settle"), (60_000, "attention"), (180_000, "safety"),
           (330_000, "positive-affect"), (480_000, "closing")]  # a whole 10-min timeline


def test_parts_a_session_never_reached_do_not_count(store):
    """The marks are the whole planned timeline; a session that ended before safety (3:00)
    and curiosity and ease (5:30) began has no shift there, cached or not."""
    for day in range(3):  # stopped early at 2:00; rating 6, then 5 from 1:00
        sid = session_with_trace(store, T0 + timedelta(days=day),
                                 [(10_000, 6), (60_000, 5)], PLANNED, end=False)
        store.end_session(sid, "stopped_early", 120_000)
    for day in range(3, 6):  # the app died at about 1:00 (and its session is left running)
        session_with_trace(store, T0 + timedelta(days=day), [(10_000, 6), (60_000, 5)],
                           PLANNED, end=False)
    assert len(store.mark_interrupted()) == 3  # elapsed = the last sample's time, 1:00
    for phase in ("safety", "positive-affect"):
        shift = store.phase_shift_summary(phase)
        assert (shift.n_sessions, shift.n_events, shift.mean) == (0, 0, None)
        assert phase_reading(shift) == ""
    rows = store.database.conn.execute(
        "SELECT count(*), n_events, shift FROM session_phase_shifts"
        " WHERE phase IN ('safety', 'positive-affect') GROUP BY n_events, shift").fetchall()
    assert rows == [(12, 0, None)]  # six sessions x two phases cached, none usable

    # Three completed sessions whose rating fell 6 -> 4 at the safety start: before
    # [2:30, 3:00) = 6, after [3:00, 3:30) = 4 -> -2 each; curiosity and ease at 5:30:
    # 4 before and after -> 0.
    for day in range(10, 13):
        session_with_trace(store, T0 + timedelta(days=day),
                           [(100_000, 6), (180_000, 4), (330_000, 4)], PLANNED)
    # Stopped 10 s after safety began: a third of the 30 s window, too little -> not counted.
    # Stopped 20 s after: two thirds, counted: before 6, after [3:00, 3:20) = 3 -> -3.
    for day, stop, low in ((13, 190_000, 2), (14, 200_000, 3)):
        sid = session_with_trace(store, T0 + timedelta(days=day),
                                 [(100_000, 6), (180_000, low)], PLANNED, end=False)
        store.end_session(sid, "stopped_early", stop)
    safety = store.phase_shift_summary("safety")
    assert (safety.n_sessions, safety.n_events) == (4, 4)
    assert sorted(safety.per_session) == pytest.approx([-3.0, -2.0, -2.0, -2.0])
    assert safety.mean == pytest.approx(-2.25)  # (-2 * 3 - 3) / 4
    three = store.phase_shift_summary("safety", until=T0 + timedelta(days=13))
    assert (three.n_sessions, three.mean, three.sd) == (3, pytest.approx(-2.0),
                                                        pytest.approx(0.0))
    assert phase_reading(three) == (
        "In the half-minute after each “Safety” part began, your live pain rating was on "
        "average 2.0 points lower than in the half-minute before (3 sessions, much the same "
        "in each). That is only a few sessions, so treat it lightly.")
    ease = store.phase_shift_summary("positive-affect")
    assert (ease.n_sessions, ease.mean) == (3, pytest.approx(0.0))


def test_guided_session_writes_phase_marks_with_the_session_row(store, tmp_path):
    rate = 48_000
    steps = [Step(phase=Phase.SETTLE, text="Arrive.", pause=FlexiblePause(min=0.1, weight=1)),
             Step(phase=Phase.SAFETY, text="It is safe.", pause=FlexiblePause(min=0.1, weight=1))]
    script = Script(format=1, id="tiny", title="Tiny", kind="relaxation", summary="s",
                    when_to_use="w", lengths=[0.05], end_chime=False, steps=steps)
    timeline = fit_to_frames(script, 3 * rate, rate)
    safety_start = next(s.start for s in timeline.segments if s.phase is Phase.SAFETY)
    seen = {}

    def factory(*args, **kwargs):
        with SessionStore(tmp_path / "painease.sqlite3") as other:  # sees committed data only
            (row,) = other.sessions()
            seen["marks"] = other.phase_marks(row.id)
        return Player(*args, **kwargs)

    session = GuidedSession(store, timeline, tmp_path, 0.05, use_device=False,
                            player_factory=factory)
    session.begin()
    sid = session.submit_pre(5, 5)
    session.close()
    expected = [(0, "settle"), (safety_start * 1000 // rate, "safety")]
    assert seen["marks"] == expected and store.phase_marks(sid) == expected


def test_storage_import_does_not_load_numpy():
    # The app opens the store at start-up; numpy loads only with the insights (or a session).
    code = "import sys, painease.storage, painease.session; print('numpy' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout
    assert out.strip() == "False"


def test_a_database_from_before_phase_marks_upgrades_in_place(tmp_path):
    from painease.storage import SCHEMA_VERSION, migrations

    path = tmp_path / "old.sqlite3"
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute(f"PRAGMA application_id = {migrations.APPLICATION_ID}")
    # every step before the one that added session_phases
    before = next(i for i, step in enumerate(migrations.MIGRATIONS)
                  if step is migrations._PHASES)
    migrations.migrate(conn, migrations.MIGRATIONS[:before])
    conn.execute("INSERT INTO sessions (script_id, script_version, length_minutes, started_at)"
                 " VALUES ('old', 1, 10, '2024-01-01T08:00:00.000Z')")
    conn.close()
    with SessionStore(path) as store:
        (old,) = store.insight_points()
        assert (old.script_id, old.pre_pain) == ("old", None)
        assert store.phase_marks(old.id) == []
        assert store.phase_shift_summary("safety").n_sessions == 0
    conn = sqlite3.connect(path)
    try:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    finally:
        conn.close()
