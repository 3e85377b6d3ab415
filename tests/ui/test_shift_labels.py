"""The before-and-after chart's session labels (walkthrough: six sessions done today were
all labelled "5 Dec", so no one could tell which was which). A session that shares its
day with another is labelled with its time too ("5 Dec 14:05"); a day's only session
keeps the short "3 Dec". The labels read back are the ones the axis paints, at normal and
at 200 % text: each different from the rest, none running into the next, thinned out
when they would not fit, the latest session always labelled."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest

from painease.domain.insights import SessionPoint, session_shifts
from tests.ui.settled import wait_settled
from tests.ui.test_chart_axes import drawn_ticks

DAY = datetime(2026, 12, 5, 9, 0, tzinfo=UTC)
# Two earlier days with one session each, then six sessions on 5 Dec.
MOMENTS = [DAY - timedelta(days=2), DAY - timedelta(days=1),
           *(DAY + timedelta(hours=h, minutes=5 * h) for h in range(6))]


def points(moments):
    return [SessionPoint(i, "somatic", moment, "completed", 600_000, 10.0, 6, 5, 4, 3)
            for i, moment in enumerate(moments)]


def chart(qtbot, width: int, text_points: float | None, moments=MOMENTS, tz=UTC):
    from painease.ui.charts.shift import ShiftChart

    drawn = ShiftChart(points=text_points) if text_points else ShiftChart()
    qtbot.addWidget(drawn)
    drawn.resize(width, 420)
    drawn.show()
    qtbot.waitExposed(drawn)
    drawn.set_shifts(session_shifts(points(moments)), tz)
    wait_settled(drawn)
    return drawn


def test_sessions_on_one_day_are_labelled_with_their_time(qtbot):
    drawn = chart(qtbot, 1400, None)
    (ticks,) = drawn.item.getAxis("bottom")._tickLevels
    assert [text for _, text in ticks] == [
        "3 Dec", "4 Dec", "5 Dec 09:00", "5 Dec 10:05", "5 Dec 11:10", "5 Dec 12:15",
        "5 Dec 13:20", "5 Dec 14:25"]
    assert [text for text, _ in drawn_ticks(drawn.item.getAxis("bottom"))] == [
        text for _, text in ticks]  # all painted


def test_the_day_and_time_are_the_clock_the_chart_is_given(qtbot):
    # 23:30 and 00:30 UTC: two days in UTC, each session alone on its day; one day
    # (4 Dec, 21:30 and 22:30) two hours west.
    late = [datetime(2026, 12, 4, 23, 30, tzinfo=UTC), datetime(2026, 12, 5, 0, 30, tzinfo=UTC)]
    drawn = chart(qtbot, 1000, None, late)
    (ticks,) = drawn.item.getAxis("bottom")._tickLevels
    assert [text for _, text in ticks] == ["4 Dec", "5 Dec"]
    drawn.set_shifts(session_shifts(points(late)), timezone(timedelta(hours=-2)))
    (ticks,) = drawn.item.getAxis("bottom")._tickLevels
    assert [text for _, text in ticks] == ["4 Dec 21:30", "4 Dec 22:30"]


def test_two_sessions_started_in_the_same_minute_are_numbered(qtbot):
    same = [DAY, DAY + timedelta(seconds=20), DAY + timedelta(hours=2)]
    drawn = chart(qtbot, 1000, None, same)
    (ticks,) = drawn.item.getAxis("bottom")._tickLevels
    assert [text for _, text in ticks] == ["5 Dec 09:00", "5 Dec 09:00 (2)", "5 Dec 11:00"]


@pytest.mark.parametrize(("width", "text_points"), [(1000, None), (700, None), (1000, 22),
                                                    (600, 22)])
def test_labels_never_run_into_each_other(qtbot, width, text_points):
    drawn = chart(qtbot, width, text_points)
    axis = drawn.item.getAxis("bottom")
    painted = drawn_ticks(axis)
    texts = [text for text, _ in painted]
    assert texts, "no session labelled"
    assert len(set(texts)) == len(texts), texts
    rects = [axis.mapRectToScene(rect) for _, rect in painted]
    for a, b in zip(rects, rects[1:], strict=False):
        assert a.right() + 4 <= b.left(), (texts, a, b)
    assert texts[-1] == "5 Dec 14:25"  # the latest, always, whole inside the plot
    plot = drawn.view.sceneBoundingRect()
    assert plot.left() - 1 <= rects[0].left() and rects[-1].right() <= plot.right() + 1
