"""Drawing the charts warns about nothing: with one session and no after-rating, the trend
chart handed pyqtgraph markers whose values were all missing, and numpy said "All-NaN
slice encountered" (a RuntimeWarning) each time the plot was laid out. A real store,
real charts, offscreen; warnings recorded, any RuntimeWarning fails the test."""

from __future__ import annotations

import warnings
from datetime import UTC, datetime, timedelta

import numpy as np
import pytest

from painease import paths
from painease.domain.voice import YOU
from painease.storage import SessionStore
from tests.insights_history import add_session
from tests.ui.settled import wait_settled


@pytest.fixture
def one_unfinished(painease_home):
    """The only session: rated before, stopped before the after-rating."""
    from painease.ui.charts.data import gather

    with SessionStore(paths.database_path()) as store:
        add_session(store, datetime.now(UTC) - timedelta(hours=2), pre=(6, 7), post=None,
                    outcome="stopped_early", elapsed_ms=200_000)
        return gather(store, None, None, UTC, {}, YOU)


def test_charts_of_a_session_without_an_after_rating_warn_of_nothing(qtbot, one_unfinished):
    from painease.ui.charts.link import LinkChart
    from painease.ui.charts.shift import ShiftChart
    from painease.ui.charts.trend import TrendChart

    data = one_unfinished
    assert np.isnan(data.series.post_pain).all()  # what the trend chart is handed
    with warnings.catch_warnings(record=True) as said:
        warnings.simplefilter("always")
        charts = {"trend": TrendChart(), "shift": ShiftChart(), "link": LinkChart()}
        for chart in charts.values():
            qtbot.addWidget(chart)
            chart.resize(700, 400)
            chart.show()
            qtbot.waitExposed(chart)
        charts["trend"].set_series(data.series, data.weekly)
        charts["shift"].set_shifts(data.shifts, UTC)
        charts["link"].set_link(data.link)
        for chart in charts.values():
            wait_settled(chart)
            chart.image(400)  # drawn, as the report draws it
    assert [str(w.message) for w in said if issubclass(w.category, RuntimeWarning)] == []
    trend = charts["trend"]
    # Still a sensible chart: the pain before is drawn and named; the rest has nothing to
    # draw and is not named as if it had.
    drawn = [label.text for _, label in trend.legend.items]
    assert drawn == ["Pain before (daily average)"]
    (x,) = trend.curves[0].getData()[0]
    (low, high), (bottom, top) = trend.view.viewRange()
    assert low < x < high and bottom < 6 < top
