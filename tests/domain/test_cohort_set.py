"""Which sessions a set's Outcomes column counts (``painease.domain.cohort_set``)."""

from __future__ import annotations

from datetime import UTC, date, datetime

from painease.domain.cohort_set import (
    current_at,
    for_the_set,
    in_order,
    made_current,
    practice_during,
    set_days,
)
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


def _at(day: int, hour: int = 0) -> datetime:
    return datetime(2026, 11, day, hour, tzinfo=UTC)


def test_the_set_current_at_a_moment_is_the_one_made_current_last_before_it():
    # The activations in the order they were made: (set id, moment on the clock then).
    timeline = [("a", _at(2, 15)), ("b", _at(9, 8)), ("a", _at(12, 8))]
    assert [current_at(timeline, _at(day, hour)) for day, hour in (
        (2, 9), (2, 15), (5, 12), (9, 8), (10, 12), (13, 12))] == [
        None, "a", "a", "b", "b", "a"]
    # A Library session is practice during the set current then; a set none of whose
    # moments is known (older results) keeps the day rule.
    assert not practice_during("a", timeline, _at(2, 9))
    assert practice_during("b", timeline, _at(10, 12))
    assert not practice_during("a", timeline, _at(10, 12))
    assert practice_during("old", timeline, _at(10, 12))


def test_a_later_activation_wins_from_its_moment_on_though_its_clock_was_earlier():
    # "a" made current while the clock ran five days ahead ("10 Nov"), the clock put
    # right, then "b" made current on 6 Nov: "b" is the current set (as Home says) from
    # 6 Nov on, also on 11 Nov, after "a"'s moment.
    timeline = [("a", _at(10, 12)), ("b", _at(6, 12))]
    assert [current_at(timeline, _at(day, 15)) for day in (5, 7, 11)] == [None, "b", "b"]
    assert practice_during("b", timeline, _at(11, 15))
    assert not practice_during("a", timeline, _at(11, 15))


def test_of_two_activations_in_one_moment_the_later_made_wins_not_the_smaller_id():
    timeline = [("d", _at(20, 9)), ("c", _at(20, 9))]
    assert current_at(timeline, _at(20, 15)) == "c"
    assert current_at(list(reversed(timeline)), _at(20, 15)) == "d"


def test_first_days_with_no_moment_known_come_before_every_moment_kept():
    # "two" started on 2 Nov (that activation not kept), made current again on 9 Nov;
    # "next" made current on 5 Nov, in between (its moment kept).
    kept = [("next", _at(5, 10)), ("two", _at(9, 8))]
    started = {"two": _nov(2), "next": _nov(5)}
    assert in_order(kept, started, UTC) == [("two", _at(2)), *kept]
    assert in_order([], started, UTC) == []


def test_a_first_day_with_no_moment_known_counts_from_its_start():
    # Made current on 2 Nov (not kept), again on 9 Nov at 08:00 (kept).
    assert made_current([_at(9, 8)], _nov(2), UTC) == [_at(2), _at(9, 8)]
    # Kept that day: the moment, not the day's start.
    assert made_current([_at(2, 15)], _nov(2), UTC) == [_at(2, 15)]
    assert made_current([], None, UTC) == []
