"""Opening files of every kind: new, version 0, someone else's, newer, garbage."""

from __future__ import annotations

import sqlite3

import pytest

from painease.storage import SCHEMA_VERSION, SessionStore, StoreError, migrations

TABLES = {"sessions", "ratings", "live_samples", "journal_entries"}


def _header(path):
    conn = sqlite3.connect(path)
    try:
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        app_id = conn.execute("PRAGMA application_id").fetchone()[0]
    finally:
        conn.close()
    return version, app_id, tables


def _assert_current(path):
    version, app_id, tables = _header(path)
    assert version == SCHEMA_VERSION
    assert app_id == migrations.APPLICATION_ID
    assert tables >= TABLES


def test_empty_file_is_migrated_from_version_0(tmp_path):
    db = tmp_path / "painease.sqlite3"
    db.touch()  # a zero-byte file is a valid, empty SQLite database at user_version 0
    with SessionStore(db) as store:
        store.save_rating(store.start_session("s", 1, 10), "pre", 1, 2)
    _assert_current(db)


def test_hand_made_version_0_file_without_tables_is_migrated(tmp_path):
    db = tmp_path / "painease.sqlite3"
    conn = sqlite3.connect(db)
    # A real, non-empty SQLite file (header and pages written) that holds no tables.
    conn.execute("CREATE TABLE scratch (x)")
    conn.execute("DROP TABLE scratch")
    conn.execute("PRAGMA user_version = 0")
    conn.commit()
    conn.close()
    assert db.stat().st_size > 0
    with SessionStore(db):
        pass
    _assert_current(db)


def test_version_0_file_with_unrelated_tables_is_refused_untouched(tmp_path):
    db = tmp_path / "notes.sqlite3"
    conn = sqlite3.connect(db)
    conn.execute("CREATE TABLE sessions (whatever TEXT)")  # even a clashing name
    conn.commit()
    conn.close()
    before = db.read_bytes()
    with pytest.raises(StoreError, match="is not a painease database") as info:
        SessionStore(db)
    assert "\n" not in str(info.value)
    assert db.read_bytes() == before


def test_other_programs_schema_version_is_not_mistaken_for_a_newer_painease(tmp_path):
    db = tmp_path / "places.sqlite"
    conn = sqlite3.connect(db)
    conn.execute("CREATE TABLE moz_places (url TEXT)")
    conn.execute("PRAGMA user_version = 70")
    conn.commit()
    conn.close()
    with pytest.raises(StoreError, match="is not a painease database"):
        SessionStore(db)


def test_newer_schema_is_refused_untouched(tmp_path):
    db = tmp_path / "painease.sqlite3"
    with SessionStore(db) as store:
        store.start_session("s", 1, 10)
    conn = sqlite3.connect(db)
    newer = SCHEMA_VERSION + 6
    conn.execute(f"PRAGMA user_version = {newer}")  # as if a future painease had migrated it
    conn.commit()
    conn.close()
    before = db.read_bytes()
    with pytest.raises(StoreError) as info:
        SessionStore(db)
    message = str(info.value)
    assert (f"made by a newer painease (schema {newer}, this version reads up to"
            f" {SCHEMA_VERSION}); update painease") in message
    assert "\n" not in message
    assert db.read_bytes() == before


def test_garbage_file_gives_store_error_not_a_traceback(tmp_path):
    db = tmp_path / "painease.sqlite3"
    db.write_bytes(b"these are my holiday photos, not a database\n" * 200)
    before = db.read_bytes()
    with pytest.raises(StoreError) as info:
        SessionStore(db)
    message = str(info.value)
    assert message.startswith(f"{db} is not a painease database (file is not a database)")
    assert message.endswith("move it away or choose another --data-dir")
    assert db.read_bytes() == before


def test_a_new_file_is_made_in_one_transaction(tmp_path):
    """Version 0: every step commits together, so a failing step leaves the file as empty
    as it was (and the next start simply tries again)."""
    db = tmp_path / "painease.sqlite3"

    def broken(conn):
        conn.execute("CREATE TABLE half_done (id INTEGER)")
        raise RuntimeError("bug in the last step")

    conn = sqlite3.connect(db, isolation_level=None)
    try:
        with pytest.raises(RuntimeError, match="bug in the last step"):
            migrations.migrate(conn, [*migrations.MIGRATIONS, broken])
        assert conn.execute("PRAGMA user_version").fetchone()[0] == 0
        assert conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0] == 0
        assert migrations.migrate(conn) == SCHEMA_VERSION  # and then it can be made whole
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master")}
        assert {"sessions", "ratings"} <= tables
    finally:
        conn.close()


def test_each_step_runs_in_its_own_transaction(tmp_path):
    db = tmp_path / "painease.sqlite3"
    SessionStore(db).close()  # at SCHEMA_VERSION

    def v2(conn):
        conn.execute("CREATE TABLE next_step (id INTEGER PRIMARY KEY)")

    def v3_broken(conn):
        conn.execute("CREATE TABLE half_done (id INTEGER)")
        raise RuntimeError("bug in step 3")

    conn = sqlite3.connect(db, isolation_level=None)
    try:
        steps = [*migrations.MIGRATIONS, v2, v3_broken]
        with pytest.raises(RuntimeError, match="bug in step 3"):
            migrations.migrate(conn, steps)
        # Step 2 was committed; step 3's table and version bump were rolled back together.
        assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION + 1
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master")}
        assert "next_step" in tables and "half_done" not in tables
        done = SCHEMA_VERSION + 1
        assert migrations.migrate(conn, steps[:done]) == done  # nothing left to do
    finally:
        conn.close()


def test_pins_are_keyed_by_how_the_name_reads_and_a_look_alike_loses_its_own(tmp_path):
    """A database from before pins were keyed by look (version 4): "Dr. Paco Lee" trusted
    first, then "Dr. Расо Lee" (every letter of Расо Cyrillic), pinned as a stranger. The
    step keeps the first and drops the look-alike's pin, so its next pack meets the first
    one's key."""
    from painease.storage.programs import ProgramStore

    db = tmp_path / "painease.sqlite3"
    conn = sqlite3.connect(db, isolation_level=None)
    try:
        assert migrations.migrate(conn, migrations.MIGRATIONS[:4]) == 4
        conn.executemany("INSERT INTO pinned_keys VALUES (?, ?, ?, ?)", [
            ("dr. paco lee", "Dr. Paco Lee", "aa" * 32, "2026-10-01T09:00:00.000Z"),
            ("dr. \u0440\u0430\u0441\u043e lee", "Dr. \u0420\u0430\u0441\u043e Lee", "bb" * 32,
             "2026-11-01T09:00:00.000Z")])
    finally:
        conn.close()
    with SessionStore(db) as store:
        pins = ProgramStore(store)
        assert pins.pinned_key("Dr. Paco Lee") == "aa" * 32
        assert pins.pinned_key("Dr. \u0420\u0430\u0441\u043e Lee") == "aa" * 32
        rows = store.database.conn.execute("SELECT therapist, therapist_name FROM pinned_keys")
        assert rows.fetchall() == [("dr. paco lee", "Dr. Paco Lee")]
    _assert_current(db)


def test_cached_phase_shifts_that_ran_past_the_end_are_dropped_and_recomputed(tmp_path):
    """A database from before shifts were cut at the session's end (version 5) holds rows
    computed as if every session ran on to the whole timeline. The step drops exactly the
    rows whose phase had a start with its window reaching past the end; the next summary
    recomputes them."""
    db = tmp_path / "painease.sqlite3"
    conn = sqlite3.connect(db, isolation_level=None)
    step = migrations.MIGRATIONS.index(migrations._SHIFTS_CUT_AT_END)
    try:
        assert migrations.migrate(conn, migrations.MIGRATIONS[:step]) == step
        # id, outcome, elapsed_ms; safety starts at 3:00 in each (the planned timeline)
        sessions = [(1, "completed", 600_000),  # rating 6, then 4 from 3:00
                    (2, "stopped_early", 120_000),  # 6, then 5 from 1:00; stopped at 2:00
                    (3, "interrupted", 60_000),  # the same; the app died at 1:00
                    (4, "completed", 200_000)]  # a short one: safety's window ends at 3:30
        conn.executemany(
            "INSERT INTO sessions (id, script_id, script_version, length_minutes, started_at,"
            " elapsed_ms, outcome) VALUES (?, 's', 1, 10, ?, ?, ?)",
            [(i, f"2026-11-0{i}T09:00:00.000Z", ms, outcome) for i, outcome, ms in sessions])
        conn.executemany("INSERT INTO session_phases VALUES (?, ?, ?)",
                         [(i, t, phase) for i, *_ in sessions
                          for t, phase in ((0, "settle"), (180_000, "safety"))])
        conn.executemany("INSERT INTO live_samples VALUES (?, ?, ?)", [
            (1, 100_000, 6.0), (1, 180_000, 4.0), (2, 10_000, 6.0), (2, 60_000, 5.0),
            (3, 10_000, 6.0), (3, 60_000, 5.0), (4, 100_000, 6.0), (4, 180_000, 4.0)])
        # What the old code cached (30 s windows): session 1 -2 (before 6, after 4), right;
        # 2 and 3 held 5 on past their end: 0 from a start never reached; 4 held 4 to 3:30
        # (-2) though it ended at 3:20. And settle (before [-30 s, 0) not rated: none).
        conn.executemany("INSERT INTO session_phase_shifts VALUES (?, ?, 30000, ?, ?)", [
            (1, "safety", 1, -2.0), (2, "safety", 1, 0.0), (3, "safety", 1, 0.0),
            (4, "safety", 1, -2.0), (1, "settle", 0, None), (4, "settle", 0, None)])
    finally:
        conn.close()
    with SessionStore(db) as store:
        rows = store.database.conn.execute(
            "SELECT session_id, phase FROM session_phase_shifts ORDER BY session_id, phase")
        # Kept: 1's safety (3:00 + 30 s <= 10:00) and the settle rows (0 + 30 s <= the end).
        # Dropped: 2 and 3 (safety at or after their end) and 4 (3:00 + 30 s > 3:20).
        assert rows.fetchall() == [(1, "safety"), (1, "settle"), (4, "settle")]
        safety = store.phase_shift_summary("safety")
        # Recomputed: 2 and 3 have no usable start; 4's window is cut to [3:00, 3:20), two
        # thirds of it, enough: 4 -> -2. So sessions 1 and 4, -2 each.
        assert (safety.n_sessions, safety.mean) == (2, pytest.approx(-2.0))
    _assert_current(db)


def test_how_far_and_how_much_played_start_unknown_and_interrupted_sessions_still_end(tmp_path):
    """A database from before sessions saved how far they got (version 6): its sessions
    keep everything and read "not known" for both new columns. A session still in progress
    in it (the old app died) is marked interrupted at its last live sample, as before."""
    db = tmp_path / "painease.sqlite3"
    conn = sqlite3.connect(db, isolation_level=None)
    step = migrations.MIGRATIONS.index(migrations._PROGRESS)
    try:
        assert migrations.migrate(conn, migrations.MIGRATIONS[:step]) == step
        conn.executemany(
            "INSERT INTO sessions (id, script_id, script_version, length_minutes, started_at,"
            " elapsed_ms, outcome) VALUES (?, 's', 1, 10, ?, ?, ?)",
            [(1, "2026-11-01T09:00:00.000Z", 600_000, "completed"),
             (2, "2026-11-02T09:00:00.000Z", None, "in_progress")])
        conn.execute("INSERT INTO live_samples VALUES (2, 42000, 3.0)")
    finally:
        conn.close()
    with SessionStore(db) as store:
        done, running = store.sessions()
        assert (done.outcome, done.elapsed_ms, done.played_ms) == ("completed", 600_000, None)
        raw = store.database.conn.execute("SELECT reached_ms FROM sessions ORDER BY id")
        assert raw.fetchall() == [(None,), (None,)]
        assert store.mark_interrupted() == [running.id]
        assert store.session(running.id).elapsed_ms == 42_000
        # The new columns take values from here on, and only whole non-negative ones.
        new = store.start_session("s", 1, 10)
        store.save_progress(new, 5_000, 4_000)
        with pytest.raises(sqlite3.IntegrityError):
            store.database.conn.execute("UPDATE sessions SET played_ms = -1 WHERE id = ?",
                                        (new,))
    _assert_current(db)
