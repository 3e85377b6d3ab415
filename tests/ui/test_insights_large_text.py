"""Insights at 200 % text: every chart's axis titles are whole, and the Recent sessions
list shows several sessions whole, not a slit of one and a half.

Checked once laid out, which is waited for (``tests.ui.settled``, then ``qtbot.waitUntil``),
never slept for: the list sizes its items once it has its width, and the page gives it
their height on the next turn of the event loop. On a busy machine a fixed 100 ms ran out
between the two, and the list was read at its height of the pass before (246 px for 314 px
of sessions).
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from painease import paths
from painease.storage import SessionStore
from tests.insights_history import add_session
from tests.ui.insights_view import open_insights
from tests.ui.settled import wait_settled
from tests.ui.test_large_text import cut_items

SHOWN = 3  # sessions the list shows whole


@pytest.fixture
def sessions(painease_home):
    with SessionStore(paths.database_path()) as store:
        for k in range(6):
            add_session(store, datetime.now(UTC) - timedelta(days=k, hours=2), pre=(6, 7),
                        post=(3 + k % 3, 2 + k % 2))


@pytest.mark.parametrize("size", [(1000, 720), (800, 600)])
def test_axis_titles_and_recent_sessions_are_whole_at_double_text(qtbot, make_window, preset,
                                                                  sessions, size):
    preset(text_size=200, welcome_seen=True)
    window = make_window(use_device=False)
    window.resize(*size)
    view = open_insights(qtbot, window)
    listed = view.session_list
    assert listed.count() == 6

    def whole() -> None:
        for key, chart in view.charts.items():
            assert chart.isVisible(), key
            shown = chart.plot.mapToScene(chart.plot.viewport().rect()).boundingRect()
            for side in ("left", "bottom"):
                label = chart.item.getAxis(side).label
                if not label.isVisible():
                    continue
                margin = label.document().documentMargin()  # blank, around the words
                words = label.boundingRect().adjusted(margin, margin, -margin, -margin)
                where = label.mapRectToScene(words)
                assert shown.adjusted(-1, -1, 1, 1).contains(where), (
                    f"{key} {side}: {where} outside {shown}")
        # Every session's words whole at the list's width (so the items are sized for
        # it), and the first three of them in view.
        assert cut_items(listed) == []
        rows = sum(listed.visualItemRect(listed.item(row)).height() for row in range(SHOWN))
        assert listed.viewport().height() >= rows, (listed.viewport().height(), rows)

    wait_settled(window)
    qtbot.waitUntil(whole)
