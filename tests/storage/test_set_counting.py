"""Which sessions count for a set (a real file): those the patient heard at least half of,
however they ended. A session stopped after 4 seconds does not; one the app died in at
9:58 of 10:00 does; one skipped through to its end does not (little of it played)."""

from __future__ import annotations

from datetime import UTC, date

import pytest

from painease.domain.program_status import counts_for_set
from painease.domain.programs import Program
from painease.storage import SessionStore
from painease.storage.programs import ProgramStore
from painease.storage.zones import own_zone
from tests.set_history import one_item_set, start_set_session

START = date(2026, 11, 2)


@pytest.fixture
def store(tmp_path):
    with SessionStore(tmp_path / "painease.sqlite3") as s:
        yield s


def _set(store) -> Program:
    return one_item_set(store, START, times_per_week=7, weeks=2, origin="own")


def _start(store, program, day: int) -> int:
    return start_set_session(store, program, date(2026, 11, day), hour=9)


def _counted_days(store, program) -> list[int]:
    return [d.day.day for d in ProgramStore(store).done_sessions(program.id, tz=UTC)]


def test_half_heard_counts_however_the_session_ended(store):
    program = _set(store)
    early = _start(store, program, 2)  # stopped after 4 seconds
    store.end_session(early, "stopped_early", 4_000, played_ms=4_000)
    most = _start(store, program, 3)  # stopped at 6:00 of 10:00
    store.end_session(most, "stopped_early", 360_000, played_ms=360_000)
    half = _start(store, program, 4)  # exactly half
    store.end_session(half, "stopped_early", 300_000, played_ms=300_000)
    skipped = _start(store, program, 5)  # "Next" to the end: 1:00 of it played
    store.end_session(skipped, "completed", 600_000, played_ms=60_000)
    full = _start(store, program, 6)
    store.end_session(full, "completed", 600_000, played_ms=600_100)
    assert _counted_days(store, program) == [3, 4, 6]
    status = ProgramStore(store).status(date(2026, 11, 7), tz=own_zone(store))
    assert status.progress_text == "3 of 14 done"


def test_a_session_the_app_died_in_counts_by_what_was_heard(store):
    program = _set(store)
    late = _start(store, program, 2)  # the app died at 9:58 of 10:00
    store.save_progress(late, 598_000, 597_500)
    soon = _start(store, program, 3)  # …and here after 20 seconds
    store.save_progress(soon, 20_000, 20_000)
    assert _counted_days(store, program) == []  # still running: nothing counts yet
    store.mark_interrupted()
    assert _counted_days(store, program) == [2]


def test_sessions_from_before_time_played_was_kept(store):
    """Older files (and older results) do not know the time played: how far the session
    got counts instead, and a completed one without either reached its end."""
    program = _set(store)
    ids = [_start(store, program, day) for day in (2, 3, 4, 5)]
    store.end_session(ids[0], "completed", 600_000)
    store.end_session(ids[1], "stopped_early", 420_000)
    store.end_session(ids[2], "stopped_early", 60_000)
    store.mark_interrupted()  # ids[3]: no position saved at all
    store.database.conn.execute("UPDATE sessions SET played_ms = NULL, elapsed_ms = NULL"
                                " WHERE id = ?", (ids[0],))
    assert _counted_days(store, program) == [2, 3]


@pytest.mark.parametrize(("outcome", "heard", "length", "expected"), [
    ("completed", None, 10, True), ("completed", 299_999, 10, False),
    ("stopped_early", 300_000, 10, True), ("interrupted", 598_000, 10, True),
    ("interrupted", None, 10, False), ("in_progress", 600_000, 10, False),
    ("stopped_early", 3_000, 0.1, True), ("stopped_early", 2_999, 0.1, False),
])
def test_the_rule_in_one_place(outcome, heard, length, expected):
    assert counts_for_set(outcome, heard, length) is expected
