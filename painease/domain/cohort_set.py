"""Which of a patient's sessions a set's Outcomes column counts: those of the set.

Contract
--------
* ``set_days(program, started_on)``: the days a set covers for a patient who started it
  on ``started_on``: from that day to the last day of its last planned week (or its last
  planned date, whichever is later); None when they never started it.
* A session counts for the set (``for_the_set``) when it was done on one of those days,
  started from the set or from the Library (practice during the set), but never one
  played for another set (linked to that set's item: ``program_sessions``), even on the
  set's first day (three sessions of one set in the morning are not the next set's,
  started that afternoon, whose progress is "0 of 8 done"), **or** when it was done for
  the set and its progress counts it: it fills a planned session by
  ``painease.domain.program_status``'s one rule (its own week, else ahead, else the
  earliest one that went by). So a session done late for the
  set counts in its column exactly as it counts on Home and on the Patients page, and
  months of sessions before a set, or practice after it that fills nothing of it, are
  not credited to it. A set never started has no session.
* ``SET_SESSIONS`` is this rule in words, for the Outcomes tab (docs/cohort.md says the
  same).

Pure: standard library only; no Qt, no database.
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from datetime import date, timedelta

from painease.domain.program_status import DoneSession, fill_planned, sessions_by_item
from painease.domain.programs import Program

SET_SESSIONS = ("the sessions of the set: every session from the day the patient started "
                "the set to the end of its planned weeks (or its last planned date, if "
                "later), but none played for another set, and after that, sessions "
                "started from the set that make up a planned session not done in time, as "
                "the Patients page counts them")


def set_days(program: Program, started_on: date | None) -> tuple[date, date] | None:
    """The first and last day of the set for a patient who started it on ``started_on``
    (None: never started, no day)."""
    if started_on is None:
        return None
    last = started_on
    for item in program.items:
        schedule = item.schedule
        if schedule.weekly:
            weeks = schedule.start_week + (schedule.weeks or 0)
            last = max(last, started_on + timedelta(days=7 * weeks - 1))
        elif schedule.dates:
            last = max(last, max(schedule.dates))
    return started_on, last


def for_the_set(program: Program, started_on: date | None,
                days: Sequence[tuple[Hashable, date]],
                done: Sequence[tuple[Hashable, DoneSession]],
                today: date | None = None) -> set[Hashable]:
    """The keys of the sessions the set's column counts (see the module's contract).

    ``days``: every session of the patient not played for another set (the caller
    leaves those out), as (key, day on their clock); ``done``: the
    sessions linked to the set that count as done for it (``counts_for_set``), as (key,
    ``DoneSession``), the same the set's progress is computed from; ``today``: the day it
    is counted on, as the Patients page counts it (``fill_planned``)."""
    period = set_days(program, started_on)
    if period is None:
        return set()
    keys = {key for key, day in days if period[0] <= day <= period[1]}
    # ``fill_planned`` hands back the very objects it was given: who filled, by identity.
    key_of = {id(session): key for key, session in done}
    by_item = sessions_by_item(program, [session for _, session in done])
    for item in program.items:
        keys.update(key_of[id(by)] for _, by in fill_planned(item, started_on,
                                                             by_item[item.position], today)
                    if by is not None)
    return keys
