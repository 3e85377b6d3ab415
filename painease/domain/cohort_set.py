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
  started that afternoon, whose progress is "0 of 8 done"), nor one from the Library
  started while the set was not the patient's current one (``practice_during``: before
  they imported it that day, or once another set was made current, so two sets whose
  weeks overlap never both count it), **or** when it was done for
  the set and its progress counts it: it fills a planned session by
  ``painease.domain.program_status``'s one rule (its own week, else ahead, else the
  earliest one that went by). So a session done late for the
  set counts in its column exactly as it counts on Home and on the Patients page, and
  months of sessions before a set, or practice after it that fills nothing of it, are
  not credited to it. A set never started has no session.
* Which set was current when (``current_at``) comes from the moments each set was made
  current (``painease.storage.set_activations``; ``made_current``: a first day with no
  moment known, from before they were kept, counts from its start). A set none of whose
  moments is known (results from an older painease) keeps the day rule: every Library
  session of its days counts for it.
* ``SET_SESSIONS`` is this rule in words, for the Outcomes tab (docs/cohort.md says the
  same).

Pure: standard library only; no Qt, no database.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping, Sequence
from datetime import date, datetime, time, timedelta, tzinfo

from painease.domain.program_status import DoneSession, fill_planned, sessions_by_item
from painease.domain.programs import Program

SET_SESSIONS = ("the sessions of the set: every session from the day the patient started "
                "the set to the end of its planned weeks (or its last planned date, if "
                "later), but none played for another set, nor one from the Library done "
                "before the patient made it their set or while another set was theirs, "
                "and after that, sessions "
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


def made_current(moments: Sequence[datetime], started_on: date | None,
                 tz: tzinfo) -> list[datetime]:
    """The moments a set was made current, oldest first, as the counting reads them: the
    known ``moments``, and the start of its first day ``started_on`` (on the clock ``tz``)
    when none of them is on or before that day (it was made current then, before the
    moments were kept: that day counts whole, as the day rule counted it)."""
    found = sorted(moments)
    if started_on is not None and (not found or found[0].astimezone(tz).date() > started_on):
        found.insert(0, datetime.combine(started_on, time(), tz))
    return found


def current_at(timeline: Mapping[str, Sequence[datetime]], moment: datetime) -> str | None:
    """The id of the set that was current at ``moment``: the one made current last at or
    before it (``timeline``: set id -> moments it was made current); None: none yet."""
    made = [(when, set_id) for set_id, moments in timeline.items() for when in moments
            if when <= moment]
    return max(made)[1] if made else None


def practice_during(set_id: str, timeline: Mapping[str, Sequence[datetime]],
                    started_at: datetime) -> bool:
    """Whether a session from the Library started at ``started_at`` is practice during
    the set ``set_id`` (see the module's contract): the set was current then, or none of
    its moments is known (the day rule: ``for_the_set`` looks at its days alone)."""
    return set_id not in timeline or current_at(timeline, started_at) == set_id


def for_the_set(program: Program, started_on: date | None,
                days: Sequence[tuple[Hashable, date]],
                done: Sequence[tuple[Hashable, DoneSession]],
                today: date | None = None) -> set[Hashable]:
    """The keys of the sessions the set's column counts (see the module's contract).

    ``days``: every session of the patient not played for another set nor done from
    the Library while the set was not current (the caller leaves those out:
    ``practice_during``), as (key, day on their clock); ``done``: the
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
