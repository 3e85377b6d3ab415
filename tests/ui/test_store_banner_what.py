"""The player's banner says what was not saved. It said "Your live ratings are not saved
yet" for any write that failed while a session played, even when the live rating was off
and what failed was the note that the session is playing without sound. Real session on
its silent clock, real SQLite file (a trigger refuses the one write), real player page."""

from __future__ import annotations

import pytest

from painease.session import FLUSH_SECONDS, GuidedSession
from painease.storage import SessionStore
from painease.ui.store_banner import store_banner_shown, store_banner_words
from tests.test_session import FakeClock, short_timeline

REFUSE_AUDIO_NOTE = ("CREATE TEMP TRIGGER refuse_audio_note BEFORE UPDATE OF audio_note ON "
                     "sessions BEGIN SELECT RAISE(ABORT, 'refused for this test'); END")


@pytest.fixture
def store(tmp_path):
    with SessionStore(tmp_path / "db.sqlite3") as store:
        yield store


def test_a_sound_note_that_cannot_be_saved_is_said_as_that_not_as_live_ratings(store):
    clock = FakeClock()
    session = GuidedSession(store, short_timeline(3.0), store.path.parent, 0.05,
                            use_device=False, clock=clock)
    session.begin()
    store.database.conn.execute(REFUSE_AUDIO_NOTE)
    session.submit_pre(5, 5)  # plays (silently); the note of that cannot be saved
    try:
        assert session.store_problem is not None
        assert store_banner_shown(session)  # not a busy file: said at once
        said = store_banner_words(session)
        assert said.startswith("The note that this session is playing without sound is not "
                               "saved yet")
        assert "live rating" not in said
        store.database.conn.execute("DROP TRIGGER refuse_audio_note")
        clock.now += FLUSH_SECONDS  # a failed note is tried again with the next flush
        session.tick()
        assert session.store_problem is None
    finally:
        session.close()
