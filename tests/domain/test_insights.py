"""Insights numbers against hand-worked cases: missing ratings, single sessions, time zones."""

from __future__ import annotations

import math
import re
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from painease.domain.insights import (
    Change,
    SessionPoint,
    daily_series,
    fear_pain_link,
    last_rated,
    session_shifts,
    weekly_series,
)
from painease.domain.live_shifts import (
    MIN_AFTER_SHARE,
    LiveTrace,
    PhaseShift,
    held_mean,
    phase_shift,
    phase_starts,
    trace_shift,
)
from painease.domain.readings import link_reading, phase_reading, shift_reading, trend_reading
from painease.domain.script import Phase
from painease.domain.summaries import by_script, no_shares_reason, yardsticks
from painease.domain.timeline import Segment, SegmentKind, Timeline
from painease.domain.voice import Voice

T0 = datetime(2024, 3, 4, 9, 0, tzinfo=UTC)  # a Monday


def point(i, pre=(6, 5), post=(3, 2), day=0, hour=0, script="somatic", outcome="completed"):
    pre_pain, pre_fear = pre if pre else (None, None)
    post_pain, post_fear = post if post else (None, None)
    return SessionPoint(i, script, T0 + timedelta(days=day, hours=hour), outcome, 600_000,
                        10.0, pre_pain, pre_fear, post_pain, post_fear)


def nan_equal(a, b):
    """Same NaNs, and the numbers equal up to floating-point rounding (cumulative sums)."""
    a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    return a.shape == b.shape and np.allclose(a, b, rtol=1e-12, atol=1e-12, equal_nan=True)


# ---- per session ------------------------------------------------------------------------


def test_session_shift_points_and_percent():
    shift, = session_shifts([point(1, pre=(8, 6), post=(6, 3))])
    # pain 8 -> 6: -2 points, -2/8 = -25 %; fear 6 -> 3: -3 points, -50 %
    assert shift.pain == Change(8, 6, -2, -25.0)
    assert shift.fear == Change(6, 3, -3, -50.0)
    assert shift.completed


def test_skipped_post_rating_is_no_change_not_zero():
    shift, = session_shifts([point(1, pre=(5, 5), post=None, outcome="stopped_early")])
    assert shift.pain is None and shift.fear is None
    assert not shift.completed


def test_percent_is_none_when_before_is_zero():
    shift, = session_shifts([point(1, pre=(0, 0), post=(2, 0))])
    assert shift.pain.points == 2 and shift.pain.percent is None
    assert shift.fear.points == 0 and shift.fear.percent is None


# ---- over time --------------------------------------------------------------------------


def test_daily_series_means_skip_missing_ratings():
    points = [
        point(1, pre=(6, 4), post=(4, 2), day=0),
        point(2, pre=(8, 6), post=None, day=0, hour=3),  # post skipped: not a 0
        point(3, pre=(2, 2), post=(1, 1), day=2),
    ]
    s = daily_series(points, UTC)
    assert list(s.start.astype(str)) == ["2024-03-04", "2024-03-06"]
    assert nan_equal(s.pre_pain, [7.0, 2.0])  # (6 + 8) / 2
    assert nan_equal(s.post_pain, [4.0, 1.0])  # only session 1 rated after on day 0
    assert nan_equal(s.pre_fear, [5.0, 2.0])
    assert nan_equal(s.post_fear, [2.0, 1.0])
    assert list(s.count) == [2, 1]
    # rolling 7 days over the daily means: day 0 -> 4; day 2 -> (4 + 1) / 2 = 2.5
    assert nan_equal(s.rolling_post_pain, [4.0, 2.5])
    assert nan_equal(s.rolling_pre_pain, [7.0, 4.5])


def test_rolling_mean_forgets_days_older_than_seven():
    # post pain 8 on day 0, 2 on day 6, 5 on day 7: the window for day 7 is days 1..7
    points = [point(1, post=(8, 1), day=0), point(2, post=(2, 1), day=6),
              point(3, post=(5, 1), day=7)]
    s = daily_series(points, UTC)
    assert nan_equal(s.rolling_post_pain, [8.0, 5.0, 3.5])  # (8+2)/2, (2+5)/2


def test_day_with_no_pain_rating_is_nan_and_rolling_carries_earlier_days():
    points = [point(1, post=(3, 1), day=0), point(2, pre=None, post=None, day=1)]
    s = daily_series(points, UTC)
    assert nan_equal(s.post_pain, [3.0, np.nan])
    assert nan_equal(s.pre_pain, [6.0, np.nan])
    assert nan_equal(s.rolling_post_pain, [3.0, 3.0])
    assert list(s.count) == [1, 1]


def test_days_follow_the_patients_time_zone():
    # 23:30 UTC on Monday is already Tuesday 08:30 in Tokyo
    late = SessionPoint(1, "s", datetime(2024, 3, 4, 23, 30, tzinfo=UTC), "completed",
                        None, 5.0, 5, 5, 4, 4)
    assert str(daily_series([late], UTC).start[0]) == "2024-03-04"
    assert str(daily_series([late], ZoneInfo("Asia/Tokyo")).start[0]) == "2024-03-05"
    # around a DST change: 22:30 UTC is 23:30 in Berlin on 30 March (CET, +1) but 00:30 on
    # 1 April (CEST, +2)
    berlin = ZoneInfo("Europe/Berlin")
    spring = [SessionPoint(i, "s", datetime(2024, 3, d, 22, 30, tzinfo=UTC), "completed",
                           None, 5.0, 5, 5, 4, 4) for i, d in ((1, 30), (2, 31))]
    assert list(daily_series(spring, berlin).start.astype(str)) == ["2024-03-30", "2024-04-01"]


def test_weekly_series_groups_by_monday():
    # 2024-03-04 is a Monday; day 6 is Sunday (same week), day 7 the next Monday
    points = [point(1, post=(2, 1), day=0), point(2, post=(4, 1), day=6),
              point(3, post=(7, 1), day=7)]
    s = weekly_series(points, UTC)
    assert list(s.start.astype(str)) == ["2024-03-04", "2024-03-11"]
    assert nan_equal(s.post_pain, [3.0, 7.0])
    assert list(s.count) == [2, 1]
    assert np.isnan(s.rolling_post_pain).all()


def test_empty_series():
    s = daily_series([], UTC)
    assert len(s.start) == 0 and s.start.dtype == np.dtype("datetime64[D]")
    assert trend_reading(s) == ""


# ---- fear-pain link ---------------------------------------------------------------------


def test_link_hand_worked_slope_and_r():
    # fear changes x = -1, -2, -3; pain changes y = -1, -1, -3
    # mean x = -2, mean y = -5/3; Sxx = 2, Sxy = (1)(2/3) + 0 + (-1)(-4/3) = 2, Syy = 8/3
    # slope = 1, intercept = -5/3 + 2 = 1/3, r = 2 / sqrt(2 * 8/3) = 0.8660
    shifts = session_shifts([
        point(1, pre=(5, 5), post=(4, 4)),
        point(2, pre=(5, 5), post=(4, 3)),
        point(3, pre=(5, 5), post=(2, 2)),
        point(4, pre=(5, 5), post=None),  # not counted
    ])
    link = fear_pain_link(shifts, min_n=3)
    assert link.n == 3 and link.enough
    assert link.slope == pytest.approx(1.0)
    assert link.intercept == pytest.approx(1 / 3)
    assert link.r == pytest.approx(math.sqrt(3) / 2)
    assert list(link.fear_changes) == [-1, -2, -3]
    assert list(link.pain_changes) == [-1, -1, -3]
    own = link_reading(link)
    assert "strong link: in the sessions where the sense of threat came down most" in own
    assert "r =" not in own
    assert "strong link (r = 0.87): when the sense of threat" in link_reading(
        link, Voice.about("Sam"))


def test_link_reading_says_which_way_pain_went_for_each_sign_of_the_slope():
    # Pain change = -1/2 x fear change: fear -4 -> pain +2, fear +2 -> pain -1.
    # x = -4, -4, -2, -2, 0, 0, 2, 2, -4, 2 (mean -1): Sxx = 9+9+1+1+1+1+9+9+9+9 = 58,
    # y = -x/2, so Sxy = -29, slope = -29/58 = -0.5 and r = -1.
    fear = [-4, -4, -2, -2, 0, 0, 2, 2, -4, 2]
    against = session_shifts([point(i, pre=(5, 5), post=(5 - x // 2, 5 + x))
                              for i, x in enumerate(fear)])
    link = fear_pain_link(against)
    assert (link.n, link.slope, link.r) == (10, pytest.approx(-0.5), pytest.approx(-1.0))
    # The patient's own reading: one plain sentence, no slope (a clinician review read
    # "about 0.50 points more pain for each point less threat" as regression jargon).
    assert link_reading(link) == (
        "Across 10 sessions there is a strong link: in the sessions where the sense of "
        "threat came down most, pain tended to come down least, or to go up. A link is not "
        "proof that one causes the other.")
    # A therapist reading about a patient keeps the numbers.
    assert link_reading(link, Voice.about("Sam")) == (
        "Across 10 sessions there is a strong link (r = -1.00): when the sense of threat "
        "came down more, pain tended to go up, or come down less (about 0.50 points more "
        "pain for each point less threat). A link is not proof that one causes the other.")
    # The same with pain change = +1/2 x fear change: slope 0.5, r = 1.
    along = session_shifts([point(i, pre=(5, 5), post=(5 + x // 2, 5 + x))
                            for i, x in enumerate(fear)])
    assert link_reading(fear_pain_link(along)) == (
        "Across 10 sessions there is a strong link: in the sessions where the sense of "
        "threat came down most, pain tended to come down most too. A link is not proof that "
        "one causes the other.")
    assert link_reading(fear_pain_link(along), Voice.about("Sam")) == (
        "Across 10 sessions there is a strong link (r = 1.00): when the sense of threat came "
        "down more, pain tended to come down more too (about 0.50 points less pain for each "
        "point less threat). A link is not proof that one causes the other.")
    # A slope too small to show in two decimals: 25 sessions with fear 0 -> 10 (+10), 25
    # with 10 -> 0 (-10), pain unchanged but in one fear-up session (+1). x mean 0,
    # Sxx = 50 * 100 = 5000; Sxy = 10 * 1 = 10 (x sums to 0); slope = 0.002;
    # Syy = 1 - 50 * 0.02^2 = 0.98; r = 10 / sqrt(5000 * 0.98) = 10 / 70 = 0.14: weak.
    tiny = session_shifts([point(i, pre=(5, 10 * (i % 2)),
                                 post=(5 + (i == 0), 10 - 10 * (i % 2))) for i in range(50)])
    link = fear_pain_link(tiny)
    assert (link.slope, link.r) == (pytest.approx(0.002), pytest.approx(1 / 7))
    assert "weak link (r = 0.14): when the sense of threat came down more, pain tended to " \
           "come down more too (less than 0.01 points less pain for each point less " \
           "threat)" in link_reading(link, Voice.about("Sam"))
    assert "weak link: in the sessions where the sense of threat came down most, pain " \
           "tended to come down most too." in link_reading(link)


@pytest.mark.parametrize("sign", [1, -1])
def test_a_patients_own_link_reading_gives_no_number_but_the_count(sign):
    """Insights' own reading of the link says it in words: no slope, no r, no decimal."""
    fear = [-4, -4, -2, -2, 0, 0, 2, 2, -4, 2]
    shifts = session_shifts([point(i, pre=(5, 5), post=(5 + sign * x // 2, 5 + x))
                             for i, x in enumerate(fear)])
    own = link_reading(fear_pain_link(shifts))
    assert own.startswith("Across 10 sessions there is a strong link: ")
    assert not re.search(r"\d", own.removeprefix("Across 10")), own
    assert "points" not in own and "for each" not in own


def test_link_hidden_below_min_n_and_without_variance():
    shifts = session_shifts([point(i, pre=(5, 5), post=(4, 5 - i % 3)) for i in range(9)])
    link = fear_pain_link(shifts)  # default min_n = 10
    assert link.n == 9 and link.min_n == 10 and not link.enough
    assert link.slope is None and link.r is None
    assert "at least 10" in link_reading(link) and "9 rated" in link_reading(link)
    flat = fear_pain_link(session_shifts([point(i) for i in range(12)]))
    assert flat.n == 12 and not flat.enough and flat.r is None
    assert fear_pain_link([]).n == 0 and link_reading(fear_pain_link([])) == ""


# ---- within sessions --------------------------------------------------------------------


def trace(sid, samples, marks, end_ms=None):
    t = np.array([s[0] for s in samples], dtype=np.int64)
    v = np.array([s[1] for s in samples], dtype=float)
    return LiveTrace(sid, t, v, marks, end_ms)


def test_held_mean_is_time_weighted():
    t = np.array([0, 20_000, 40_000])
    v = np.array([6.0, 5.0, 3.0])
    # [10 s, 30 s): 6 held for 10 s, 5 for 10 s -> 5.5
    assert held_mean(t, v, 10_000, 30_000) == pytest.approx(5.5)
    # [30 s, 50 s): 5 for 10 s, 3 for 10 s -> 4 (the last value holds on)
    assert held_mean(t, v, 30_000, 50_000) == pytest.approx(4.0)
    # before the first sample nothing is known: [-10 s, 10 s) covers only [0, 10 s) -> 6
    assert held_mean(t, v, -10_000, 10_000) == pytest.approx(6.0)
    assert held_mean(t, v, -10_000, 0) is None
    assert held_mean(np.array([], dtype=np.int64), np.array([]), 0, 10) is None


def test_safety_shift_averaged_across_sessions():
    # session 1: safety at 30 s -> before 5.5, after 4.0 -> -1.5 (see test above)
    one = trace(1, [(0, 6), (20_000, 5), (40_000, 3)], [(0, "settle"), (30_000, "safety")])
    # session 2: two safety starts. at 10 s: before [0,10) = 4, after [10,30) = 4 -> 0
    # (window 20 s covers only 10 s before). at 60 s: before [40,60) = 4 (sample at 50 s is 4
    # too), after [60,80): 2 for 20 s -> 2; shift -2. session mean = (0 - 2) / 2 = -1
    two = trace(2, [(0, 4), (50_000, 4), (60_000, 2)],
                [(10_000, "safety"), (40_000, "attention"), (60_000, "safety")])
    # session 3: the rating starts after the phase began -> no usable event
    three = trace(3, [(40_000, 3)], [(30_000, "safety")])
    shift = phase_shift([one, two, three], "safety", window_s=20)
    assert shift.n_sessions == 2 and shift.n_events == 3
    assert list(shift.per_session) == pytest.approx([-1.5, -1.0])
    assert shift.mean == pytest.approx(-1.25)
    assert shift.sd == pytest.approx(math.sqrt(0.125))  # deviations ±0.25, n - 1 = 1
    assert phase_shift([one], "positive-affect").n_sessions == 0


def test_phase_shift_single_session_has_no_spread_and_reading_waits():
    one = trace(1, [(0, 6), (20_000, 5), (40_000, 3)], [(30_000, "safety")])
    shift = phase_shift([one], "safety", window_s=20)
    assert shift.n_sessions == 1 and shift.sd is None
    assert phase_reading(shift).startswith("Not enough sessions")
    many = phase_shift([trace(i, [(0, 6), (20_000, 5), (40_000, 3)], [(30_000, "safety")])
                        for i in range(4)], "safety", window_s=20)
    reading = phase_reading(many)
    assert "1.5 points lower" in reading and "(4 sessions, much the same in each)" in reading
    varied = PhaseShift("safety", 30.0, 3, 9, -1.2, 0.34, np.array([-0.8, -1.2, -1.6]))
    assert phase_reading(varied).endswith(
        "(3 sessions; sessions often differed from this average by about 0.3 points). That is "
        "only a few sessions, so treat it lightly.")
    assert "±" not in phase_reading(varied) and "SD" not in phase_reading(varied)


def test_phase_starts_at_or_after_the_end_do_not_count_and_the_window_is_cut_there():
    # Rating 6, 5 from 20 s, 3 from 40 s; safety starts at 30 s; 20 s windows. Before
    # [10, 30) = 5.5 whatever the end.
    def shift(end_ms):
        one = trace(1, [(0, 6), (20_000, 5), (40_000, 3)], [(30_000, "safety")], end_ms)
        return trace_shift(one, "safety", window_s=20)

    # No end known: the last value holds on, after [30, 50) = 4 -> -1.5 (as before).
    assert shift(None) == pytest.approx((1, -1.5))
    assert shift(50_000) == pytest.approx((1, -1.5))  # the whole window was played
    # Cut at 45 s: [30, 45) = (5 * 10 + 3 * 5) / 15 = 13/3 -> 13/3 - 5.5 = -7/6.
    assert shift(45_000) == pytest.approx((1, -7 / 6))
    # Cut to exactly half the window (MIN_AFTER_SHARE): [30, 40) = 5 -> -0.5, still counts.
    assert MIN_AFTER_SHARE == 0.5 and shift(40_000) == pytest.approx((1, -0.5))
    assert shift(39_999) == (0, None)  # less than half of it was played
    assert shift(30_000) == (0, None)  # ended as safety began: never reached
    assert shift(20_000) == (0, None)  # ended before: never reached
    # Across sessions only those that reached safety count (stopped at 20 s: none).
    early = [trace(i, [(0, 6), (10_000, 5)], [(30_000, "safety")], 20_000) for i in range(3)]
    assert phase_shift(early, "safety").n_sessions == 0
    assert phase_reading(phase_shift(early, "safety")) == ""


def test_phase_shift_refuses_unknown_phase():
    with pytest.raises(ValueError, match="phase must be"):
        phase_shift([], "closing")


def test_phase_starts_mark_each_run_of_a_phase():
    rate = 1000

    def seg(start, end, phase):
        return Segment(start, end, SegmentKind.SPEECH, 0, phase, "", None)

    timeline = Timeline("s", 1, rate, (
        seg(0, 5000, Phase.SETTLE), seg(5000, 9000, Phase.SAFETY),
        seg(9000, 12_500, Phase.SAFETY), seg(12_500, 20_000, Phase.POSITIVE_AFFECT),
        seg(20_000, 21_000, Phase.SAFETY)))
    assert phase_starts(timeline) == [(0, "settle"), (5000, "safety"),
                                      (12_500, "positive-affect"), (20_000, "safety")]


# ---- yardsticks and the script table ----------------------------------------------------


def test_yardsticks_hand_worked():
    points = [
        point(1, pre=(10, 5), post=(7, 3), day=0),  # -30 %: reaches 30, not 50
        point(2, pre=(6, 5), post=(3, 3), day=0),  # -50 %: both
        point(3, pre=(5, 5), post=(4, 3), day=1),  # -20 %: neither
        point(4, pre=(0, 2), post=(0, 1), day=2),  # pre 0: rated but no base for a share
        point(5, pre=(3, 3), post=None, day=3),  # skipped: day 3 counts its pre pain 3
        point(6, pre=(2, 1), post=(1, 1), day=4),  # -50 %: both; day 4 mean 1 -> 0-1
        point(7, pre=None, post=None, day=5),  # no rating at all: day 5 not counted
    ]
    y = yardsticks(points, UTC)
    assert y.n_rated == 5 and y.n_base == 4
    assert y.share_30 == pytest.approx(3 / 4)  # sessions 1, 2, 6
    assert y.share_50 == pytest.approx(2 / 4)  # sessions 2, 6
    # days: 0 -> (7+3)/2 = 5; 1 -> 4; 2 -> 0 (yes); 3 -> 3 (pre, post skipped); 4 -> 1 (yes)
    assert y.n_days == 5 and y.days_0_1 == 2
    assert set(y.definitions) >= {"share_30", "share_50", "days_0_1", "missing"}
    assert "30%" in y.definitions["share_30"]


def test_yardsticks_single_session_and_none():
    y = yardsticks([point(1, pre=(4, 4), post=(2, 2))], UTC)
    assert (y.n_rated, y.share_30, y.share_50, y.n_days, y.days_0_1) == (1, 1.0, 1.0, 1, 0)
    empty = yardsticks([point(1, pre=(4, 4), post=None)], UTC)
    assert empty.n_rated == 0 and empty.share_30 is None and empty.share_50 is None
    assert empty.n_days == 1


def test_why_there_are_no_shares():
    # Not "none rated yet" when sessions were rated but all started at pain 0.
    assert no_shares_reason(yardsticks([point(1, pre=(4, 4), post=None)], UTC)) == (
        "No sessions rated before and after in this period yet.")
    at_zero = yardsticks([point(1, pre=(0, 3), post=(0, 1), day=0),
                          point(2, pre=(0, 2), post=(1, 1), day=1)], UTC)
    assert (at_zero.n_rated, at_zero.n_base, at_zero.share_30) == (2, 0, None)
    assert no_shares_reason(at_zero) == ("The 2 sessions rated before and after all started "
                                         "at pain 0, so there is no drop to measure.")
    one = yardsticks([point(1, pre=(0, 3), post=(0, 1))], UTC)
    assert no_shares_reason(one) == ("The session rated before and after started at pain 0, "
                                     "so there is no drop to measure.")


def test_by_script_table():
    shifts = session_shifts([
        point(1, script="breathing", pre=(6, 6), post=(5, 3)),
        point(2, script="somatic", pre=(6, 6), post=(4, 2)),
        point(3, script="somatic", pre=(5, 4), post=(1, 4)),
        point(4, script="somatic", pre=(5, 4), post=None),
    ])
    rows = by_script(shifts)
    assert [r.script_id for r in rows] == ["somatic", "breathing"]
    somatic = rows[0]
    assert somatic.sessions == 3 and somatic.n_pain == 2
    assert somatic.mean_pain_change == pytest.approx(-3.0)  # (-2 + -4) / 2
    assert somatic.mean_fear_change == pytest.approx(-2.0)  # (-4 + 0) / 2
    assert (rows[1].mean_pain_change, rows[1].mean_fear_change) == (-1.0, -3.0)


# ---- readings ---------------------------------------------------------------------------


def test_shift_reading_counts_and_mentions_missing():
    points = [point(i, pre=(6, 6), post=(5, 4) if i % 2 else (6, 7)) for i in range(8)]
    points.append(point(8, pre=(6, 6), post=None))
    reading = shift_reading(session_shifts(points), last=10)
    # rated: 8 sessions; fear down in the 4 odd ones, pain down in the same 4
    assert reading.startswith("Your sense of threat came down in 4 of your last 8 sessions "
                              "rated before and after; pain came down in 4.")
    assert "1 session without both ratings is not counted" in reading
    assert shift_reading(session_shifts([point(1)])).startswith("Not enough")
    assert shift_reading([]) == ""


def test_shift_reading_describes_the_sessions_the_chart_draws():
    # Oldest first: 2 unrated, 6 rated 6 -> 3 (down), 1 unrated, 6 rated 3 -> 5 (up),
    # 2 unrated. The chart draws the last 10 rated: 4 down (sessions 4-7), 6 up.
    # From the first of them on, 1 + 2 = 3 sessions have no after-rating.
    down, up, unrated = dict(pre=(6, 6), post=(3, 3)), dict(pre=(3, 3), post=(5, 5)), \
        dict(pre=(4, 4), post=None)
    kinds = [unrated] * 2 + [down] * 6 + [unrated] + [up] * 6 + [unrated] * 2
    shifts = session_shifts([point(i, **kind) for i, kind in enumerate(kinds)])
    drawn = last_rated(shifts)
    assert [s.point.id for s in drawn] == [4, 5, 6, 7, 9, 10, 11, 12, 13, 14]
    assert shift_reading(shifts) == (
        "Your sense of threat came down in 4 of your last 10 sessions rated before and after; "
        "pain came down in 4. 3 sessions without both ratings are not counted.")
    assert last_rated(shifts, 3) == drawn[-3:]
    assert shift_reading(shifts, last=3) == (
        "Neither your sense of threat nor pain came down in your last 3 sessions rated "
        "before and after. 2 sessions without both ratings are not counted.")


def test_trend_reading_compares_early_and_late():
    points = [point(i, post=(6 if i < 3 else 2, 1), day=i) for i in range(9)]
    reading = trend_reading(daily_series(points, UTC))
    assert reading.startswith("Pain after sessions came down: it averaged 6.0")
    assert reading.endswith("earliest 3 days with ratings and 2.0 in the latest 3. That is "
                            "only a few days at each end, so treat it lightly.")
    weekly = [point(i, post=(6 if i < 14 else 2, 1), day=7 * i) for i in range(21)]
    assert trend_reading(weekly_series(weekly, UTC)).endswith(
        "averaged 6.0 in the earliest 7 weeks with ratings and 2.0 in the latest 7.")
    few = trend_reading(daily_series(points[:3], UTC))
    assert few.startswith("Not enough days")
    # Weekly: 5 weeks with an after-rating are too few, and are called weeks.
    assert trend_reading(weekly_series(weekly[:5], UTC)) == (
        "Not enough weeks with an after-session pain rating yet to describe a trend (5 counted so "
        "far; at least 9 are needed).")


# ---- properties against brute force -----------------------------------------------------


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 400), st.integers(0, 10)), min_size=1, max_size=12),
       st.integers(-50, 450), st.integers(1, 200))
def test_held_mean_equals_a_millisecond_by_millisecond_average(samples, start, length):
    samples.sort(key=lambda s: s[0])
    t = np.array([s[0] for s in samples], dtype=np.int64)
    v = np.array([s[1] for s in samples], dtype=float)
    held = []
    for ms in range(start, start + length):
        at_or_before = [value for when, value in samples if when <= ms]
        if at_or_before:
            held.append(at_or_before[-1])  # the latest sample (ties: the last one recorded)
    got = held_mean(t, v, start, start + length)
    if not held:
        assert got is None
    else:
        assert got == pytest.approx(sum(held) / len(held))


@settings(max_examples=40, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 40), st.one_of(st.none(), st.integers(0, 10))),
                min_size=1, max_size=30))
def test_daily_series_matches_plain_grouping(rows):
    points = [point(i, pre=(5, 5), post=None if pain is None else (pain, 1), day=day)
              for i, (day, pain) in enumerate(rows)]
    s = daily_series(points, UTC)
    by_day: dict[int, list[int]] = {}
    for day, pain in rows:
        by_day.setdefault(day, []).append(pain)
    assert list(s.count) == [len(by_day[d]) for d in sorted(by_day)]
    for k, day in enumerate(sorted(by_day)):
        rated = [p for p in by_day[day] if p is not None]
        expected = sum(rated) / len(rated) if rated else np.nan
        assert nan_equal([s.post_pain[k]], [expected])
        window = [np.mean([p for p in by_day[d] if p is not None])
                  for d in range(day - 6, day + 1)
                  if any(p is not None for p in by_day.get(d, []))]
        assert nan_equal([s.rolling_post_pain[k]], [np.mean(window) if window else np.nan])
