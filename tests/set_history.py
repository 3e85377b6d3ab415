"""A one-item set and sessions done for it, written into a real SessionStore file, for
the tests of what counts for a set (done, due, missed, ended early) and where it is said.

Every session is ``somatic-tracking-first-steps`` at 10 minutes, linked to the set's
item 1, started at noon UTC on the given day unless another hour is given.

``two_sets``: an older set and a newer current one in the default store, for Home's card
of the other set ("Show …")."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from painease.domain.programs import Program, Schedule
from painease.storage import SessionStore
from painease.storage.programs import ProgramStore

SCRIPT = "somatic-tracking-first-steps"
LATERS = ("paced-breathing", 5.0)  # the session of ``two_sets``' "Later" set


def one_item_set(store: SessionStore, start: date, *, times_per_week: int, weeks: int,
                 title: str = "Two weeks", origin: str = "imported") -> Program:
    """Save and activate a set of one weekly item, started on ``start``."""
    program = Program.create(title, "Dr. Ana Moreno", [
        (SCRIPT, 10, Schedule(times_per_week=times_per_week, weeks=weeks), None)])
    ProgramStore(store).save_program(program, origin=origin, activate=True, today=start)
    return program


def start_set_session(store: SessionStore, program: Program, day: date,
                      hour: int = 12) -> int:
    """Start a session of the set's item 1 on ``day``; returns its id."""
    return store.start_session(SCRIPT, 1, 10,
                               started_at=datetime(day.year, day.month, day.day, hour,
                                                   tzinfo=UTC),
                               program_item=(program.id, 1))


def set_session(store: SessionStore, program: Program, day: date,
                outcome: str = "completed", heard_ms: int = 600_000) -> int:
    """A session of the set's item 1 on ``day`` that ended as ``outcome`` after
    ``heard_ms`` played; returns its id."""
    sid = start_set_session(store, program, day)
    store.end_session(sid, outcome, heard_ms, played_ms=heard_ms)
    return sid


def two_sets(script: str, *, first_title: str = "Set one",
             later_start_week: int = 0) -> tuple[Program, Program]:
    """``first_title`` (``script`` at 0.1 minutes, twice a week for 2 weeks), started three
    days ago, then "Later" (``LATERS`` once a week for a week, from its week
    ``later_start_week`` + 1), imported today: saved in the default store (the app's data
    folder), Home shows Later."""
    today = date.today()
    first = Program.create(first_title, "Dr. Ana Moreno", [
        (script, 0.1, Schedule(times_per_week=2, weeks=2), None)])
    later = Program.create("Later", "Dr. Ana Moreno", [
        (*LATERS, Schedule(times_per_week=1, weeks=1, start_week=later_start_week), None)])
    with SessionStore.open_default() as store:
        sets = ProgramStore(store)
        sets.save_program(first, origin="imported", activate=True,
                          today=today - timedelta(days=3))
        sets.save_program(later, origin="imported", activate=True, today=today)
    return first, later
