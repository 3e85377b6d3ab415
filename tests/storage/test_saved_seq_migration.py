"""A database from before sessions kept the patient's save order (``sessions.saved_seq``)
migrates: its sessions are kept, none has a save order from elsewhere, and the person's
own store still counts in the order its ids say."""

from __future__ import annotations

import sqlite3
from datetime import UTC

import pytest

from painease.storage import SessionStore, migrations
from painease.storage.programs import ProgramStore


def test_an_older_database_migrates_with_no_save_order_from_elsewhere(tmp_path):
    db = tmp_path / "painease.sqlite3"
    conn = sqlite3.connect(db, isolation_level=None)
    step = migrations.MIGRATIONS.index(migrations._SAVED_SEQ)
    try:
        assert migrations.migrate(conn, migrations.MIGRATIONS[:step]) == step
        conn.executemany(
            "INSERT INTO sessions (id, uid, script_id, script_version, length_minutes,"
            " started_at, ended_at, elapsed_ms, outcome) VALUES (?, ?, 's', 1, 5, ?, ?,"
            " 300000, 'completed')",
            [(1, "a" * 32, "2026-11-16T09:00:00.000Z", "2026-11-16T09:05:00.000Z"),
             (2, "b" * 32, "2026-11-05T09:00:00.000Z", "2026-11-05T09:05:00.000Z")])
    finally:
        conn.close()
    with SessionStore(db) as store:
        assert [s.id for s in store.sessions()] == [2, 1]
        sets = ProgramStore(store)
        assert not sets.save_order_known()  # no session came with one
        # Its own ids still give the order: the one saved first was lived by the next's day.
        assert sets._lived_by(UTC) == {1: store.session(2).started_at.date()}
        conn = store.database.conn
        with pytest.raises(sqlite3.IntegrityError):
            conn.execute("UPDATE sessions SET saved_seq = 0 WHERE id = 1")
    conn = sqlite3.connect(db)
    try:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == migrations.SCHEMA_VERSION
        assert conn.execute("SELECT count(saved_seq) FROM sessions").fetchone()[0] == 0
    finally:
        conn.close()
