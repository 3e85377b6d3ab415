"""Values of the wrong type or out of range in a session's row (edited with sqlite3, as a
probe did: ``started_at = 5``, ``1e308``, ``2**62``, a script id or audio note of bytes, a
length that is text): that session is unreadable, as one whose start is garbage is. The
insights leave it out (and ``unread_sessions`` names it, so it is said), the CSV export
writes it as it is stored and names the value, nothing is deleted; never a TypeError or
OverflowError."""

from __future__ import annotations

import sqlite3

import pytest

from painease.storage import SessionStore, export_csv
from painease.storage.unplaced import unplaced_rows, unread_sessions
from tests.storage.test_unreadable_values import filled, rows

STARTS = [5, 1e308, 2**62, "2026-13-02T12:00:00.000Z", "2026-02-30T12:00:00.000Z",
          "0000-01-01T00:00:00.000Z", "9999-12-31T23:59:59.999Z", b"2026"]
OTHERS = [("script_id", b"\xff"), ("length_minutes", "x"), ("audio_note", b"\xff")]


def damage(db, column, value, session_id):
    conn = sqlite3.connect(db)
    conn.execute(f"UPDATE sessions SET {column} = ? WHERE id = ?", (value, session_id))
    conn.commit()
    conn.close()


@pytest.mark.parametrize(("column", "value"), [*(("started_at", v) for v in STARTS), *OTHERS])
def test_the_insights_leave_an_unreadable_session_out_and_it_is_named(tmp_path, column,
                                                                       value):
    db = tmp_path / "painease.sqlite3"
    first, second = filled(db)
    damage(db, column, value, first)
    with SessionStore(db) as store:
        table = store.insight_table()
        points = store.insight_points()
        assert list(table.ids) == [p.id for p in points] == [second]
        assert [p.script_id for p in table] == ["paced-breathing"]
        assert unread_sessions(store) == ([first], []) if column == "started_at" else (
            [], [first])
        from painease.domain.summaries import table_by_script

        table_by_script(table)  # once a TypeError: bytes and text sorted together
        assert len(store.sessions(keep_unreadable=True)) == 2  # nothing deleted


def test_unplaced_rows_are_those_whose_start_cannot_be_read(tmp_path):
    db = tmp_path / "painease.sqlite3"
    first, second = filled(db)
    damage(db, "started_at", 5, first)
    damage(db, "script_id", b"\xff", second)
    with SessionStore(db) as store:
        assert unplaced_rows(store) == [first]


@pytest.mark.parametrize(("table", "column", "kind"), [
    ("sessions", "audio_note", "text"), ("sessions", "script_id", "a script's id"),
    ("ratings", "note", "text")])
def test_the_export_writes_bytes_as_stored_and_names_them(tmp_path, table, column, kind):
    db = tmp_path / "painease.sqlite3"
    first, _ = filled(db)
    conn = sqlite3.connect(db)
    key = "id" if table == "sessions" else "session_id"
    conn.execute(f"UPDATE {table} SET {column} = x'ff' WHERE {key} = ?", (first,))
    conn.commit()
    conn.close()
    with SessionStore(db) as store:
        written = export_csv(store, tmp_path / "out")
    out = rows(tmp_path / "out" / f"{table}.csv")
    assert len(out) == (2 if table == "sessions" else 4)  # every row
    assert [r[column] for r in out].count("b'\\xff'") == (1 if table == "sessions" else 2)
    assert [(p.where[0], p.where[2], p.raw) for p in written.unreadable] == (
        [(table, column, b"\xff")] * (1 if table == "sessions" else 2))
    assert f"which is not {kind}" in written.unreadable[0].reason


def test_a_note_of_bytes_is_said_as_unreadable_in_the_notes(tmp_path):
    from painease.storage.notes import UNREADABLE_NOTE, session_notes

    db = tmp_path / "painease.sqlite3"
    first, _ = filled(db)
    conn = sqlite3.connect(db)
    conn.execute("UPDATE ratings SET note = x'ff' WHERE session_id = ?", (first,))
    conn.execute("UPDATE journal_entries SET text = x'41ff' WHERE session_id = ?", (first,))
    conn.commit()
    conn.close()
    with SessionStore(db) as store:
        notes = session_notes(store, [first])[first]
    assert notes.before == notes.after == UNREADABLE_NOTE
    assert notes.journal == (UNREADABLE_NOTE,)


@pytest.mark.parametrize("start", ["2026-11-02T12:00:00+00:00", "2026-11-02T13:00:00+01:00",
                                   "2026-11-02T12:00:00Z", "2026-11-02T12:00:00.5Z"])
def test_a_start_the_store_reads_in_another_form_is_in_the_insights(tmp_path, start):
    """A hand-edit in another ISO form the store reads (as a results file sends it) is no
    unreadable session: the insights have it, at the time it says."""
    db = tmp_path / "painease.sqlite3"
    first, second = filled(db)
    damage(db, "started_at", start, first)
    with SessionStore(db) as store:
        assert unread_sessions(store) == ([], [])
        table = store.insight_table()
        assert list(table.ids) == [first, second]
        assert [p.started_at for p in table][0] == store.session(first).started_at
