"""A database from before every activation's moment was kept (``set_activations``)
migrates: a person's own store keeps the one moment it knew for each set (its last
activation), read with the set's first day counted from its start; a therapist's copy of
a patient's results keeps none (its ``activated_at`` was the therapist's import time, not
the patient's), so its sets keep the day rule until results send the moments."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime

import pytest

from painease.domain.cohort_set import current_at
from painease.storage import SessionStore, migrations
from painease.storage.programs import ProgramStore


def _nov(day: int, hour: int = 0) -> datetime:
    return datetime(2026, 11, day, hour, tzinfo=UTC)


def _older_database(path, copy: bool) -> None:
    """A file at the step before: "Two weeks" started on 2 Nov and made current again on
    9 Nov at 08:00 (the moment kept: the last), "Next steps" made current on 5 Nov at
    10:00, and a set never started."""
    conn = sqlite3.connect(path, isolation_level=None)
    step = migrations.MIGRATIONS.index(migrations._SET_ACTIVATIONS)
    try:
        assert migrations.migrate(conn, migrations.MIGRATIONS[:step]) == step
        conn.executemany(
            "INSERT INTO programs (id, version, title, therapist_name, origin, started_on,"
            " activated_at, saved_at, activation_seq) VALUES (?, 1, ?, 'Dr. Ana Moreno',"
            " 'imported', ?, ?, '2026-11-01T08:00:00.000Z', ?)",
            [("two", "Two weeks", "2026-11-02", "2026-11-09T08:00:00.000Z", 2),
             ("next", "Next steps", "2026-11-05", "2026-11-05T10:00:00.000Z", 1),
             ("draft", "Draft", None, None, None)])
        if copy:
            conn.execute("INSERT INTO patient_copy (id) VALUES (1)")
    finally:
        conn.close()


def test_an_own_store_keeps_the_moment_it_knew_for_each_set(tmp_path):
    db = tmp_path / "painease.sqlite3"
    _older_database(db, copy=False)
    with SessionStore(db) as store:
        sets = ProgramStore(store)
        assert sets.made_current(tz=None) == {"two": [_nov(9, 8)], "next": [_nov(5, 10)]}
        # Its first activation was not kept: its first day counts from its start.
        assert sets.made_current(tz=UTC) == {"two": [_nov(2), _nov(9, 8)],
                                             "next": [_nov(5, 10)]}
        timeline = sets.activations(tz=UTC)
        assert timeline == [("two", _nov(2)), ("next", _nov(5, 10)), ("two", _nov(9, 8))]
        assert [current_at(timeline, _nov(day, 12)) for day in (1, 3, 6, 10)] == [
            None, "two", "next", "two"]
        # From here on every activation is kept, the last ones too.
        sets.activate("next", at=_nov(11, 9))
        assert sets.made_current(tz=None)["next"] == [_nov(5, 10), _nov(11, 9)]
        with pytest.raises(sqlite3.IntegrityError):  # one row per moment
            store.database.conn.execute(
                "INSERT INTO set_activations (program_id, activated_at) VALUES (?, ?)",
                ("next", "2026-11-05T10:00:00.000Z"))
    _assert_current(db)


def test_a_therapists_copy_keeps_no_moment_of_its_own(tmp_path):
    db = tmp_path / "painease.sqlite3"
    _older_database(db, copy=True)
    with SessionStore(db) as store:
        assert ProgramStore(store).made_current(tz=None) == {}
    _assert_current(db)


def _assert_current(db) -> None:
    conn = sqlite3.connect(db)
    try:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == migrations.SCHEMA_VERSION
    finally:
        conn.close()
