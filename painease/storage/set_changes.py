"""Sessions a new version of a set no longer counts, on a store.

``no_longer_counted_in(store, program, tz)``: how many of the sessions done for the set
``program`` (``ProgramStore.done_sessions``, on the clock ``tz``) count for none of its
items now (``program_status.no_longer_counted``: done for a part that a later version
removed or gave another script), so its progress went down though nothing was undone.
Home's import message and the therapist's Patients page say it in one sentence
(``program_status.no_longer_counted_text``). ``StoreError`` when the store cannot be read.
"""

from __future__ import annotations

from datetime import tzinfo

from painease.domain.program_status import no_longer_counted
from painease.domain.programs import Program
from painease.storage.programs import ProgramStore
from painease.storage.store import SessionStore


def no_longer_counted_in(store: SessionStore, program: Program, tz: tzinfo) -> int:
    return no_longer_counted(program, ProgramStore(store).done_sessions(program.id, tz=tz))
