"""How far a running session got and how much of it played (``save_progress``), and what
``mark_interrupted`` makes of it, on a real SQLite file."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from painease.storage import SessionStore

T0 = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)


def test_interrupted_sessions_get_the_later_of_the_saved_position_and_the_last_sample(db):
    with SessionStore(db) as store:
        started = iter(T0 + timedelta(hours=h) for h in range(10))
        position_only = store.start_session("a", 1, 10, started_at=next(started))
        store.save_progress(position_only, 540_000, 530_000)  # 9 of 10 minutes, live off
        position_later = store.start_session("b", 1, 10, started_at=next(started))
        store.save_progress(position_later, 12_000, 12_000, [(3_000, 6.0)])
        store.save_progress(position_later, 14_000, 14_000)
        sample_later = store.start_session("c", 1, 10, started_at=next(started))
        store.save_progress(sample_later, 8_000, 8_000)
        store.add_live_samples(sample_later, [(9_500, 4.0)])  # a file made otherwise
        nothing = store.start_session("d", 1, 10, started_at=next(started))
    with SessionStore(db) as store:  # the next start, after the app died
        assert store.mark_interrupted() == [position_only, position_later, sample_later,
                                            nothing]
        elapsed = {sid: store.session(sid).elapsed_ms
                   for sid in (position_only, position_later, sample_later, nothing)}
        assert elapsed == {position_only: 540_000, position_later: 14_000,
                           sample_later: 9_500, nothing: None}
        assert store.session(position_only).played_ms == 530_000  # kept as last saved
        assert store.session(nothing).played_ms is None
        assert all(store.session(sid).outcome == "interrupted" for sid in elapsed)


def test_samples_and_position_are_saved_together_or_not_at_all(store):
    sid = store.start_session("s", 1, 10)
    store.save_progress(sid, 2_000, 2_000, [(1_000, 5.0)])
    with pytest.raises(ValueError, match="live rating"):
        store.save_progress(sid, 4_000, 4_000, [(3_000, 6.0), (3_500, 11.0)])
    with pytest.raises(ValueError, match="reached_ms"):
        store.save_progress(sid, -1, 4_000)
    assert [(s.t_ms, s.value) for s in store.live_samples(sid)] == [(1_000, 5.0)]
    store.mark_interrupted()
    assert store.session(sid).elapsed_ms == 2_000


def test_an_ended_session_keeps_its_end_whatever_a_late_mark_says(store):
    sid = store.start_session("s", 1, 10)
    store.save_progress(sid, 5_000, 5_000)
    store.end_session(sid, "completed", 600_000, played_ms=190_000)
    store.save_progress(sid, 7_000, 7_000)  # e.g. a second window's stale session
    session = store.session(sid)
    assert (session.outcome, session.elapsed_ms, session.played_ms) == (
        "completed", 600_000, 190_000)
    assert store.mark_interrupted() == []


def test_an_end_without_a_played_time_keeps_the_one_last_saved(store):
    sid = store.start_session("s", 1, 10)
    store.save_progress(sid, 5_000, 4_000)
    store.end_session(sid, "stopped_early", 5_100)
    assert store.session(sid).played_ms == 4_000


def test_a_position_mark_leaves_the_connection_syncing_every_commit(store):
    # A mark alone commits without waiting for the disk; ratings after it must not.
    sid = store.start_session("s", 1, 10)
    store.save_progress(sid, 1_000, 1_000)
    assert store.database.conn.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL
    with pytest.raises(ValueError, match="no session"):  # fails inside the transaction
        store.save_progress(sid + 1, 1_000, 1_000)
    assert store.database.conn.execute("PRAGMA synchronous").fetchone()[0] == 2
