"""A database from before stores knew whose sessions they hold (``patient_copy``) migrates:
a therapist's copy of a patient's results is told from a person's own store by what only
results bring, and each then counts its sets as before."""

from __future__ import annotations

import sqlite3

import pytest

from painease.storage import SessionStore, migrations
from painease.storage.programs import ProgramStore

SESSION = ("INSERT INTO sessions (id, uid, script_id, script_version, length_minutes,"
           " started_at, ended_at, elapsed_ms, outcome, saved_seq) VALUES (?, ?, 's', 1, 5,"
           " '2026-11-05T09:00:00.000Z', '2026-11-05T09:05:00.000Z', 300000, 'completed', ?)")
SET = ("INSERT INTO programs (id, version, title, therapist_name, origin, signer_key,"
       " saved_at) VALUES ('set-1', 1, 'Two weeks', 'Dr. Ana Moreno', ?, ?,"
       " '2026-11-02T09:00:00.000Z')")
KEY = "ab" * 32


def _before_the_step(db, fill) -> None:
    conn = sqlite3.connect(db, isolation_level=None)
    step = migrations.MIGRATIONS.index(migrations._PATIENT_COPY)
    try:
        assert migrations.migrate(conn, migrations.MIGRATIONS[:step]) == step
        fill(conn)
    finally:
        conn.close()


def _own(conn):  # a patient's: their sessions, a set from a signed pack, its key pinned
    conn.execute(SESSION, (1, "a" * 32, None))
    conn.execute(SET, ("imported", KEY))
    conn.execute("INSERT INTO pinned_keys (therapist, therapist_name, public_key, pinned_at)"
                 " VALUES ('ana moreno', 'Dr. Ana Moreno', ?, '2026-11-02T09:00:00.000Z')",
                 (KEY,))


def _own_set(conn):  # a therapist's own: a set they made here, unsigned
    conn.execute(SESSION, (1, "a" * 32, None))
    conn.execute(SET, ("own", None))


def _with_save_order(conn):  # results that sent the patient's save order
    conn.execute(SESSION, (1, "a" * 32, 7))


def _with_zone(conn):  # results that named the patient's zone, not their save order
    conn.execute(SESSION, (1, "a" * 32, None))
    conn.execute("INSERT INTO sent_zone (id, name, sent_at) VALUES (1, 'Europe/Berlin',"
                 " '2026-11-20T09:00:00.000Z')")


def _with_a_set_from_results(conn):  # results with the set they follow: no signer
    conn.execute(SESSION, (1, "a" * 32, None))
    conn.execute(SET, ("imported", None))


@pytest.mark.parametrize(("fill", "copy", "in_save_order"), [
    (_own, False, True),
    (_own_set, False, True),
    (lambda conn: None, False, True),  # empty: nothing says it is anyone's copy
    (_with_save_order, True, True),
    (_with_zone, True, False),
    (_with_a_set_from_results, True, False),
])
def test_an_older_database_is_told_a_copy_by_what_only_results_bring(
        tmp_path, fill, copy, in_save_order):
    db = tmp_path / "painease.sqlite3"
    _before_the_step(db, fill)
    with SessionStore(db) as store:
        sets = ProgramStore(store)
        assert sets.is_patient_copy() is copy
        assert sets.counts_by_save_order() is in_save_order
    conn = sqlite3.connect(db)
    try:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == migrations.SCHEMA_VERSION
        assert conn.execute("SELECT count(*) FROM sessions").fetchone()[0] == (
            0 if fill.__name__ == "<lambda>" else 1)
    finally:
        conn.close()


def test_a_new_store_is_nobodys_copy_until_results_are_merged_into_it(tmp_path):
    from painease.storage.results_store import merge_records

    with SessionStore(tmp_path / "painease.sqlite3") as store:
        sets = ProgramStore(store)
        assert not sets.is_patient_copy()
        merge_records(store, [], [])  # even a file with no sessions: it is one now
        assert sets.is_patient_copy()
        with pytest.raises(sqlite3.IntegrityError):  # one row, never two
            store.database.conn.execute("INSERT INTO patient_copy (id) VALUES (2)")
