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
