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
  earliest one that went by; a dated item's own date, else the earliest gone by, else
  the next). So a session done late for the
  set counts in its column exactly as it counts on Home and on the Patients page, and
  months of sessions before a set, or practice after it that fills nothing of it, are
  not credited to it. A set never started has no session.
* Which set was current when (``current_at``) comes from the moments each set was made
  current (``painease.storage.set_activations``; ``made_current``: a first day with no
  moment known, from before they were kept, counts from its start). A set none of whose
  moments is known (results from an older painease) keeps the day rule: every Library
  session of its days counts for it. The set current at a moment is the one made current
  LAST (in the order the activations were made, ``in_order``) of those made current at
  or before it: not the one whose moment is latest, so a set made current while the
  clock ran ahead does not stay current after a later activation (Home's current set,
  ``ProgramStore.current``, goes by that order too), and two activations in one
  millisecond go by which was made last.
* ``SET_SESSIONS`` is this rule in words, for the Outcomes tab (docs/cohort.md says the
  same).

Pure: standard library only; no Qt, no database.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping, Sequence
from datetime import date, datetime, time, tzinfo

from painease.domain.program_status import (
    DoneSession,
    fill_planned,
    last_day,
    sessions_by_item,
)
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
    return started_on, last_day(program, started_on)


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


def in_order(kept: Sequence[tuple[str, datetime]], started: Mapping[str, date | None],
             tz: tzinfo) -> list[tuple[str, datetime]]:
    """Every activation as the counting reads them, in the order they were made: ``kept``
    ((set id, moment), already in that order: ``painease.storage.set_activations``),
    after the start of each kept set's first day ``started[set id]`` (on the clock ``tz``)
    when none of its moments is on or before that day (``made_current``: that activation
    came before any moment was kept, so before every kept one; such first days among
    themselves by date)."""
    moments: dict[str, list[datetime]] = {}
    for set_id, when in kept:
        moments.setdefault(set_id, []).append(when)
    first = sorted((made[0], set_id) for set_id, found in moments.items()
                   if len(made := made_current(found, started.get(set_id), tz)) > len(found))
    return [(set_id, when) for when, set_id in first] + list(kept)


def current_at(timeline: Sequence[tuple[str, datetime]], moment: datetime) -> str | None:
    """The id of the set that was current at ``moment``: of the activations at or before
    it (``timeline``: (set id, moment it was made current), in the order they were made:
    ``in_order``), the one made last, whatever its clock said (a clock that ran ahead
    once does not keep its set current after a later activation, nor does a smaller id
    win a tie in one millisecond); None: none yet."""
    found = None
    for set_id, when in timeline:
        if when <= moment:
            found = set_id
    return found


def practice_during(set_id: str, timeline: Sequence[tuple[str, datetime]],
                    started_at: datetime) -> bool:
    """Whether a session from the Library started at ``started_at`` is practice during
    the set ``set_id`` (see the module's contract): the set was current then, or none of
    its moments is known (the day rule: ``for_the_set`` looks at its days alone)."""
    return (all(known != set_id for known, _ in timeline)
            or current_at(timeline, started_at) == set_id)


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
