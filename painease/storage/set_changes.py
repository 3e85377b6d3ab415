"""Sessions a new version of a set no longer counts, on a store.

``no_longer_counted_in(store, program, tz)``: how many of the sessions done for the set
``program`` (``ProgramStore.done_sessions``, on the clock ``tz``) count for none of its
items now (``program_status.no_longer_counted``: done for a part that a later version
removed or gave another script), so its progress went down though nothing was undone.
``fewer_planned_in(store, program, tz)``: (how many, sessions planned now, planned
before) when a later version plans fewer sessions than the one before it did
(``StoredProgram.planned_before``) and sessions done beyond the new plan fill nothing:
at most the sessions the plan lost, of those that count for an item but fill no planned
session (``program_status.fill_planned``); (0, now, before) when none.
Home's import message and the therapist's Patients page say each in one sentence
(``program_status.no_longer_counted_text``, ``fewer_planned_text``): ``why_progress_fell
(store, program, tz, own)`` gives those that apply (``own``: to the patient). ``StoreError`` when
the store cannot be read.
"""

from __future__ import annotations

from datetime import tzinfo

from painease.domain.program_status import (
    fewer_planned_text,
    no_longer_counted,
    no_longer_counted_text,
    planned_total,
    program_status,
    sessions_by_item,
)
from painease.domain.programs import Program
from painease.storage.programs import ProgramStore
from painease.storage.store import SessionStore


def no_longer_counted_in(store: SessionStore, program: Program, tz: tzinfo) -> int:
    return no_longer_counted(program, ProgramStore(store).done_sessions(program.id, tz=tz))


def fewer_planned_in(store: SessionStore, program: Program,
                     tz: tzinfo) -> tuple[int, int, int]:
    sets = ProgramStore(store)
    stored = sets.program(program.id)
    now = planned_total(stored.program)
    before = stored.planned_before
    if before is None or before <= now or stored.started_on is None:
        return 0, now, before or now
    done = sets.done_sessions(program.id, tz=tz)
    counted = sum(len(mine) for mine in sessions_by_item(stored.program, done).values())
    # Filled or not does not depend on the day it is counted on, only which are open.
    filled = program_status(stored.program, stored.started_on, done,
                            stored.started_on).done
    return min(counted - filled, before - now), now, before


def why_progress_fell(store: SessionStore, program: Program, tz: tzinfo,
                      own: bool) -> list[str]:
    said = [no_longer_counted_text(no_longer_counted_in(store, program, tz), own=own),
            fewer_planned_text(*fewer_planned_in(store, program, tz), own=own)]
    return [text for text in said if text]
