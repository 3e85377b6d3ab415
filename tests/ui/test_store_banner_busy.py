"""When the player's banner goes up for another program holding painease's data file.

Found by a clinician's read: with the session's saves waiting only 0.1 s for a busy file,
a backup tool or a painease command holding it a moment put the banner up mid-exercise,
for an exercise that works by lowering alarm. A busy file is said once two flushes in a
row could not save (``store_banner_shown``); other failures are said at once; the banner
goes once all is saved, and nothing waiting is forgotten meanwhile.

A real session on its silent clock and a real SQLite file; the other program is a
connection of its own in a thread (``tests.held_lock``); the flushes are moved on by a
fake clock, so which flush fails is exact."""

from __future__ import annotations

from painease.session import FLUSH_SECONDS
from painease.ui.store_banner import store_banner_shown, store_banner_words
from tests.held_lock import HeldLock
from tests.test_session import FakeClock, store  # noqa: F401 - the fixture
from tests.test_session_busy import started


def flush(session, clock) -> None:
    clock.now += FLUSH_SECONDS
    session.tick()


def test_a_busy_file_is_said_from_the_second_flush_in_a_row_that_cannot_save(
        store):  # noqa: F811
    clock = FakeClock()
    session, sid = started(store, clock)
    try:
        session.record_live(6.0)
        with HeldLock(store.path, seconds=20):
            flush(session, clock)
            assert session.store_problem.busy and session.store_failed == {"live"}
            assert not store_banner_shown(session)  # one flush: a moment's hold, unsaid
        flush(session, clock)  # saved: the count starts again
        assert session.store_problem is None
        session.record_live(7.0)
        with HeldLock(store.path, seconds=20):
            flush(session, clock)
            assert session.store_problem.busy and not store_banner_shown(session)
            session.record_live(8.0)
            flush(session, clock)  # a second in a row: said now
            assert store_banner_shown(session)
            assert store_banner_words(session) == (
                "Your live ratings are not saved yet: another program is using painease's "
                "data file. painease keeps them and tries again every few seconds. You "
                "can carry on with the session.")
            flush(session, clock)
            assert store_banner_shown(session)  # still said while it lasts
        assert [s.value for s in store.live_samples(sid)] == [6.0]
        flush(session, clock)
        assert not store_banner_shown(session) and session.store_problem is None
        assert [s.value for s in store.live_samples(sid)] == [6.0, 7.0, 8.0]
    finally:
        session.close()
