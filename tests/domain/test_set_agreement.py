"""What a set card says agrees with itself: the progress figure, what is due today and what
went by are one count of the same planned sessions (``program_status``'s one rule).

Walkthrough finding: a card said "6 of 8 done" and "due today" in the same week, and later
called sessions that had been done (early) "missed", because progress counted the whole
item while due and missed counted week by week.

The set starts on Monday 2 November 2026: one item, twice a week for 4 weeks (Mondays and
Thursdays: 8 planned sessions).
"""

from __future__ import annotations

from datetime import date, timedelta

from painease.domain.program_status import DoneSession, program_status
from painease.domain.programs import Program, Schedule

START = date(2026, 11, 2)  # a Monday


def _program(schedule: Schedule | None = None) -> Program:
    return Program.create("Four weeks", "Dr. Ana Moreno", [
        ("somatic-tracking-first-steps", 10,
         schedule or Schedule(times_per_week=2, weeks=4), None)])


def _done(*days: int) -> list[DoneSession]:
    return [DoneSession(1, START + timedelta(days=d)) for d in days]


def test_sessions_done_ahead_are_not_due_again():
    # Three sessions in each of the first two weeks: 6 of 8 done, which covers weeks 1 and
    # 2 and, done ahead, week 3. On week 3's Monday nothing is due.
    done = _done(0, 1, 2, 7, 8, 9)
    status = program_status(_program(), START, done, START + timedelta(days=14))
    assert status.progress_text == "6 of 8 done"
    assert status.due_today == ()
    assert status.missed == 0
    # Week 4 still has its two: due on its Monday, not before.
    week_4 = program_status(_program(), START, done, START + timedelta(days=21))
    assert [i.position for i in week_4.due_today] == [1]
    assert week_4.items[0].due_today == 1


def test_sessions_done_early_are_never_called_missed():
    # After the set's four weeks, with those six done and nothing more: only week 4's two
    # went by. (Counting week by week called weeks 3 and 4 missed: 4, beside 6 of 8 done.)
    done = _done(0, 1, 2, 7, 8, 9)
    status = program_status(_program(), START, done, START + timedelta(days=30))
    assert status.progress_text == "6 of 8 done"
    assert status.missed == 2
    assert status.done + status.missed == status.total


def test_a_session_done_after_its_week_went_by_counts_and_is_no_longer_missed():
    # Nothing in week 1, two in week 2 (its own), then after the set ended one more: it
    # takes the place of one that went by, as the card's "you can still do the next one"
    # promises.
    status = program_status(_program(), START, _done(7, 10), START + timedelta(days=30))
    assert (status.done, status.missed) == (2, 6)
    later = program_status(_program(), START, _done(7, 10, 30), START + timedelta(days=30))
    assert (later.done, later.missed) == (3, 5)


def test_a_dated_session_done_the_day_before_counts_for_its_date():
    program = _program(Schedule(dates=(date(2026, 11, 4), date(2026, 11, 6))))
    # Done on Tuesday 3rd for Wednesday's date: Wednesday has nothing due.
    status = program_status(program, START, _done(1), date(2026, 11, 4))
    assert (status.progress_text, status.due_today, status.missed) == ("1 of 2 done", (), 0)


def test_done_due_and_missed_never_add_up_to_more_than_the_set():
    # Every pattern of sessions over the first five weeks, on every day: what is done,
    # due today and went by are separate planned sessions, so together never more than
    # the set, and nothing is due once all are done.
    program = _program()
    patterns = [(), (0,), (0, 0, 0), (0, 1, 2, 3, 4), (6, 13), (3, 10, 17, 24),
                (0, 1, 2, 7, 8, 9), (20, 21, 22, 23, 24, 25, 26), (30, 31)]
    for days in patterns:
        for today in range(35):
            status = program_status(program, START, _done(*(d for d in days if d <= today)),
                                     START + timedelta(days=today))
            [item] = status.items
            assert item.done + item.due_today + item.missed <= item.planned, (days, today)
            assert status.missed == item.missed
            if status.finished:
                assert status.due_today == () and status.missed == 0, (days, today)


def test_a_session_dated_ahead_fills_what_was_due_not_its_dated_week():
    """Done on Monday of week 1 while the clock ran two weeks ahead (dated week 3's
    Monday). When it was lived is not known, only that it was by today: it fills the
    earliest planned session whose day has come, and keeps filling that one while it is
    dated ahead (not today's, then next week's, leaving the first as gone by)."""
    done = _done(14)
    status = program_status(_program(), START, done, START)
    assert (status.progress_text, status.due_today, status.missed) == ("1 of 8 done", (), 0)
    thursday = program_status(_program(), START, done, START + timedelta(days=3))
    assert (thursday.items[0].due_today, thursday.missed) == (1, 0)
    week_2 = program_status(_program(), START, done, START + timedelta(days=7))
    assert (week_2.items[0].due_today, week_2.missed) == (1, 1)  # Thursday's went by
    # Its date come, it is a session of week 3's Monday like any other (nothing says
    # otherwise): weeks 1 and 2 went by.
    week_3 = program_status(_program(), START, done, START + timedelta(days=14))
    assert (week_3.done, week_3.items[0].due_today, week_3.missed) == (1, 0, 4)


def test_a_session_dated_ahead_keeps_what_it_filled_once_a_later_one_was_saved():
    """The same session, and a session saved after it on week 1's Thursday (``lived_by``):
    it was lived by then, so on its own date and after, it still fills week 1's Monday;
    that week is never turned into one that went by."""
    done = [DoneSession(1, START + timedelta(days=14), lived_by=START + timedelta(days=3))]
    before = program_status(_program(), START, done, START)
    assert (before.progress_text, before.missed) == ("1 of 8 done", 0)
    week_3 = program_status(_program(), START, done, START + timedelta(days=14))
    # Week 1's Thursday and week 2's two went by; week 3's Monday is still due.
    assert (week_3.done, week_3.items[0].due_today, week_3.missed) == (1, 1, 3)


def test_who_fills_does_not_depend_on_the_day_it_is_counted_on():
    """The report's "item N" / "extra" marks and Outcomes' set column (who fills) are
    counted on the same day as Home; and who fills is the same whatever that day is, so
    they never disagree: sessions dated ahead, one with a later-saved session's day."""
    from painease.domain.program_status import fill_planned

    item = _program().items[0]
    done = [DoneSession(1, START + timedelta(days=d), lived_by=START + timedelta(days=b))
            if b is not None else DoneSession(1, START + timedelta(days=d))
            for d, b in ((0, None), (20, 3), (9, None), (12, 9), (26, None), (40, None),
                         (33, None), (35, None), (38, None))]
    fillers = {id(by) for _, by in fill_planned(item, START, done) if by is not None}
    for today in range(0, 45):
        on = START + timedelta(days=today)
        assert {id(by) for _, by in fill_planned(item, START, done, on)
                if by is not None} == fillers, on


def test_a_dated_session_done_a_day_late_fills_its_missed_date_not_the_next_one():
    """Probe finding: dates Tue 1 and Fri 4 December, done on Wed 2nd. It was counted as
    done ahead for Friday, so Wednesday's card called Tuesday's date gone by (untrue: it
    was made up) and Friday's said nothing was planned. A late session fills the
    earliest date of its item that went by; later dates stay due."""
    from painease.domain.program_status import fill_planned

    tuesday, friday = date(2026, 12, 1), date(2026, 12, 4)
    program = _program(Schedule(dates=(tuesday, friday)))
    done = [DoneSession(1, date(2026, 12, 2))]
    assert [by is not None for _, by in fill_planned(program.items[0], START, done)] == [
        True, False]
    wednesday = program_status(program, START, done, date(2026, 12, 2))
    assert (wednesday.progress_text, wednesday.missed, wednesday.missed_text) == (
        "1 of 2 done", 0, None)
    on_friday = program_status(program, START, done, friday)
    assert [i.position for i in on_friday.due_today] == [1]
    assert (on_friday.items[0].due_today, on_friday.missed) == (1, 0)
    # Not done on Friday either: only Friday's date went by.
    assert program_status(program, START, done, date(2026, 12, 5)).missed == 1
    # Of two dates gone by, the earliest is filled (as a weekly item's late one is).
    three = _program(Schedule(dates=(tuesday, date(2026, 12, 2), friday)))
    filled = fill_planned(three.items[0], START, [DoneSession(1, date(2026, 12, 3))])
    assert [by is not None for _, by in filled] == [True, False, False]


def test_a_dated_session_done_early_with_nothing_gone_by_still_fills_the_next_date():
    # Unchanged: with no earlier date left open, a session the day before fills its date.
    program = _program(Schedule(dates=(date(2026, 12, 1), date(2026, 12, 4))))
    done = [DoneSession(1, date(2026, 12, 1)), DoneSession(1, date(2026, 12, 3))]
    friday = program_status(program, START, done, date(2026, 12, 4))
    assert (friday.progress_text, friday.due_today, friday.missed) == ("2 of 2 done", (), 0)
