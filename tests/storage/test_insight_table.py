"""The fast path (columns, vectorised) gives exactly the numbers of the plain path.

A generated multi-year history in a real SQLite file, with skipped post-ratings (the
generator's) and, added here, skipped pre-ratings, read both ways: ``insight_points`` +
the ``SessionPoint`` functions, and ``insight_table`` + the ``table_*`` functions / ``gather``.
"""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import numpy as np
import pytest

from painease.demo import build_history
from painease.domain import insights, readings, summaries
from painease.local_time import OffsetsZone
from painease.storage import SessionStore
from painease.ui.charts.data import RECENT_SHIFTS, WEEKLY_AFTER_DAYS, gather

END = datetime(2026, 1, 1, tzinfo=UTC)
ZONES = [ZoneInfo("Europe/Berlin"), ZoneInfo("America/St_Johns"), timezone(timedelta(hours=-7))]


@pytest.fixture(scope="module")
def history(tmp_path_factory):
    path = tmp_path_factory.mktemp("history") / "painease.sqlite3"
    count = build_history(path, years=1.6, samples_per_session=3, end=END, cache_shifts=False)
    conn = sqlite3.connect(path)
    with conn:  # every 7th session also loses its pre-rating (a fear-only, no-pain case)
        conn.execute("DELETE FROM ratings WHERE moment = 'pre' AND session_id % 7 = 0")
    conn.close()
    return path, count


def same_series(a: insights.Series, b: insights.Series) -> None:
    for name in ("start", "pre_pain", "post_pain", "pre_fear", "post_fear",
                 "rolling_post_pain", "rolling_pre_pain", "count"):
        np.testing.assert_array_equal(getattr(a, name), getattr(b, name), err_msg=name)


@pytest.mark.parametrize("tz", ZONES, ids=str)
@pytest.mark.parametrize("days", [None, 91, 10])
def test_table_functions_equal_the_point_functions(history, tz, days):
    path, count = history
    since = None if days is None else END - timedelta(days=days)
    with SessionStore(path) as store:
        points = store.insight_points(since, None)
        table = store.insight_table(since, None)
    if days is None:
        assert len(points) == count > 1000
    missing_post = sum(p.post_pain is None for p in points)
    missing_pre = sum(p.pre_pain is None for p in points)
    assert missing_post > 0 and missing_pre > 0  # the case the fast path must get right
    assert len(table) == len(points)
    assert table[:] == points and table[-1] == points[-1] and table[0] == points[0]
    assert np.array_equal(insights.table_local_days(table, tz), insights.local_days(points, tz))
    for weekly in (False, True):
        plain = (insights.weekly_series if weekly else insights.daily_series)(points, tz)
        same_series(insights.table_series(table, tz, weekly), plain)
    shifts = insights.session_shifts(points)
    assert summaries.table_by_script(table) == summaries.by_script(shifts)
    assert summaries.table_yardsticks(table, tz) == summaries.yardsticks(points, tz)
    fast, plain = insights.table_link(table), insights.fear_pain_link(shifts)
    assert (fast.n, fast.enough, fast.slope, fast.intercept, fast.r) == (
        plain.n, plain.enough, plain.slope, plain.intercept, plain.r)
    np.testing.assert_array_equal(fast.fear_changes, plain.fear_changes)
    np.testing.assert_array_equal(fast.pain_changes, plain.pain_changes)


def test_local_days_across_a_dst_switch():
    berlin = ZoneInfo("Europe/Berlin")  # 2025-03-30 01:00 UTC: +1 h becomes +2 h
    times = [datetime(2025, 3, 29, 22, 59, 59, 999_000, tzinfo=UTC),
             datetime(2025, 3, 29, 23, 0, tzinfo=UTC), datetime(2025, 3, 30, 0, 59, tzinfo=UTC),
             datetime(2025, 3, 30, 22, 0, tzinfo=UTC), datetime(2025, 10, 25, 22, 30, tzinfo=UTC)]
    points = [insights.SessionPoint(i, "x", t, "completed", 1, 10.0, 5, 5, None, None)
              for i, t in enumerate(times)]
    table = insights.SessionTable.from_points(points)
    days = insights.table_local_days(table, berlin)
    assert np.array_equal(days, insights.local_days(points, berlin))
    assert [str(d) for d in days] == ["2025-03-29", "2025-03-30", "2025-03-30",
                                      "2025-03-31", "2025-10-26"]


def test_local_days_on_a_clock_that_goes_away_and_back_within_a_utc_day():
    """A patient's clock of recorded offsets may change twice in one UTC day (a session
    done on a short trip): the same offset at both ends of the day says nothing there."""
    new_york = ZoneInfo("America/New_York")
    times = [datetime(2026, 11, 10, 1, 0, tzinfo=UTC),  # 20:00 on the 9th in New York
             datetime(2026, 11, 10, 15, 30, tzinfo=UTC),  # 00:30 on the 11th in Tokyo
             datetime(2026, 11, 10, 23, 0, tzinfo=UTC)]  # 18:00 on the 10th, back home
    zone = OffsetsZone(list(zip(times, [-300, 540, -300], strict=True)), home=new_york)
    points = [insights.SessionPoint(i, "x", t, "completed", 1, 10.0, 5, 5, None, None)
              for i, t in enumerate(times)]
    days = insights.table_local_days(insights.SessionTable.from_points(points), zone)
    assert np.array_equal(days, insights.local_days(points, zone))
    assert [str(d) for d in days] == ["2026-11-09", "2026-11-11", "2026-11-10"]


@pytest.mark.parametrize("days", [None, 91])
def test_gather_gives_the_plain_path_numbers(history, days):
    path, _ = history
    tz = ZONES[0]
    since = None if days is None else END - timedelta(days=days)
    with SessionStore(path) as store:
        data = gather(store, since, None, tz, {})
        points = store.insight_points(since, None)
    shifts = insights.session_shifts(points)
    weekly = (points[-1].started_at - points[0].started_at).days > WEEKLY_AFTER_DAYS
    assert data.weekly is weekly and weekly is (days is None)
    same_series(data.series, (insights.weekly_series if weekly else insights.daily_series)(
        points, tz))
    assert data.yardsticks == summaries.yardsticks(points, tz)
    assert data.scripts == summaries.by_script(shifts)
    assert data.link.r == insights.fear_pain_link(shifts).r
    assert list(data.points) == points
    counts = {}
    for p in points:
        counts[p.outcome] = counts.get(p.outcome, 0) + 1
    assert {k: v for k, v in data.outcomes.items() if v} == counts
    # Only the recent shifts are kept, enough for the chart's last rated ones and the reading.
    assert RECENT_SHIFTS <= len(data.shifts) < len(shifts)
    assert data.shifts == shifts[-len(data.shifts):]
    rated = [s for s in shifts if s.pain is not None or s.fear is not None]
    kept = [s for s in data.shifts if s.pain is not None or s.fear is not None]
    assert kept[-RECENT_SHIFTS:] == rated[-RECENT_SHIFTS:]
    assert data.readings["shift"] == readings.shift_reading(shifts)
    assert data.readings["trend"] == readings.trend_reading(data.series)


def test_yardsticks_and_scripts_at_the_boundaries():
    start = datetime(2025, 5, 1, 8, tzinfo=UTC)
    ratings = [(10, 7), (6, 3), (10, 8), (5, 3), (0, 0), (1, None), (None, 1), (3, 2)]
    points = [insights.SessionPoint(i, "ab"[i % 2], start + timedelta(hours=9 * i),
                                    "completed", 1, 10.0, pre, 4, post, 2)
              for i, (pre, post) in enumerate(ratings)]
    table = insights.SessionTable.from_points(points)
    fast = summaries.table_yardsticks(table, UTC)
    assert fast == summaries.yardsticks(points, UTC)
    assert (fast.n_base, fast.share_30, fast.share_50) == (5, 4 / 5, 1 / 5)  # 30 %: 4 of 5
    rows = summaries.table_by_script(table)
    assert rows == summaries.by_script(insights.session_shifts(points))
    assert [(r.script_id, r.n_pain) for r in rows] == [("a", 3), ("b", 3)]
