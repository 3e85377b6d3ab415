"""A live rating stamped after the session's recorded end (the player went back a step
after it, so the session ended earlier on the audio clock) is neither drawn nor read.
It stretched Insights' "One session up close" and the Summary's curve to 6:40 for a
session ended at 3:20, and read its value as a low in a part never reached. A session
with no recorded end keeps its last sample as the end. Real store file, real widgets,
offscreen."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import numpy as np
import pytest

from painease.session_outcome import Change, Outcome
from painease.storage import SessionStore
from painease.ui.summary_page import SummaryPage
from tests.insights_history import PHASES, add_session
from tests.ui.settled import wait_settled

# Stopped at 3:20 (in safety); the last sample says 6:40 (curiosity and ease).
LIVE = [(30_000, 7.0), (100_000, 6.0), (400_000, 1.0)]
END_MIN = 200_000 / 60_000


def test_insights_cuts_the_session_at_its_recorded_end(qtbot, tmp_path):
    from painease.ui.charts.session import SessionChart, session_reading

    with SessionStore(tmp_path / "s.db") as store:
        sid = add_session(store, datetime.now(UTC) - timedelta(hours=3), pre=(8, 8),
                          post=(5, 5), live=LIVE, outcome="stopped_early",
                          elapsed_ms=200_000)
        point = next(p for p in store.insight_points() if p.id == sid)
        trace = store.live_trace(sid)
    chart = SessionChart()
    qtbot.addWidget(chart)
    chart.resize(900, 420)
    chart.show()
    qtbot.waitExposed(chart)
    chart.set_session(point, trace, PHASES)
    wait_settled(chart)
    assert chart._end_min == pytest.approx(END_MIN)
    (_low, high), _ = chart.view.viewRange()
    assert high < 5  # room for the names past 3:20 (home_x_range), not out to 6:40
    for item in chart.item.listDataItems():
        xs, _ys = item.getData()
        assert np.nanmax(xs) <= END_MIN + 0.01  # no step, marker or hover point past 3:20
    for _marker, at, _side, _hover in chart.markers:
        assert at in (0.0, pytest.approx(END_MIN))
    assert [name for _band, name in chart.bands] == ["settle", "attention", "safety"]
    reading = session_reading(point, trace, PHASES)
    assert "went to 6" in reading
    said, note = reading.split(" 1 live rating was given at a moment past where")
    assert "1" not in said.replace("after 2 changes", "")  # the sample at 6:40 is not read
    assert note.endswith("so it is not shown.")
    assert "curiosity" not in reading.lower()


def test_a_session_without_a_recorded_end_keeps_its_last_sample_as_its_end():
    from painease.domain.insight_sessions import SessionPoint
    from painease.domain.live_shifts import LiveTrace
    from painease.ui.charts.session import session_end_ms, within_session

    point = SessionPoint(1, "s", datetime(2026, 12, 1, tzinfo=UTC), "interrupted", None,
                         5.0, 6, 6, None, None)
    trace = LiveTrace(1, np.array([30_000, 400_000]), np.array([5.0, 3.0]), PHASES)
    assert session_end_ms(point, trace) == 400_000
    assert within_session(point, trace) is trace


def test_the_summary_cuts_the_curve_and_its_words_at_the_end(qtbot, qapp):
    outcome = Outcome(1, "stopped_early", 200_000, Change(8, 5), Change(8, 5), tuple(LIVE),
                      live_start=8)
    page = SummaryPage(outcome, "First steps", 600_000, list(PHASES))
    qtbot.addWidget(page)
    page.resize(1000, 900)
    page.show()
    qtbot.waitExposed(page)
    curve = page.curve
    assert curve.end_ms == 200_000
    assert [t for t, _ in curve.samples] == [30_000, 100_000]
    assert curve.describe().endswith("the session ended at 3:20")
    assert "6:40" not in curve.describe()
    assert curve.steps()[-1].x() == pytest.approx(curve.plot_rect().right())
    words = page.live_words.text()
    assert "went to 6 after 2 changes" in words
    assert "curiosity" not in words.lower()


# Every live rating lies past the recorded end: there were ratings, none is shown.
LATE = [(300_000, 4.0), (400_000, 1.0)]


def test_insights_says_ratings_past_the_end_were_left_out_not_that_there_were_none(tmp_path):
    from painease.ui.charts.session import session_reading

    with SessionStore(tmp_path / "s.db") as store:
        late = add_session(store, datetime.now(UTC) - timedelta(hours=3), pre=(8, 8),
                           post=(5, 5), live=LATE, outcome="stopped_early",
                           elapsed_ms=200_000)
        some = add_session(store, datetime.now(UTC) - timedelta(hours=2), pre=(8, 8),
                           post=(5, 5), live=LIVE, outcome="stopped_early",
                           elapsed_ms=200_000)
        points = {p.id: p for p in store.insight_points()}
        traces = {sid: store.live_trace(sid) for sid in (late, some)}
    reading = session_reading(points[late], traces[late], PHASES)
    assert "No live ratings" not in reading
    assert "2 live ratings were given at moments past where the session ended" in reading
    assert "Pain was 8 before and 5 after." in reading
    reading = session_reading(points[some], traces[some], PHASES)
    assert "went to 6" in reading
    assert "1 live rating was given at a moment past where the session ended" in reading


def test_the_summary_does_not_say_the_slider_was_left_when_its_moves_were_past_the_end(
        qtbot, qapp):
    outcome = Outcome(1, "stopped_early", 200_000, Change(8, 5), Change(8, 5), tuple(LATE),
                      live_start=8)
    page = SummaryPage(outcome, "First steps", 600_000, list(PHASES))
    qtbot.addWidget(page)
    words = page.live_words.text()
    assert "left the live rating where it started" not in words
    assert "2 live ratings were given at moments past where the session ended" in words
    assert "not moved" not in page.curve.describe()
    assert "past where the session ended" in page.curve.describe()
