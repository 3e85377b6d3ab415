"""The readings say only what their numbers support (walkthrough 2, findings 5, 6, 12):

* one rule for small numbers: below ``MIN_READING_SESSIONS`` (3) a reading says there is too
  little yet; an average over fewer than ``FEW`` (5) is given with "treat it lightly". The
  trend compares its earliest and latest thirds, so each end needs 3 days (or weeks);
* means and shifts round halves away from zero, as people do (−1.25 → 1.3 points);
* "sessions rated before and after" is the one term for the sessions an average uses."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import numpy as np

from painease.domain.insights import SessionPoint, daily_series, session_shifts, weekly_series
from painease.domain.live_shifts import PhaseShift
from painease.domain.readings import (
    FEW,
    MIN_READING_SESSIONS,
    phase_reading,
    shift_reading,
    trend_reading,
)

T0 = datetime(2024, 3, 4, 9, 0, tzinfo=UTC)
LIGHTLY = "That is only a few days at each end, so treat it lightly."


def point(i, pre=(6, 5), post=(3, 2), day=0):
    return SessionPoint(i, "somatic", T0 + timedelta(days=day), "completed", 600_000, 10.0,
                        *pre, *(post or (None, None)))


def days(after_pains):
    return daily_series([point(i, post=(p, 1), day=i) for i, p in enumerate(after_pains)], UTC)


def test_the_rule_is_three_to_say_anything_and_five_to_say_it_without_a_caveat():
    assert (MIN_READING_SESSIONS, FEW) == (3, 5)


def test_two_days_against_two_is_not_called_a_trend():
    # The walkthrough's case: 1.5 in the earliest 2 days, 0.5 in the latest 2.
    for n in (6, 7, 8):
        reading = trend_reading(days([2, 1] + [1] * (n - 4) + [1, 0]))
        assert reading == (f"Not enough days with an after-session pain rating yet to "
                           f"describe a trend ({n} counted so far; at least 9 are needed).")


def test_three_or_four_days_at_each_end_give_the_trend_with_a_caveat():
    reading = trend_reading(days([6, 6, 6, 4, 4, 4, 2, 2, 2]))
    assert reading == ("Pain after sessions came down: it averaged 6.0 in the earliest 3 days "
                       f"with ratings and 2.0 in the latest 3. {LIGHTLY}")
    assert trend_reading(days([6] * 4 + [4] * 6 + [2] * 4)).endswith(
        f"earliest 4 days with ratings and 2.0 in the latest 4. {LIGHTLY}")


def test_five_days_at_each_end_need_no_caveat():
    reading = trend_reading(days([6] * 5 + [4] * 5 + [2] * 5))
    assert reading.endswith("earliest 5 days with ratings and 2.0 in the latest 5.")
    assert "lightly" not in reading


def test_weeks_follow_the_same_rule():
    weekly = [point(i, post=(6 if i < 4 else 2, 1), day=7 * i) for i in range(8)]
    assert trend_reading(weekly_series(weekly, UTC)) == (
        "Not enough weeks with an after-session pain rating yet to describe a trend (8 counted so "
        "far; at least 9 are needed).")
    weekly = [point(i, post=(6 if i < 5 else 2, 1), day=7 * i) for i in range(10)]
    assert trend_reading(weekly_series(weekly, UTC)).endswith(
        "in the latest 3. That is only a few weeks at each end, so treat it lightly.")


def test_trend_means_round_halves_away_from_zero():
    # Earliest 4 days average 1.25, latest 4 average 0.25 (Python's format says 1.2, 0.2).
    reading = trend_reading(days([2, 1, 1, 1] + [1] * 4 + [1, 0, 0, 0]))
    assert "averaged 1.3 in the earliest 4 days with ratings and 0.3 in the latest 4." in reading


def test_a_phase_shift_from_a_few_sessions_is_read_lightly_and_rounded_as_people_do():
    few = PhaseShift("safety", 30.0, 3, 9, -1.25, 0.25, np.array([-1.0, -1.25, -1.5]))
    assert phase_reading(few) == (
        "In the half-minute after each “Safety” part began, your live pain rating was on "
        "average 1.3 points lower than in the half-minute before (3 sessions; sessions often "
        "differed from this average by about 0.3 points). That is only a few sessions, so "
        "treat it lightly.")
    enough = PhaseShift("safety", 30.0, 5, 9, -1.25, 0.25, np.full(5, -1.25))
    assert phase_reading(enough).endswith("by about 0.3 points).")


def test_the_before_and_after_reading_names_its_sessions_in_the_one_term():
    shifts = session_shifts([point(i, post=(3, 2) if i % 2 else (6, 6)) for i in range(6)])
    assert shift_reading(shifts) == (
        "Your sense of threat came down in 3 of your last 6 sessions rated before and after; "
        "pain came down in 3.")
    assert "rated sessions" not in shift_reading(shifts)
