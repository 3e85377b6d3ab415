"""A Library session counts for the set that was current when it started, in the order
the sets were made current, as Home's current set goes (``ProgramStore.current``), never
by which activation's clock time is latest.

Review (the lead's reviewer, /tmp/review/clock.py and deleted.py): a set made current
while the clock ran ahead was credited with a Library session though Home showed the
set made current after it; of two activations in one millisecond the one with the
smaller set id won; and after the current set was deleted, Home showed another set but
practice from then on counted for none. Real SQLite files throughout.
"""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from painease.domain.programs import Program, Schedule
from painease.storage import SessionStore
from painease.storage.patients import set_sessions
from painease.storage.programs import ProgramStore

SCRIPT = "somatic-tracking-first-steps"


def _mar(day: int, hour: int = 12) -> datetime:
    return datetime(2026, 3, day, hour, tzinfo=UTC)


def _set(title: str) -> Program:
    return Program.create(title, "Dr. Ana Moreno",
                          [(SCRIPT, 10, Schedule(times_per_week=3, weeks=4), None)])


@pytest.fixture
def store(tmp_path):
    with SessionStore(tmp_path / "painease.sqlite3") as opened:
        yield opened


def _make_current(sets: ProgramStore, program: Program, at: datetime) -> None:
    sets.save_program(program, activate=True, today=at.date(), at=at)


def _library(store: SessionStore, at: datetime) -> int:
    sid = store.start_session(SCRIPT, 1, 10, started_at=at)
    store.end_session(sid, "completed", 600_000, played_ms=600_000)
    return sid


def _credited(store: SessionStore, *programs: Program) -> list[list[int]]:
    sets = ProgramStore(store)
    return [[s.id for s in set_sessions(store, sets.program(p.id), today=date(2026, 3, 30))]
            for p in programs]


def test_a_set_made_current_with_the_clock_ahead_gives_way_to_the_next_one(store):
    # "Set A" made current while the clock said 10 Mar (five days ahead); the clock put
    # right, "Set B" made current on 6 Mar. Home shows B; practice on 11 Mar is B's.
    sets = ProgramStore(store)
    a, b = _set("Set A"), _set("Set B")
    _make_current(sets, a, _mar(10))
    _make_current(sets, b, _mar(6))
    on_11 = _library(store, _mar(11, 15))
    assert sets.current().program.id == b.id
    assert _credited(store, a, b) == [[], [on_11]]


def test_of_two_sets_made_current_in_one_millisecond_the_later_one_counts(store):
    sets = ProgramStore(store)
    c, d = sorted([_set("Set C"), _set("Set D")], key=lambda p: p.id)
    _make_current(sets, d, _mar(20, 9))  # the larger id first, so an id tie-break fails
    _make_current(sets, c, _mar(20, 9))
    session = _library(store, _mar(20, 15))
    assert sets.current().program.id == c.id
    assert _credited(store, c, d) == [[session], []]
    # Made current again in that same millisecond: it is current again, and counts.
    sets.activate(d.id, at=_mar(20, 9))
    assert sets.current().program.id == d.id
    assert _credited(store, c, d) == [[], [session]]


def test_practice_after_the_current_set_is_deleted_counts_for_the_set_home_shows(store):
    sets = ProgramStore(store)
    a, b = _set("Set A"), _set("Set B")
    _make_current(sets, b, _mar(1, 9))
    _make_current(sets, a, _mar(5, 9))
    before = _library(store, _mar(6, 15))  # A's, as it was current then
    sets.delete_program(a.id, at=_mar(7, 9))
    after = _library(store, _mar(8, 15))
    assert sets.current().program.id == b.id
    assert _credited(store, b) == [[after]]
    assert sets.made_current(tz=None)[b.id] == [_mar(1, 9), _mar(7, 9)]
    assert before not in _credited(store, b)[0]
    # Deleting a set that is not the current one makes no set current.
    other = _set("Set C")
    sets.save_program(other)
    sets.delete_program(other.id, at=_mar(9, 9))
    assert sets.made_current(tz=None)[b.id] == [_mar(1, 9), _mar(7, 9)]


def test_deleting_the_only_set_leaves_none_current(store):
    sets = ProgramStore(store)
    a = _set("Set A")
    _make_current(sets, a, _mar(1, 9))
    sets.delete_program(a.id, at=_mar(2, 9))
    assert sets.current() is None
    assert sets.made_current(tz=None) == {a.id: [_mar(1, 9)]}
