"""Insights with one session dated a year ahead (the clock ran ahead once).

It still happened: it is counted and listed (flagged, ``tests/ui/test_future_dated.py``).
But it is not where the history ends (``painease.domain.wrong_clock``): two weeks of
sessions stay a daily chart up to today, not a weekly one stretched over a year of
nothing, and the trend's reading says the chart leaves it out.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import numpy as np

from painease.storage import SessionStore
from painease.storage.stored_values import db_time
from painease.ui.charts.data import gather, period_bounds
from tests.insights_history import add_session


def test_a_session_a_year_ahead_keeps_two_weeks_daily_and_up_to_today(tmp_path):
    store = SessionStore(tmp_path / "p.sqlite3")
    now = datetime.now(UTC)
    for d in range(13, 0, -1):
        add_session(store, now - timedelta(days=d))
    for key in ("2w", "all"):
        since, until = period_bounds(key, UTC)
        before = gather(store, since, until, UTC)
        add_session(store, now + timedelta(days=400))
        after = gather(store, since, until, UTC)
        assert not after.weekly and not before.weekly
        assert np.array_equal(after.series.start, before.series.start)
        assert after.series.start[-1] <= np.datetime64(now.date())
        assert len(after.points) == len(before.points) + 1  # counted, as everywhere
        assert after.readings["trend"] == (
            f"{before.readings['trend']} The chart leaves out 1 session dated in the "
            "future.")
        with store.database.write("test: again without it"):
            store.database.conn.execute("DELETE FROM sessions WHERE started_at > ?",
                                        (db_time(now),))
