"""Which sessions a set's Outcomes column counts (``painease.domain.cohort_set``)."""

from __future__ import annotations

from datetime import date

from painease.domain.cohort_set import for_the_set, set_days
from painease.domain.program_status import DoneSession
from painease.domain.programs import Program, Schedule

# Three a week for two weeks, started 1 Nov: it covers 1-14 Nov, six planned sessions.
THREE = Program.create("Three a week", "Dr. Ana Moreno", [
    ("paced-breathing", 5, Schedule(times_per_week=3, weeks=2), None)])
START = date(2026, 11, 1)


def _nov(day: int) -> date:
    return date(2026, 11, day)


def _linked(*days: int) -> list[tuple[str, DoneSession]]:
    return [(f"s{day}", DoneSession(1, _nov(day), "paced-breathing", 5)) for day in days]


def test_a_set_covers_its_start_to_the_end_of_its_planned_weeks():
    assert set_days(THREE, START) == (START, _nov(14))
    assert set_days(THREE, None) is None


def test_sessions_during_the_set_count_linked_or_not_and_none_from_before_it():
    days = [("before", date(2026, 10, 20)), ("free", _nov(5)), ("s2", _nov(2))]
    assert for_the_set(THREE, START, days, _linked(2)) == {"free", "s2"}


def test_sessions_done_late_count_as_far_as_they_fill_planned_ones():
    # Three in the first week, then four late: three make up the second week's, the
    # fourth fills nothing (six planned) and is not the set's.
    done = _linked(2, 3, 4, 16, 17, 18, 19)
    days = [(key, session.day) for key, session in done] + [("after", _nov(20))]
    assert for_the_set(THREE, START, days, done) == {"s2", "s3", "s4", "s16", "s17", "s18"}


def test_a_set_never_started_has_no_session():
    done = _linked(2, 16)
    assert for_the_set(THREE, None, [(k, s.day) for k, s in done], done) == set()
