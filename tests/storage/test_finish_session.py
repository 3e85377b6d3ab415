"""SessionStore.finish_session: the end of a session and what its After page confirmed, in
one transaction on a real SQLite file (a kill in the middle: tests/test_session_kill.py)."""

from __future__ import annotations

import pytest

from painease.storage import SessionStore, StoreError


def started(store: SessionStore) -> int:
    sid = store.start_session("body-scan", 1, 10)
    store.save_rating(sid, "pre", 7, 6, note="before")
    return sid


def nothing_after_the_start(store: SessionStore, sid: int) -> None:
    row = store.session(sid)
    assert (row.outcome, row.elapsed_ms, row.ended_at) == ("in_progress", None, None)
    assert set(store.ratings(sid)) == {"pre"}
    assert store.live_samples(sid) == [] and store.journal_entries() == []


def test_every_part_is_stored_as_its_own_method_stores_it(store):
    sid = started(store)
    entry = store.finish_session(sid, samples=[(500, 6.0), (1500, 4.5)],
                                 end=("stopped_early", 2000, 1800), post=(2, 1, "  "),
                                 journal="It eased.")
    row = store.session(sid)
    assert (row.outcome, row.elapsed_ms, row.played_ms) == ("stopped_early", 2000, 1800)
    assert row.ended_at is not None
    post = store.ratings(sid)["post"]
    assert (post.pain, post.fear, post.note) == (2, 1, None)  # a blank note is None
    assert [(s.t_ms, s.value) for s in store.live_samples(sid)] == [(500, 6.0), (1500, 4.5)]
    (journal,) = store.journal_entries()
    assert (journal.id, journal.session_id, journal.text) == (entry, sid, "It eased.")


def test_with_nothing_to_save_nothing_is_written(store):
    sid = started(store)
    assert store.finish_session(sid) is None
    nothing_after_the_start(store, sid)


@pytest.mark.parametrize(("parts", "message"), [
    ({"post": (11, 1, None)}, "pain must be between 0 and 10"),
    ({"post": (1, -1, None)}, "fear must be between 0 and 10"),
    ({"journal": "   "}, "a journal entry needs some text"),
    ({"end": ("finished", 10, None)}, "outcome must be 'completed' or 'stopped_early'"),
    ({"end": ("completed", -5, None)}, "elapsed_ms must be at least 0"),
    ({"samples": [(0, 3.0), (10, 11.0)]}, "live rating must be between 0 and 10"),
])
def test_one_bad_part_writes_none_of_the_others(store, parts, message):
    sid = started(store)
    every = {"samples": [(100, 5.0)], "end": ("completed", 1000, 1000),
             "post": (3, 2, "after"), "journal": "Noticed warmth."}
    with pytest.raises(ValueError, match=message):
        store.finish_session(sid, **{**every, **parts})
    nothing_after_the_start(store, sid)


def test_an_unknown_session_is_refused(store):
    with pytest.raises(ValueError, match="no session with id 99"):
        store.finish_session(99, post=(1, 1, None))


def test_a_full_disk_keeps_none_of_it_and_names_what_was_not_saved(store):
    sid = started(store)
    conn = store.database.conn
    conn.execute(f"PRAGMA max_page_count = {conn.execute('PRAGMA page_count').fetchone()[0]}")
    with pytest.raises(StoreError) as info:
        store.finish_session(sid, end=("completed", 1000, 1000), post=(3, 2, None),
                             journal="x" * 200_000)  # the note needs new pages
    error = info.value
    assert str(error).startswith("the disk is full, so the end of the session, the rating "
                                 "and the journal entry were not saved (")
    assert (error.cause, error.remedy) == ("the disk is full", "free some space on the disk")
    nothing_after_the_start(store, sid)
    conn.execute("PRAGMA max_page_count = 1073741823")  # space again: the same call works
    store.finish_session(sid, end=("completed", 1000, 1000), post=(3, 2, None),
                         journal="x" * 200_000)
    assert store.session(sid).outcome == "completed" and "post" in store.ratings(sid)
    assert len(store.journal_entries()[0].text) == 200_000


def test_a_session_marked_interrupted_keeps_that_record_and_takes_the_rest(store, db):
    sid = started(store)
    with SessionStore(db) as other_window:  # its lock file was deleted under this one
        assert other_window.mark_interrupted() == [sid]
    store.finish_session(sid, end=("stopped_early", 700, 700), post=(4, 4, None),
                         journal="Still kept.")
    assert store.session(sid).outcome == "interrupted"
    assert store.ratings(sid)["post"].pain == 4
    assert [e.text for e in store.journal_entries()] == ["Still kept."]
