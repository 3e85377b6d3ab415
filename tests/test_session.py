"""The session state machine against a real store and a real player on its silent clock.

``use_device=False`` gives the player's clock-only output, which is paced in real time by
the same engine a device would drive, so these tests need no sound card and no Qt.
"""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta

import pytest

from painease.audio.player import Player
from painease.domain.script import FlexiblePause, Phase, Script, Step
from painease.domain.timeline import fit_to_frames
from painease.session import FLUSH_SECONDS, GuidedSession, SessionStateError, Stage
from painease.session_outcome import Change
from painease.storage import SessionStore, StoreError

RATE = 48_000


def short_timeline(seconds: float = 1.5):
    # One short line (spoken time is estimated at ≥ 1 s) and a flexible silence to fill.
    steps = [Step(phase=Phase.SAFETY, text="Line one.", pause=FlexiblePause(min=0.1, weight=1))]
    script = Script(format=1, id="tiny", title="Tiny", kind="relaxation", summary="s",
                    when_to_use="w", lengths=[seconds / 60], end_chime=False, steps=steps)
    return fit_to_frames(script, round(seconds * RATE), RATE)


class FakeClock:
    def __init__(self):
        self.now = 0.0

    def __call__(self):
        return self.now


@pytest.fixture
def store(tmp_path):
    with SessionStore(tmp_path / "db.sqlite3") as store:
        yield store


def settled_position(session: GuidedSession) -> int:
    """Where a session just paused stays: a block already on its way to the device still
    moves the clock after ``toggle()`` (one 2048-frame block is ~43 ms; a loaded machine
    once moved it 43 ms after the first read)."""
    last, since = session.position_ms, time.monotonic()
    while time.monotonic() - since < 0.3:
        time.sleep(0.02)
        if session.position_ms != last:
            last, since = session.position_ms, time.monotonic()
    return last


def make(store, seconds=1.5, **options):
    options.setdefault("use_device", False)
    session = GuidedSession(store, short_timeline(seconds), store.path.parent,
                            seconds / 60, **options)
    return session


def wait_for(predicate, timeout=5.0, poll=None):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if poll:
            poll()
        if predicate():
            return
        time.sleep(0.01)
    raise AssertionError("condition not reached in time")


def test_pre_rating_is_committed_before_the_player_exists(store, tmp_path):
    seen = {}

    def factory(*args, **kwargs):
        # A second connection sees only committed data: the rating must already be there.
        with SessionStore(tmp_path / "db.sqlite3") as other:
            (row,) = other.sessions()
            seen["ratings"] = other.ratings(row.id)
            seen["outcome"] = row.outcome
        return Player(*args, **kwargs)

    session = make(store, player_factory=factory)
    session.begin()
    session.submit_pre(6, 7, "tight back")
    try:
        assert seen["outcome"] == "in_progress"
        assert (seen["ratings"]["pre"].pain, seen["ratings"]["pre"].fear) == (6, 7)
        assert seen["ratings"]["pre"].note == "tight back"
        assert session.stage is Stage.PLAYING
    finally:
        session.close()


def test_a_full_session_ends_completed_and_stores_the_post_rating_and_journal(store):
    stages = []
    session = make(store)
    session.add_listener(stages.append)
    session.begin()
    sid = session.submit_pre(6, 8)
    wait_for(lambda: session.stage is Stage.POST_RATING, poll=session.tick)
    outcome = session.submit_post(3, 2, journal="It moved to my hip, then faded.")
    assert stages == [Stage.PRE_RATING, Stage.PLAYING, Stage.POST_RATING, Stage.DONE]
    row = store.session(sid)
    assert row.outcome == "completed"
    assert row.elapsed_ms == 1500
    assert row.audio_note == "played silently: this session was started without sound output"
    ratings = store.ratings(sid)
    assert (ratings["post"].pain, ratings["post"].fear) == (3, 2)
    (entry,) = store.journal_entries()
    assert (entry.session_id, entry.text) == (sid, "It moved to my hip, then faded.")
    assert outcome.pain == Change(6, 3) and outcome.fear == Change(8, 2)
    assert outcome.ended == "completed"


def test_live_ratings_carry_the_audio_clock_and_are_flushed_every_two_seconds(store):
    clock = FakeClock()
    session = make(store, seconds=3.0, clock=clock)
    session.begin()
    sid = session.submit_pre(5, 5)
    try:
        wait_for(lambda: session.position_ms >= 300)
        session.toggle()  # pause: the clock holds still, so the stamp is exact
        assert session.stage is Stage.PAUSED
        held = settled_position(session)
        t_ms, value = session.record_live(4.0)
        assert (t_ms, value) == (held, 4.0)
        clock.now = FLUSH_SECONDS - 0.1
        session.tick()
        assert store.live_samples(sid) == []  # not due yet
        clock.now = FLUSH_SECONDS
        session.tick()
        assert [(s.t_ms, s.value) for s in store.live_samples(sid)] == [(held, 4.0)]
    finally:
        session.close()


def test_a_live_rating_outside_0_to_10_is_refused_and_the_good_ones_are_still_saved(store):
    clock = FakeClock()
    session = make(store, seconds=3.0, clock=clock)
    session.begin()
    sid = session.submit_pre(5, 5)
    try:
        wait_for(lambda: session.position_ms >= 300)
        session.toggle()
        held = settled_position(session)
        session.record_live(3.0)
        for wrong in (10.5, 11, -0.5):
            with pytest.raises(ValueError, match="between 0 and 10"):
                session.record_live(wrong)
        session.record_live(10)  # both ends of the scale are ratings
        session.record_live(0)
        clock.now = FLUSH_SECONDS
        session.tick()
        assert [(s.t_ms, s.value) for s in store.live_samples(sid)] == [
            (held, 3.0), (held, 10.0), (held, 0.0)]
        session.stop_early()
        assert [value for _, value in session.skip_post().live] == [3.0, 10.0, 0.0]
    finally:
        session.close()


def test_stop_early_records_the_time_reached_and_post_rating_can_be_skipped(store):
    session = make(store, seconds=5.0)
    session.begin()
    sid = session.submit_pre(4, 6)
    wait_for(lambda: session.position_ms >= 400)
    session.toggle()
    reached = settled_position(session)
    session.stop_early()
    assert session.stage is Stage.POST_RATING
    outcome = session.skip_post()
    assert session.stage is Stage.DONE
    row = store.session(sid)
    assert (row.outcome, row.elapsed_ms) == ("stopped_early", reached)
    assert "post" not in store.ratings(sid)
    assert outcome.pain is None and outcome.elapsed_ms == reached


def test_stop_early_after_a_jump_ahead_records_the_position_reached_not_the_time_played(
        store):
    """"elapsed" is how far into the session it got on the audio clock, skipped parts
    included (the export codebook); ``played_ms`` is what actually played."""
    session = make(store, seconds=5.0)
    session.begin()
    sid = session.submit_pre(4, 6)
    wait_for(lambda: session.position_ms >= 200)
    session.seek_frame(3 * RATE)  # a jump ahead to 3 s
    wait_for(lambda: session.position_ms >= 3000)
    session.toggle()
    reached = settled_position(session)
    session.stop_early()
    outcome = session.skip_post()
    row = store.session(sid)
    assert (row.outcome, row.elapsed_ms, outcome.elapsed_ms) == (
        "stopped_early", reached, reached)
    # The jump is not counted as played: what played is well under the position reached.
    assert row.played_ms < reached - 2000


def test_live_ratings_after_going_back_are_summarised_in_the_order_of_the_session(store):
    session = make(store, seconds=5.0)
    session.begin()
    sid = session.submit_pre(6, 6)
    wait_for(lambda: session.position_ms >= 1500)
    later = session.record_live(3.0)
    session.seek_frame(RATE // 2)  # back to 0.5 s
    wait_for(lambda: session.position_ms < 1000)
    session.toggle()  # paused: the next rating is stamped before the first one
    earlier = session.record_live(5.0)
    assert earlier[0] < later[0]
    session.stop_early()
    outcome = session.skip_post()
    # What the summary reads equals what is stored (and what Insights reads): in time order.
    assert outcome.live == (earlier, later)
    assert [(s.t_ms, s.value) for s in store.live_samples(sid)] == [earlier, later]

def test_closing_mid_session_flushes_and_leaves_it_for_mark_interrupted(store):
    session = make(store, seconds=5.0)
    session.begin()
    sid = session.submit_pre(7, 7)
    wait_for(lambda: session.position_ms >= 200)
    session.record_live(6.0)
    session.close()
    assert store.session(sid).outcome == "in_progress"
    assert store.mark_interrupted() == [sid]
    assert [s.value for s in store.live_samples(sid)] == [6.0]


def test_calls_out_of_order_are_refused(store):
    session = make(store)
    with pytest.raises(SessionStateError):
        session.submit_pre(1, 1)
    session.begin()
    with pytest.raises(SessionStateError):
        session.stop_early()
    with pytest.raises(SessionStateError):
        session.submit_post(1, 1)
    with pytest.raises(ValueError):
        session.submit_pre(11, 1)
    assert store.sessions()[0].outcome == "in_progress"  # the row came first; no rating
    assert session.player is None


def test_change_in_points_and_percent():
    assert Change(8, 4).points == -4 and Change(8, 4).percent == -50.0
    assert Change(0, 2).percent is None


def fill_the_disk(store) -> None:
    """A full disk for the store's connection: the file may not grow by a page (SQLite's
    max_page_count gives the SQLITE_FULL error a full disk gives; see test_failures)."""
    conn = store.database.conn
    pages = conn.execute("PRAGMA page_count").fetchone()[0]
    conn.execute(f"PRAGMA max_page_count = {pages}")


def free_some_space(store) -> None:
    store.database.conn.execute("PRAGMA max_page_count = 1073741823")


def test_a_full_disk_before_the_session_loses_nothing_and_a_retry_starts_it(store):
    session = make(store, seconds=3.0)
    session.begin()
    fill_the_disk(store)
    long_note = "x" * 200_000  # needs new pages
    with pytest.raises(StoreError, match="disk is full"):
        session.submit_pre(6, 5, long_note)
    assert session.stage is Stage.PRE_RATING and session.player is None
    free_some_space(store)
    sid = session.submit_pre(6, 5, long_note)  # the same press again, once there is room
    try:
        assert [row.id for row in store.sessions()] == [sid]  # one row, not two
        assert store.ratings(sid)["pre"].pain == 6 and session.stage is Stage.PLAYING
    finally:
        session.close()


def test_live_ratings_whose_flush_fails_are_kept_and_saved_later(store):
    clock = FakeClock()
    session = make(store, seconds=3.0, clock=clock)
    session.begin()
    sid = session.submit_pre(5, 5)
    try:
        session.toggle()  # paused: the session waits while the disk is full
        fill_the_disk(store)
        for k in range(5000):
            session.record_live(float(k % 11))
        clock.now = FLUSH_SECONDS
        session.tick()  # the batch fails: kept, and said
        assert "disk is full" in session.store_problem.reason
        assert store.live_samples(sid) == [] and session.stage is Stage.PAUSED
        free_some_space(store)
        clock.now = 2 * FLUSH_SECONDS
        session.tick()
        assert session.store_problem is None
        assert [s.value for s in store.live_samples(sid)] == [float(k % 11)
                                                            for k in range(5000)]
    finally:
        session.close()


def stopped_on_a_full_disk(store, **options) -> tuple[GuidedSession, int, int]:
    """A session ended early while 5000 live ratings wait and the disk is full: (the
    session, its id, the time reached)."""
    session = make(store, seconds=5.0, **options)
    session.begin()
    sid = session.submit_pre(4, 6)
    wait_for(lambda: session.position_ms >= 200)
    session.toggle()
    reached = settled_position(session)
    fill_the_disk(store)
    for _ in range(5000):
        session.record_live(5.0)
    session.stop_early()  # the live batch (and so the end) cannot be saved: said, kept
    return session, sid, reached


def test_a_full_disk_at_the_end_is_saved_with_the_after_rating(store):
    session, sid, reached = stopped_on_a_full_disk(store)
    assert session.stage is Stage.POST_RATING and session.store_problem is not None
    assert store.session(sid).outcome == "in_progress"
    with pytest.raises(StoreError, match="disk is full"):
        session.submit_post(2, 3)
    assert session.stage is Stage.POST_RATING
    free_some_space(store)
    outcome = session.submit_post(2, 3)  # pressed again: everything goes in
    assert session.stage is Stage.DONE and session.store_problem is None
    row = store.session(sid)
    assert (row.outcome, row.elapsed_ms) == ("stopped_early", reached)
    assert store.ratings(sid)["post"].pain == 2 and len(store.live_samples(sid)) == 5000
    assert outcome.pain == Change(4, 2)


def test_skipping_the_after_rating_also_saves_an_end_that_failed(store):
    session, sid, _ = stopped_on_a_full_disk(store)
    with pytest.raises(StoreError):
        session.skip_post()
    free_some_space(store)
    session.skip_post()
    assert store.session(sid).outcome == "stopped_early" and session.stage is Stage.DONE



def test_closing_on_the_after_page_saves_an_end_that_failed(store):
    session, sid, reached = stopped_on_a_full_disk(store)
    free_some_space(store)
    session.close()  # the window closed instead of rating
    row = store.session(sid)
    assert (row.outcome, row.elapsed_ms) == ("stopped_early", reached)
    assert len(store.live_samples(sid)) == 5000
    assert store.mark_interrupted() == []  # the next start finds nothing unfinished

def test_a_session_another_window_marked_interrupted_still_ends_and_takes_its_rating(store):
    # With its lock file deleted, a second window started and marked this session
    # interrupted; ending it then raised ValueError and the page stayed on the player.
    session = make(store, seconds=5.0)
    session.begin()
    sid = session.submit_pre(5, 5)
    with SessionStore(store.path) as other_window:
        assert other_window.mark_interrupted() == [sid]
    session.stop_early()
    assert session.stage is Stage.POST_RATING and session.store_problem is None
    session.submit_post(3, 3)
    assert session.stage is Stage.DONE
    assert store.session(sid).outcome == "interrupted"  # that record stands
    assert store.ratings(sid)["post"].pain == 3


def test_an_end_saved_on_a_retry_keeps_the_time_the_session_ended(store):
    """The end waits (full disk) while the patient rates: the time stored is when the
    session ended, not when the retried save went through an hour later."""
    ended = datetime.now(UTC).replace(microsecond=0) + timedelta(minutes=1)
    clock = iter([ended, ended + timedelta(hours=1)])
    session, sid, _ = stopped_on_a_full_disk(store, now=lambda: next(clock))
    free_some_space(store)
    session.submit_post(2, 3)  # an hour later, by the computer's clock
    assert store.session(sid).ended_at == ended
    assert store.session(sid).outcome == "stopped_early"
