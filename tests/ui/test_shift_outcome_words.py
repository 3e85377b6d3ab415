"""The before-and-after chart names how a session ended in the session list's words: an
interrupted session (the app closed during it, its after-rating given later) was called
"(ended early)" in its hover text while the list said "interrupted". Real store file,
real chart, offscreen."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from painease.domain.insights import session_shifts
from painease.storage import SessionStore
from tests.insights_history import add_session


def test_each_session_is_named_as_it_ended(qtbot, tmp_path):
    from painease.ui.charts.shift import ShiftChart

    start = datetime.now(UTC) - timedelta(days=3)
    with SessionStore(tmp_path / "s.db") as store:
        add_session(store, start, pre=(6, 6), post=(3, 3))
        add_session(store, start + timedelta(days=1), pre=(6, 6), post=(4, 4),
                    outcome="stopped_early", elapsed_ms=200_000)
        sid = store.start_session("somatic-tracking-first-steps", 1, 10,
                                  started_at=start + timedelta(days=2))
        store.save_rating(sid, "pre", 6, 6, rated_at=start + timedelta(days=2))
        store.mark_interrupted()  # the app closed during it
        store.finish_session(sid, post=(5, 5, None))  # rated after all, later
        points = store.insight_points()
    assert [p.outcome for p in points] == ["completed", "stopped_early", "interrupted"]
    chart = ShiftChart()
    qtbot.addWidget(chart)
    chart.set_shifts(session_shifts(points), UTC)
    said = [chart._describe(shift) for shift in chart._shifts]
    assert not said[0].split(": ")[0].endswith(")")  # completed: nothing said
    assert "(ended early):" in said[1]
    assert "(interrupted):" in said[2] and "ended early" not in said[2]
