"""The Insights page without a mouse and in other looks: every control and chart reached
from the keyboard and saying its points, and dark mode and large text reaching the charts."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QApplication, QPushButton, QScrollArea

from painease import paths
from painease.storage import SessionStore
from tests.insights_history import add_session
from tests.ui.insights_view import one_session, open_insights
from tests.ui.test_main_window import unnamed_controls
from tests.waits import WORKER_WAIT_MS


def test_keyboard_reaches_the_period_the_session_list_and_the_buttons(qtbot, make_window):
    with SessionStore(paths.database_path()) as store:
        now = datetime.now(UTC)
        first = add_session(store, now - timedelta(days=3), pre=(5, 5), post=(4, 4))
        second = add_session(store, now - timedelta(days=1), pre=(7, 6), post=(5, 3))
    window = make_window(use_device=False)
    view = open_insights(qtbot, window)
    reached = set()
    window.nav.setFocus()
    for _ in range(20):
        qtbot.keyClick(window.focusWidget(), Qt.Key.Key_Tab)
        reached.add(window.focusWidget().objectName())
    assert {"insights-period", "insights-report", "save-shift-chart", "save-trend-chart",
            "insights-sessions"} <= reached
    assert view.charts["session"]._data[0].id == second  # newest first
    view.session_list.setFocus()
    qtbot.keyClick(view.session_list, Qt.Key.Key_Down)
    assert view.charts["session"]._data[0].id == first
    assert view.readings["session"].text() == \
        "No live ratings in this session. Pain was 5 before and 4 after."
    view.period.setFocus()
    with qtbot.waitSignal(view.shown_data, timeout=WORKER_WAIT_MS):
        qtbot.keyClick(view.period, Qt.Key.Key_Down)
    assert view.period.currentText() == "All time"
    assert unnamed_controls(view) == []
    # The trend chart zooms and moves from the keyboard too.
    trend = view.charts["trend"]
    assert "trend-chart-plot" in reached
    # Tabbing to it brings the whole chart into view (once only its top edge showed).
    area = view.parentWidget()
    while not isinstance(area, QScrollArea):
        area = area.parentWidget()
    area.verticalScrollBar().setValue(0)
    qtbot.wait(20)
    assert trend.plot.visibleRegion().boundingRect().height() < trend.plot.height()
    view.findChild(QPushButton, "save-shift-chart").setFocus()
    for _ in range(5):  # Tab on from the chart above, as a person would
        qtbot.keyClick(window.focusWidget(), Qt.Key.Key_Tab)
        if trend.plot.hasFocus():
            break
    assert trend.plot.hasFocus()
    assert trend.plot.visibleRegion().boundingRect().size() == trend.plot.size()
    (x0, x1), _ = trend.view.viewRange()
    trend.plot.setFocus()
    qtbot.keyClicks(trend.plot, "+")
    (z0, z1), _ = trend.view.viewRange()
    assert z1 - z0 == pytest.approx(0.7 * (x1 - x0))
    qtbot.keyClick(trend.plot, Qt.Key.Key_Left)
    (m0, m1), _ = trend.view.viewRange()
    assert m0 == pytest.approx(z0 - 0.2 * (z1 - z0)) and m1 - m0 == pytest.approx(z1 - z0)
    qtbot.keyClick(trend.plot, Qt.Key.Key_Home)
    assert trend.view.viewRange()[0] == pytest.approx([x0, x1])
    # ↓ and ↑ go from point to point and say its values, as pointing at it does.
    seen = []
    day = datetime.now() - timedelta(days=3)
    for _ in range(3):  # two days with ratings: the third press stays on the last
        qtbot.keyClick(trend.plot, Qt.Key.Key_Down)
        seen.append(trend.hover_text)
        assert trend.plot.accessibleName() == f"{trend.title}. {trend.hover_text}"
    assert seen[0] != seen[1] == seen[2] and seen[0].startswith(
        f"{day:%a} {day.day} {day:%b %Y}: pain before 5.0, after 4.0")
    first = trend._hover[0]
    x, y = first[0][0], first[1][0]  # what the mouse shows there, the keys show too
    assert trend.hover_text_at(x, y) == seen[0]
    qtbot.keyClick(trend.plot, Qt.Key.Key_Up)
    assert trend.hover_text == seen[0]
    view.period.setFocus()  # focus leaves: the chart's name is its title again
    assert trend.plot.accessibleName() == trend.title


def test_every_chart_is_reached_by_tab_and_says_its_points(qtbot, make_window):
    """Before-and-after and fear-with-pain once said their points only under the pointer."""
    now = datetime.now(UTC)
    with SessionStore(paths.database_path()) as store:
        for days, pre, post in ((3, (6, 7), (3, 2)), (2, (5, 5), (4, 4)), (1, (4, 6), (4, 3))):
            add_session(store, now - timedelta(days=days), pre=pre, post=post)
    window = make_window(use_device=False)
    view = open_insights(qtbot, window)
    window.nav.setFocus()
    reached = set()
    for _ in range(25):
        qtbot.keyClick(window.focusWidget(), Qt.Key.Key_Tab)
        reached.add(window.focusWidget().objectName())
    assert {f"{key}-chart-plot" for key in view.charts} <= reached
    assert unnamed_controls(view) == []
    accent = QApplication.palette().color(QPalette.ColorRole.Highlight).name()
    for chart in view.charts.values():  # the theme's focus border, as on every control
        assert f"QGraphicsView:focus {{ border: 2px solid {accent}; }}" in \
            chart.plot.styleSheet()

    def say(chart, key) -> str:
        qtbot.keyClick(chart.plot, key)
        assert chart.plot.accessibleName() == f"{chart.title}. {chart.hover_text}"
        return chart.hover_text

    # One stop per session, oldest first, its pain and fear in words (not one per marker).
    shift = view.charts["shift"]
    shift.plot.setFocus()
    said = [say(shift, Qt.Key.Key_Down) for _ in range(4)]
    assert [text.split(": ", 1)[1] for text in said] == [
        "Pain 6 → 3 (down 3); Sense of threat 7 → 2 (down 5)",
        "Pain 5 → 4 (down 1); Sense of threat 5 → 4 (down 1)",
        "Pain 4 → 4 (no change); Sense of threat 6 → 3 (down 3)",
        "Pain 4 → 4 (no change); Sense of threat 6 → 3 (down 3)"]  # the last stays the last
    assert say(shift, Qt.Key.Key_Left) == said[1]  # it does not zoom: ← and → step too
    assert shift.hover_text_at(0.85, 4) == said[1]  # what the mouse shows there
    # Fear and pain together: left to right along the fear change, in plain words.
    link = view.charts["link"]
    link.plot.setFocus()
    assert [say(link, Qt.Key.Key_Right) for _ in range(3)] == [
        "Sense of threat down 5, pain down 3: 1 session",
        "Sense of threat down 3, pain no change: 1 session",
        "Sense of threat down 1, pain down 1: 1 session"]
    assert "r =" not in link.plot.accessibleName() + link.plot.accessibleDescription()
    view.period.setFocus()  # focus leaves: the name is the title again
    assert link.plot.accessibleName() == link.title


def test_dark_mode_and_large_text_reach_the_charts(qtbot, make_window):
    one_session()
    window = make_window(use_device=False)
    view = open_insights(qtbot, window)
    from painease.ui.charts.base import DARK_CHART, LIGHT_CHART

    chart = view.charts["trend"]
    assert chart.colours == LIGHT_CHART
    small = chart.item.getAxis("left").style["tickFont"].pointSizeF()
    window.settings.set("theme", "dark")
    # The charts are rebuilt around a theme change (see InsightsPage.drop_view).
    view = window.insights.view
    qtbot.waitUntil(lambda: view.data is not None, timeout=WORKER_WAIT_MS)
    chart = view.charts["trend"]
    qtbot.waitUntil(lambda: chart.colours == DARK_CHART)
    assert chart.plot.backgroundBrush().color().name() == DARK_CHART.background
    window.settings.set("text_size", 200)
    view = window.insights.view
    qtbot.waitUntil(lambda: view.data is not None, timeout=WORKER_WAIT_MS)
    chart = view.charts["trend"]
    qtbot.waitUntil(lambda: chart.item.getAxis("left").style["tickFont"].pointSizeF()
                    >= 1.9 * small)
    assert all(c.colours == DARK_CHART for c in view.charts.values())
