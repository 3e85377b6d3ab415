"""How far a running session got and how much of it played, as the session saves them:
with live rating off too, on the flush's cadence, and never counting what was skipped.

A real store and a real player on its silent clock (see ``test_session``)."""

from __future__ import annotations

import sqlite3

import pytest

from painease.domain.vocabulary import listened_ms
from painease.session import FLUSH_SECONDS, Stage
from painease.storage import SessionStore
from tests.test_session import RATE, FakeClock, make, wait_for


@pytest.fixture
def store(tmp_path):
    with SessionStore(tmp_path / "db.sqlite3") as store:
        yield store


def saved(store, session_id) -> tuple[int | None, int | None]:
    """(reached_ms, played_ms) as committed, read through a connection of its own."""
    conn = sqlite3.connect(store.path)
    try:
        return conn.execute("SELECT reached_ms, played_ms FROM sessions WHERE id = ?",
                            (session_id,)).fetchone()
    finally:
        conn.close()


def paused_at(session, at_least_ms: int) -> int:
    """Play until ``at_least_ms``, pause, and return where the clock holds."""
    wait_for(lambda: session.position_ms >= at_least_ms)
    session.toggle()
    wait_for(lambda: session.status().state == "paused")
    return session.position_ms


def test_with_live_rating_off_the_flush_saves_how_far_it_got(store):
    clock = FakeClock()
    session = make(store, seconds=5.0, clock=clock)
    session.begin()
    sid = session.submit_pre(5, 5)
    try:
        held = paused_at(session, 300)
        clock.now = FLUSH_SECONDS - 0.1
        session.tick()
        assert saved(store, sid) == (None, None)  # not due yet
        clock.now = FLUSH_SECONDS
        session.tick()
        assert saved(store, sid) == (held, held)  # all of it played, nothing skipped
        # Paused, nothing new: later flushes write nothing at all.
        changes = store.database.conn.total_changes
        clock.now = 3 * FLUSH_SECONDS
        session.tick()
        assert store.database.conn.total_changes == changes
        # The app dies here; another start finds the session where it was.
        with SessionStore(store.path) as next_start:
            assert next_start.mark_interrupted() == [sid]
            interrupted = next_start.session(sid)
        assert (interrupted.elapsed_ms, interrupted.played_ms) == (held, held)
    finally:
        session.close()


def test_closing_mid_session_keeps_how_far_it_got(store):
    session = make(store, seconds=5.0)
    session.begin()
    sid = session.submit_pre(7, 7)
    held = paused_at(session, 400)
    session.close()  # the window was closed mid-session, live rating off
    assert store.mark_interrupted() == [sid]
    assert store.session(sid).elapsed_ms == held


def test_a_session_skipped_to_its_end_is_completed_with_the_time_it_played(store):
    session = make(store, seconds=5.0)
    session.begin()
    sid = session.submit_pre(6, 6)
    before_skip = paused_at(session, 300)
    session.seek_frame(round(3.5 * RATE))  # on past most of it
    session.toggle()
    wait_for(lambda: session.stage is Stage.POST_RATING, poll=session.tick)
    outcome = session.skip_post()
    row = store.session(sid)
    # It reached the end: completed at its full length; what played is what was heard
    # before the jump and the last 1.5 s, and nothing of the time spent paused.
    assert (row.outcome, row.elapsed_ms) == ("completed", 5000)
    assert row.played_ms == pytest.approx(before_skip + 1500, abs=2)
    assert outcome.played_ms == row.played_ms
    assert listened_ms(row.played_ms, row.elapsed_ms) == row.played_ms


def test_a_session_heard_through_played_all_of_it(store):
    session = make(store, seconds=1.5)
    session.begin()
    sid = session.submit_pre(6, 6)
    wait_for(lambda: session.stage is Stage.POST_RATING, poll=session.tick)
    session.skip_post()
    row = store.session(sid)
    assert (row.elapsed_ms, row.played_ms) == (1500, 1500)
    assert listened_ms(row.played_ms, row.elapsed_ms) is None


def test_closing_a_session_again_keeps_how_far_it_got(store):
    # close() releases the player after its flush; a second close() (the window closing
    # after the flow did) must not save the released player's zeros over that.
    session = make(store, seconds=5.0)
    session.begin()
    sid = session.submit_pre(5, 5)
    held = paused_at(session, 300)
    session.close()
    assert saved(store, sid)[0] == held
    kept = saved(store, sid)
    session.close()
    assert saved(store, sid) == kept
    assert store.mark_interrupted() == [sid]
    assert store.session(sid).elapsed_ms == held
