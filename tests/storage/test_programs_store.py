"""Sets in a real SQLite file: save/update/same, current set, session links, pinned keys."""

from __future__ import annotations

import dataclasses
import sqlite3
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest

from painease.domain.programs import Program, Schedule
from painease.storage import SessionStore
from painease.storage.programs import ProgramStore
from painease.storage.zones import own_zone

START = date(2026, 11, 2)


def _program() -> Program:
    return Program.create("Two weeks", "Dr. Ana Moreno", [
        ("somatic-tracking-first-steps", 10, Schedule(times_per_week=2, weeks=2), "Be curious."),
        ("paced-breathing", 5, Schedule(dates=(date(2026, 11, 4),)), None),
    ])


@pytest.fixture
def store(tmp_path):
    with SessionStore(tmp_path / "painease.sqlite3") as s:
        yield s


def _at(day: int, hour: int = 12) -> datetime:
    return datetime(2026, 11, day, hour, tzinfo=UTC)


def test_save_same_update_older(store):
    sets = ProgramStore(store)
    here = own_zone(store)  # the clock the patient's own Home counts on
    program = _program()
    assert sets.current() is None and sets.status(START, tz=here) is None
    assert sets.save_program(program, origin="imported", signer_key="ab" * 32,
                             activate=True, today=START) == "new"
    assert sets.save_program(program, origin="imported", activate=True) == "same"
    stored = sets.current()
    assert stored.program == program and stored.started_on == START
    assert stored.signer_key == "ab" * 32 and stored.origin == "imported"

    newer = dataclasses.replace(program, version=2, title="Two weeks, revised",
                                items=program.items[:1])
    assert sets.save_program(newer, origin="imported", activate=True,
                             today=date(2026, 11, 20)) == "updated"
    assert sets.current().program == newer
    assert sets.current().started_on == START  # progress continues from day one
    assert sets.save_program(program, origin="imported") == "older"
    assert sets.program(program.id).program.version == 2


def test_sessions_link_to_items_and_count(store):
    sets = ProgramStore(store)
    here = own_zone(store)  # the clock the patient's own Home counts on
    program = _program()
    sets.save_program(program, activate=True, today=START)
    first = store.start_session("somatic-tracking-first-steps", 1, 10, started_at=_at(2),
                                program_item=(program.id, 1))
    store.end_session(first, "completed", 600_000, ended_at=_at(2, 13))
    early = store.start_session("somatic-tracking-first-steps", 1, 10, started_at=_at(3),
                                program_item=(program.id, 1))
    # Stopped early after most of it: heard at least half, it counts (test_set_counting).
    store.end_session(early, "stopped_early", 360_000, ended_at=_at(3, 13))
    store.start_session("somatic-tracking-first-steps", 1, 10, started_at=_at(4),
                        program_item=(program.id, 1))
    store.mark_interrupted()  # interrupted before anything was heard: not done
    loose = store.start_session("paced-breathing", 1, 5, started_at=_at(4))
    store.end_session(loose, "completed", 300_000)
    sets.link_session(loose, program.id, 2)

    assert sets.session_item(first) == (program.id, 1)
    assert [d.position for d in sets.done_sessions(program.id, tz=here)] == [1, 1, 2]
    status = sets.status(date(2026, 11, 4), tz=here)
    assert status.progress_text == "3 of 5 done"
    assert status.due_today == ()  # week 1 of item 1 is done, item 2 done today
    assert status.next_item.position == 1



def test_a_new_version_that_moves_items_keeps_sessions_with_their_script(store):
    sets = ProgramStore(store)
    here = own_zone(store)  # the clock the patient's own Home counts on
    program = _program()  # 1: somatic tracking 10 min, 2: paced breathing 5 min
    sets.save_program(program, activate=True, today=START)
    for day in (2, 3):
        sid = store.start_session("somatic-tracking-first-steps", 1, 10,
                                  started_at=_at(day), program_item=(program.id, 1))
        store.end_session(sid, "completed", 600_000, ended_at=_at(day, 13))
    assert [i.done for i in sets.status(date(2026, 11, 4), tz=here).items] == [2, 0]
    # Version 2 puts the breathing first: the two sessions stay with somatic tracking.
    breathing, tracking = (dataclasses.replace(item, position=n)
                           for n, item in ((1, program.items[1]), (2, program.items[0])))
    sets.save_program(dataclasses.replace(program, version=2, items=(breathing, tracking)))
    status = sets.status(date(2026, 11, 4), tz=here)
    assert [(i.item.script_id, i.done) for i in status.items] == [
        ("paced-breathing", 0), ("somatic-tracking-first-steps", 2)]
    # Version 3 drops somatic tracking: its sessions count for nothing, not for breathing.
    sets.save_program(dataclasses.replace(program, version=3, items=(breathing,)))
    assert [(i.item.script_id, i.done) for i in sets.status(date(2026, 11, 4), tz=here).items] == [
        ("paced-breathing", 0)]

def test_a_sets_days_are_counted_on_the_clock_the_caller_names_never_by_default(store):
    """Whose days a set's sessions fall on depends on whose view it is (the patient's own
    clock, or a therapist reading the patient's): there is no default, so no caller gets
    this computer's clock by accident."""
    sets = ProgramStore(store)
    program = Program.create("Three weeks", "Dr. Ana Moreno", [
        ("calm-corner", 2, Schedule(times_per_week=1, weeks=3), None)])
    sets.save_program(program, activate=True, today=START)  # Monday 2 November
    # Sunday 23:30 in New York (week one); Monday 05:30 in Berlin (week two).
    sunday_night = store.start_session("calm-corner", 1, 2, started_at=datetime(
        2026, 11, 9, 4, 30, tzinfo=UTC), program_item=(program.id, 1))
    store.end_session(sunday_night, "completed", 120_000)
    today = date(2026, 11, 12)
    new_york = sets.status(today, tz=ZoneInfo("America/New_York"))
    berlin = sets.status(today, tz=ZoneInfo("Europe/Berlin"))
    assert [d.day for d in sets.done_sessions(program.id, tz=ZoneInfo("America/New_York"))
            ] == [date(2026, 11, 8)]
    assert (new_york.done, new_york.missed) == (1, 0)
    assert (berlin.done, berlin.missed) == (1, 1)  # week one empty on Berlin's days
    with pytest.raises(TypeError):
        sets.status(today)
    with pytest.raises(TypeError):
        sets.done_sessions(program.id)


def test_link_and_unknown_ids_fail_cleanly(store):
    sets = ProgramStore(store)
    with pytest.raises(ValueError, match="no session with id 99"):
        sets.link_session(99, "x", 1)
    with pytest.raises(ValueError, match="no set with id"):
        sets.activate("nope")
    with pytest.raises(ValueError, match="position must be at least 1"):
        store.start_session("a", 1, 5, program_item=("x", 0))
    assert store.sessions() == []  # the failed start left nothing behind


def test_pinned_keys_ignore_case_and_spacing(store):
    sets = ProgramStore(store)
    assert sets.pinned_key("Dr. Ana Moreno") is None
    sets.pin_key("Dr. Ana Moreno", "11" * 32)
    assert sets.pinned_key("dr.  ana   MORENO") == "11" * 32
    sets.pin_key("Dr. Ana Moreno", "22" * 32)
    assert sets.pinned_key("Dr. Ana Moreno") == "22" * 32


def test_sessions_get_a_stable_uid(store):
    one = store.start_session("a", 1, 5)
    two = store.start_session("a", 1, 5)
    entry = store.add_journal_entry("hello")
    conn = sqlite3.connect(store.path)
    uids = [r[0] for r in conn.execute("SELECT uid FROM sessions WHERE id IN (?, ?)", (one, two))]
    journal_uid = conn.execute("SELECT uid FROM journal_entries WHERE id = ?",
                               (entry,)).fetchone()[0]
    conn.close()
    assert len(set(uids)) == 2 and all(len(u) == 32 for u in uids)
    assert len(journal_uid) == 32


def test_migration_gives_existing_sessions_distinct_uids(tmp_path):
    from painease.storage import SCHEMA_VERSION, migrations

    db = tmp_path / "old.sqlite3"
    conn = sqlite3.connect(db, isolation_level=None)
    migrations.migrate(conn, migrations.MIGRATIONS[:1])  # a file made before sets existed
    for day in (1, 2, 3):
        conn.execute("INSERT INTO sessions (script_id, script_version, length_minutes,"
                     " started_at) VALUES ('a', 1, 5, ?)", (f"2026-11-0{day}T09:00:00.000Z",))
    conn.close()
    with SessionStore(db) as store:
        assert len(store.sessions()) == 3
    conn = sqlite3.connect(db)
    uids = [r[0] for r in conn.execute("SELECT uid FROM sessions")]
    version = conn.execute("PRAGMA user_version").fetchone()[0]
    conn.close()
    assert version == SCHEMA_VERSION
    assert len(set(uids)) == 3 and all(len(u) == 32 for u in uids)
