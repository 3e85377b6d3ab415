"""A journal entry imported before its session (a "loose" note) is tied to that session
when the session arrives, whichever results file comes first: real SQLite files on both
sides, read and merged as an import does (``results_store``). A file older than one
already imported is merged with ``update_existing=False``, as ``import_results`` does."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from painease.storage import SessionStore
from painease.storage.results_store import merge_records, read_records

LATE = datetime(2026, 11, 9, 23, 50, tzinfo=UTC)  # a session just before midnight…
NOTE = datetime(2026, 11, 10, 0, 5, tzinfo=UTC)  # …and what they noticed, just after


@pytest.fixture
def files(tmp_path):
    """(older file's records, newer file's records) of one patient: the older covers the
    day of the late session, the newer the next day, with the note written after it."""
    with SessionStore(tmp_path / "patient.sqlite3") as patient:
        sid = patient.start_session("calm-corner", 1, 10, started_at=LATE)
        patient.end_session(sid, "completed", 600_000, ended_at=NOTE)
        patient.add_journal_entry("Calmer than I expected.", session_id=sid,
                                  written_at=NOTE)
        older = read_records(patient, datetime(2026, 11, 1, tzinfo=UTC),
                             datetime(2026, 11, 10, tzinfo=UTC), include_notes=True)
        newer = read_records(patient, datetime(2026, 11, 10, tzinfo=UTC),
                             datetime(2026, 11, 20, tzinfo=UTC), include_notes=True)
    assert (len(older[0]), len(older[1]), len(newer[0]), len(newer[1])) == (1, 0, 0, 1)
    return older, newer


def _entry_session(store: SessionStore) -> tuple[int | None, str]:
    [entry] = store.journal_entries()
    [session] = store.sessions()
    return entry.session_id, session.script_id if entry.session_id == session.id else ""


@pytest.mark.parametrize("older_first", [True, False])
def test_a_note_finds_its_session_whichever_file_comes_first(tmp_path, files, older_first):
    older, newer = files
    with SessionStore(tmp_path / "therapist-copy.sqlite3") as theirs:
        if older_first:
            merge_records(theirs, *older)
            merge_records(theirs, *newer)
        else:
            merge_records(theirs, *newer)
            merge_records(theirs, *older, update_existing=False)
        assert _entry_session(theirs) == (theirs.sessions()[0].id, "calm-corner")


def test_a_loose_note_in_the_database_is_tied_when_the_older_file_carries_it(tmp_path):
    """The older file holds both the session and the note: the note already here (loose,
    from the newer file) is tied to the session now."""
    with SessionStore(tmp_path / "patient.sqlite3") as patient:
        sid = patient.start_session("calm-corner", 1, 10, started_at=LATE)
        patient.add_journal_entry("Calmer than I expected.", session_id=sid,
                                  written_at=NOTE)
        newer = read_records(patient, NOTE, datetime(2026, 11, 20, tzinfo=UTC), True)
        older = read_records(patient, LATE, datetime(2026, 11, 20, tzinfo=UTC), True)
    with SessionStore(tmp_path / "therapist-copy.sqlite3") as theirs:
        merge_records(theirs, [], newer[1])  # the note alone: loose
        assert theirs.journal_entries()[0].session_id is None
        counts = merge_records(theirs, *older, update_existing=False)
        assert (counts.sessions_new, counts.journal_new) == (1, 0)
        assert _entry_session(theirs) == (theirs.sessions()[0].id, "calm-corner")
