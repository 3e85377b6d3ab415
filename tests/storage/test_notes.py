"""Reading back what was written with sessions (``painease.storage.notes``), real SQLite."""

from __future__ import annotations

from painease.storage import SessionStore
from painease.storage.notes import SessionNotes, session_notes


def test_notes_of_many_sessions_in_order_and_blank_ones_left_out(tmp_path):
    with SessionStore(tmp_path / "notes.sqlite3") as store:
        ids = [store.start_session("calm-corner", 1, 5) for _ in range(1203)]
        first, blank, last = ids[0], ids[600], ids[-1]  # in three chunks of ids
        store.save_rating(first, "pre", 5, 5, "Tight.")
        store.save_rating(first, "post", 3, 3, "Looser.")
        store.add_journal_entry("One.", session_id=first)
        store.add_journal_entry("Two.", session_id=first)
        store.save_rating(blank, "pre", 5, 5, "   ")  # stored as None: nothing to show
        store.add_journal_entry("Late but kept.", session_id=last)
        store.add_journal_entry("Not tied to a session.")
        found = session_notes(store, ids + [first])
    assert found == {first: SessionNotes(first, "Tight.", "Looser.", ("One.", "Two.")),
                     last: SessionNotes(last, None, None, ("Late but kept.",))}


def test_loose_notes_are_the_entries_of_no_session_in_the_period(tmp_path):
    from datetime import UTC, datetime

    from painease.storage.notes import LooseNote, loose_notes

    def at(day: int) -> datetime:
        return datetime(2026, 11, day, 9, tzinfo=UTC)

    with SessionStore(tmp_path / "notes.sqlite3") as store:
        sid = store.start_session("calm-corner", 1, 5)
        store.add_journal_entry("Of a session.", session_id=sid, written_at=at(3))
        store.add_journal_entry("Later.", written_at=at(9))
        store.add_journal_entry("Earlier.", written_at=at(2))
        store.add_journal_entry("Before the period.", written_at=at(1))
        assert loose_notes(store) == [LooseNote(at(1), "Before the period."),
                                      LooseNote(at(2), "Earlier."), LooseNote(at(9), "Later.")]
        assert loose_notes(store, at(2), at(9)) == [LooseNote(at(2), "Earlier.")]
