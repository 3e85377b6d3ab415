"""The first and last week Outcomes compares (``painease.domain.cohort_weeks``)."""

from __future__ import annotations

from datetime import date, timedelta

from painease.domain.cohort_weeks import Rated, end_weeks

DAY = date(2026, 11, 1)


def rated(*days_and_pain):
    return [Rated(DAY + timedelta(days=d), p, p) for d, p in days_and_pain]


def test_the_weeks_never_overlap_and_the_small_numbers_rule_holds_for_each():
    # Ten days of ratings: first week days 0-6, last week only days 7-9 (not 3-9).
    weeks = end_weeks(rated((0, 8), (2, 8), (4, 8), (6, 8), (7, 2), (8, 3), (9, 4)))
    assert (weeks.first.n, weeks.last.n) == (4, 3)
    assert weeks.last.first_day == DAY + timedelta(days=7)
    assert (weeks.first.pain, weeks.last.pain) == (8, 3)
    assert weeks.enough and weeks.few  # 4 and 3 ratings: counted, taken lightly
    m = weeks.measure("p", "g")
    assert (m.pain_before, m.pain_after, m.pain_change) == (8, 3, -5)
    # Ratings within one week: no last week at all.
    assert end_weeks(rated((0, 5), (1, 5), (6, 5))).last is None
    # Two ratings in a week: not enough, no value.
    thin = end_weeks(rated((0, 5), (1, 5), (2, 5), (10, 1), (11, 1)))
    assert thin.last.n == 2 and thin.last.pain is None and not thin.enough
    assert thin.measure("p", "g").pain_after is None
    assert end_weeks([]).first is None and not end_weeks([]).enough


def test_a_rating_dated_in_the_future_does_not_move_the_last_week():
    """Saved while the patient's clock ran a month ahead: it still happened, but it is
    not "the latest" (``painease.domain.wrong_clock``): the last week ends at the latest
    rating dated up to now, as if the clock had been right."""
    lived = rated(*((d, 8 if d < 7 else 4) for d in range(21)))
    ahead = Rated(DAY + timedelta(days=50), 1, 1, ahead=True)
    weeks = end_weeks([*lived, ahead])
    assert weeks == end_weeks(lived)
    assert weeks.last.last_day == DAY + timedelta(days=20) and weeks.last.pain == 4
    # Every rating dated ahead: the last one is the latest, as ``latest_lived`` has it.
    all_ahead = [Rated(r.day, r.pain, r.fear, ahead=True) for r in lived]
    assert end_weeks(all_ahead) == end_weeks(lived)
