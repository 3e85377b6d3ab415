"""Which sessions count for a set when a new set is started the same day (a real file).

Probe: Sam did three sessions for "First two weeks" in the morning, then imported
"Second set" and did none of it. Outcomes said "Second set" had one patient started
while Home, the Patients page and the PDF said "0 of 8 done": the set's days began on
the import day, so that morning's sessions, played for the other set, counted for it.
A session played for a set (``program_sessions``) counts for that set only, never for
another set that happens to cover its day."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from painease.storage import SessionStore
from painease.storage.patients import set_sessions
from painease.storage.programs import ProgramStore
from tests.set_history import one_item_set, set_session

MONDAY = date(2026, 11, 16)


@pytest.fixture
def store(tmp_path):
    with SessionStore(tmp_path / "painease.sqlite3") as s:
        yield s


def _library_session(store, day: date, hour: int = 15) -> int:
    sid = store.start_session("somatic-tracking-first-steps", 1, 10,
                              started_at=datetime(day.year, day.month, day.day, hour,
                                                  tzinfo=UTC))
    store.end_session(sid, "completed", 600_000, played_ms=600_000)
    return sid


def test_sessions_played_for_one_set_do_not_count_for_the_next_started_that_day(store):
    first = one_item_set(store, date(2026, 11, 2), times_per_week=3, weeks=2,
                         title="First two weeks")
    morning = [set_session(store, first, MONDAY) for _ in range(3)]
    second = one_item_set(store, MONDAY, times_per_week=2, weeks=4, title="Second set")
    sets = ProgramStore(store)
    assert sets.current().program.id == second.id
    assert sets.status(MONDAY, tz=UTC).progress_text == "0 of 8 done"
    # None of that morning's sessions is the second set's; they stay the first set's.
    assert set_sessions(store, sets.program(second.id), today=MONDAY) == []
    assert [s.id for s in set_sessions(store, sets.program(first.id),
                                       today=MONDAY)] == morning


def test_library_practice_during_the_set_still_counts_for_it(store):
    # Practice from the Library during a set is practice during the set (docs/cohort.md).
    first = one_item_set(store, date(2026, 11, 2), times_per_week=3, weeks=2,
                         title="First two weeks")
    set_session(store, first, MONDAY)
    second = one_item_set(store, MONDAY, times_per_week=2, weeks=4, title="Second set")
    practice = _library_session(store, MONDAY)
    played = set_session(store, second, MONDAY)
    assert [s.id for s in set_sessions(store, ProgramStore(store).program(second.id),
                                       today=MONDAY)] == [played, practice]  # by time
