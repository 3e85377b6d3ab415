"""A one-item set and sessions done for it, written into a real SessionStore file, for
the tests of what counts for a set (done, due, missed, ended early) and where it is said.

Every session is ``somatic-tracking-first-steps`` at 10 minutes, linked to the set's
item 1, started at noon UTC on the given day unless another hour is given."""

from __future__ import annotations

from datetime import UTC, date, datetime

from painease.domain.programs import Program, Schedule
from painease.storage import SessionStore
from painease.storage.programs import ProgramStore

SCRIPT = "somatic-tracking-first-steps"


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
