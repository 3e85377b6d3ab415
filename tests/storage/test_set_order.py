"""Which set is the current one when the computer's clock was wrong once (a real file).

The current set is the one made current last, in the order the file saw it happen, not the
one with the latest wall-clock time: a clock that ran ahead on one day must not keep a set
current for ever after. Activation times stay for display.
"""

from __future__ import annotations

import sqlite3
import uuid
from datetime import UTC, date, datetime, timedelta

import pytest

from painease.domain.programs import Program, Schedule
from painease.storage import SCHEMA_VERSION, SessionStore, migrations
from painease.storage import programs as programs_module
from painease.storage.programs import ProgramStore

TODAY = date(2026, 12, 1)


def _program(title: str) -> Program:
    return Program.create(title, "Dr. Ana Moreno",
                          [("paced-breathing", 5, Schedule(times_per_week=2, weeks=2), None)])


class _Ahead(datetime):
    """The computer's clock, 60 days ahead."""

    @classmethod
    def now(cls, tz=None):
        return datetime.now(tz) + timedelta(days=60)


def test_a_set_imported_after_the_clock_ran_ahead_becomes_current(tmp_path, monkeypatch):
    with SessionStore(tmp_path / "painease.sqlite3") as store:
        sets = ProgramStore(store)
        first, second = _program("Set A"), _program("Set B")
        monkeypatch.setattr(programs_module, "datetime", _Ahead)
        sets.save_program(first, origin="imported", activate=True, today=TODAY)
        monkeypatch.undo()  # the clock is right again
        assert sets.save_program(second, origin="imported", activate=True,
                                 today=TODAY) == "new"
        assert sets.current().program.id == second.id
        # The wall-clock times are still what the clock said, for display.
        assert sets.program(first.id).activated_at > sets.program(second.id).activated_at
        # Making the first one current again (Home's choice) works the same way.
        sets.activate(first.id)
        assert sets.current().program.id == first.id
        sets.save_program(second, origin="imported", activate=True)  # 'same', made current
        assert sets.current().program.id == second.id


def test_clock_set_back_does_not_reorder_either(tmp_path, monkeypatch):
    class _Behind(datetime):
        @classmethod
        def now(cls, tz=None):
            return datetime.now(tz) - timedelta(days=400)

    with SessionStore(tmp_path / "painease.sqlite3") as store:
        sets = ProgramStore(store)
        first, second = _program("Set A"), _program("Set B")
        sets.save_program(first, origin="imported", activate=True, today=TODAY)
        monkeypatch.setattr(programs_module, "datetime", _Behind)
        sets.save_program(second, origin="own", activate=True, today=TODAY)
        assert sets.current().program.id == second.id


def _old_file(path, rows, origin="imported") -> None:
    """A database made by the painease before this change, holding ``rows`` of sets.
    Imported sets without a signer mark it, once upgraded, as a therapist's copy of a
    patient's results (``migrations._PATIENT_COPY``); ``origin="own"`` keeps it a person's
    own store, whose activations later steps number (``migrations._activation_seq``)."""
    conn = sqlite3.connect(path, isolation_level=None)
    step = migrations.MIGRATIONS.index(migrations._SENT_NAME) + 1
    try:
        assert migrations.migrate(conn, migrations.MIGRATIONS[:step]) == step
        conn.executemany(
            "INSERT INTO programs (id, version, title, therapist_name, origin, started_on,"
            " activated_at, saved_at) VALUES (?, 1, ?, 'Dr. Ana', ?, ?, ?, ?)",
            [(set_id, title, origin, *rest) for set_id, title, *rest in rows])
        conn.executemany(
            "INSERT INTO program_items (program_id, position, script_id, minutes, schedule)"
            " VALUES (?, 1, 'paced-breathing', 5, ?)",
            [(row[0], '{"times_per_week": 2, "weeks": 2}') for row in rows])
    finally:
        conn.close()


def test_an_old_file_keeps_its_current_set_and_then_follows_the_new_order(tmp_path):
    db = tmp_path / "painease.sqlite3"
    # "ahead" was made current with the clock two months ahead, "later" after it, with the
    # clock right; "never" was saved and never made current. The old painease showed
    # "ahead": the file cannot tell more, and the patient keeps seeing what they saw.
    later, ahead, never = (str(uuid.UUID(int=n)) for n in (1, 2, 3))
    _old_file(db, [
        (later, "Later", "2026-11-20", "2026-11-20T09:00:00.000Z", "2026-11-20T09:00:00.000Z"),
        (ahead, "Ahead", "2027-01-10", "2027-01-10T09:00:00.000Z", "2027-01-10T09:00:00.000Z"),
        (never, "Never", None, None, "2026-11-21T09:00:00.000Z"),
    ])
    with SessionStore(db) as store:
        sets = ProgramStore(store)
        assert sets.current().program.id == ahead
        assert sets.program(later).activated_at == datetime(2026, 11, 20, 9, tzinfo=UTC)
        sets.activate(later)  # now with a right clock: it is current from here on
        assert sets.current().program.id == later
        sets.activate(never, today=TODAY)
        assert sets.current().program.id == never
        assert sets.program(never).started_on == TODAY
    conn = sqlite3.connect(db)
    try:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    finally:
        conn.close()


def test_of_two_sets_made_current_in_one_moment_the_smaller_id_stays_current(tmp_path):
    """The old painease read equal ``activated_at`` times smaller id first (``ORDER BY
    activated_at DESC, id``), so it showed the smaller id: after the upgrade Home still
    does, and the activations numbered from it (``set_activations.seq``) put it last, so
    a Library session after that moment counts for it too."""
    from painease.storage.patients import set_sessions

    db = tmp_path / "painease.sqlite3"
    older, small, big = (str(uuid.UUID(int=n)) for n in (3, 1, 2))
    moment = "2026-11-20T09:00:00.000Z"
    _old_file(db, [  # written in no order of Home's: the upgrade numbers them in its order
        (small, "Small", "2026-11-20", moment, moment),
        (big, "Big", "2026-11-20", moment, moment),
        (older, "Older", "2026-11-10", "2026-11-10T09:00:00.000Z", "2026-11-10T09:00:00.000Z"),
    ], origin="own")
    with SessionStore(db) as store:
        sid = store.start_session("paced-breathing", 1, 5,
                                  started_at=datetime(2026, 11, 21, 15, tzinfo=UTC))
        store.end_session(sid, "completed", 300_000, played_ms=300_000)
        sets = ProgramStore(store)
        assert sets.current().program.id == small
        assert [set_id for set_id, _ in sets.activations(tz=UTC)] == [older, big, small]
        credited = {p.program.id: len(set_sessions(store, p, today=TODAY))
                    for p in sets.programs()}
    assert credited == {older: 0, big: 0, small: 1}


def test_a_file_without_sets_has_no_current_set(tmp_path):
    db = tmp_path / "painease.sqlite3"
    _old_file(db, [])
    with SessionStore(db) as store:
        assert ProgramStore(store).current() is None


@pytest.mark.parametrize("count", [1, 3])
def test_every_activation_is_later_than_the_one_before(tmp_path, count):
    """The order survives closing and reopening the file (it is stored, not in memory)."""
    db = tmp_path / "painease.sqlite3"
    ids = []
    for i in range(count):
        with SessionStore(db) as store:
            program = _program(f"Set {i}")
            ProgramStore(store).save_program(program, activate=True, today=TODAY)
            ids.append(program.id)
    with SessionStore(db) as store:
        sets = ProgramStore(store)
        assert sets.current().program.id == ids[-1]
        if count > 1:
            sets.activate(ids[0])
        with SessionStore(db) as again:
            assert ProgramStore(again).current().program.id == ids[0]
