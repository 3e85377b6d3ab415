"""The Insights page in the real window: honest readings, hovering, periods, saving charts;
pyqtgraph stays out of start-up. The keyboard, dark mode and large text are in
test_insights_access.py."""

from __future__ import annotations

import gc
import os
import subprocess
import sys
import xml.etree.ElementTree as ET
from datetime import UTC, datetime, timedelta
from pathlib import Path

import numpy as np
import pytest
from PySide6.QtCore import QEvent, QPointF, Qt
from PySide6.QtGui import QImage, QMouseEvent
from PySide6.QtWidgets import QApplication, QFileDialog, QPushButton

from painease import paths
from painease.storage import SessionStore
from tests.insights_history import SCRIPTS, add_session, bulk_history
from tests.ui.insights_view import choose_period, one_session, open_insights
from tests.ui.test_main_window import unnamed_controls
from tests.waits import WORKER_WAIT_MS

REPO = Path(__file__).resolve().parents[2]


LEGEND = {"shift": "Pain before", "trend": "Pain after, 7-day average",
          "link": "Sessions (bigger dot = more sessions)", "session": "Live rating"}


def hover(chart, x: float, y: float) -> None:
    """Move the pointer (no button) over the point (x, y) of the chart's data."""
    where = QPointF(chart.plot.mapFromScene(chart.view.mapViewToScene(QPointF(x, y))))
    viewport = chart.plot.viewport()
    event = QMouseEvent(QEvent.Type.MouseMove, where, viewport.mapToGlobal(where),
                        Qt.MouseButton.NoButton, Qt.MouseButton.NoButton,
                        Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(viewport, event)


def test_start_up_leaves_pyqtgraph_out_until_insights_is_shown(tmp_path):
    probe = """
import sys
from painease.ui.app import application, create_window
app = application()
window = create_window({"use_device": False})
window.show()
app.processEvents()
before = "pyqtgraph" in sys.modules
window.show_page("Insights")
app.processEvents()
print(before, "pyqtgraph" in sys.modules, window.insights.view is not None)
window.close_store()
"""
    env = dict(os.environ, PYTHONPATH=str(REPO), QT_QPA_PLATFORM="offscreen",
               PAINEASE_HOME=str(tmp_path / "home"))
    done = subprocess.run([sys.executable, "-c", probe], env=env, capture_output=True,
                          text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["False", "True", "True"]


def test_empty_database_says_so_in_plain_words(qtbot, make_window):
    window = make_window(use_device=False)
    view = open_insights(qtbot, window)
    assert view.empty.isVisible()
    assert view.empty_text.text() == "No sessions yet — your first session will appear here."
    assert not any(section.isVisible() for section in view.sections)
    assert unnamed_controls(view) == []
    add_session(window.store, datetime.now(UTC) - timedelta(days=30))
    choose_period(qtbot, view, "Last 2 weeks")
    assert view.empty.isVisible()
    assert view.empty_text.text() == ("No sessions in the last 2 weeks. Choose “All time” to "
                                      "see earlier ones.")
    choose_period(qtbot, view, "All time")
    assert not view.empty.isVisible() and view.status.text().startswith("1 session")


def test_one_session_fills_every_chart_with_honest_readings(qtbot, make_window):
    sid = one_session()
    window = make_window(use_device=False)
    view = open_insights(qtbot, window)
    assert not view.empty.isVisible()
    assert all(section.isVisible() for section in view.sections)
    assert view.status.text() == "1 session (last 3 months): 1 completed."
    assert "Not enough" in view.readings["shift"].text()
    assert view.readings["link"].text()  # says there are too few sessions for a link
    session = view.charts["session"]
    assert session._data[0].id == sid
    assert view.readings["session"].text() == (
        "Your live rating started at 6 (your pain before the session) and went to 3 after 12 "
        "changes; it was lowest (2) during the “Safety” part.")
    labels = {item.toPlainText() for item in session.item.items
              if hasattr(item, "toPlainText")}
    # In the player's words for the phases, not the script file's names.
    assert labels == {"Settling in", "Noticing", "Safety", "Curiosity and ease", "Closing"}
    assert view.table.rowCount() == 1 and view.table.item(0, 3).text() == "−3.0"
    assert view.readings["phases"].text().startswith(
        "Not enough sessions with live ratings around “Safety” parts yet (1 counted so far;")
    # One of each: "1 session", "1 day", never "1 of 1 sessions"; and no "(100%)" from one.
    assert view.yardsticks.text().splitlines() == [
        "Pain at least 30% lower after a session: 1 of 1 session rated before and after.",
        "Pain at least halved after a session: 1 of 1.",
        "Not enough sessions yet to give these two as percentages (1 counted so far; at "
        "least 3 are needed).",
        "Days with pain at 0–1: 0 of 1 day with a pain rating."]
    title = view.titles.get(SCRIPTS[0], SCRIPTS[0])
    assert view.readings["scripts"].text() == (f"The one session you rated before and after "
                                               f"here was “{title}”.")
    # Tab goes through the table, not round its cells for ever.
    view.table.setFocus()
    qtbot.keyClick(view.table, Qt.Key.Key_Tab)
    assert not view.table.hasFocus() and window.isActiveWindow()
    # The charts' accessible descriptions are their readings.
    assert view.charts["session"].accessibleDescription() == view.readings["session"].text()


def test_sessions_that_started_at_pain_0_are_not_called_unrated(qtbot, make_window):
    with SessionStore(paths.database_path()) as store:
        for hours in (30, 6):
            add_session(store, datetime.now(UTC) - timedelta(hours=hours), pre=(0, 4),
                        post=(0, 2))
    view = open_insights(qtbot, make_window(use_device=False))
    assert view.yardsticks.text().splitlines() == [
        "The 2 sessions rated before and after all started at pain 0, so there is no drop "
        "to measure.",
        "Days with pain at 0–1: 2 of 2 days with a pain rating."]


def test_hovering_a_point_shows_its_values(qtbot, make_window):
    one_session()
    window = make_window(use_device=False)
    view = open_insights(qtbot, window)
    shift = view.charts["shift"]
    qtbot.waitUntil(lambda: shift.view.viewPixelSize()[0] > 0)
    # The filled pain marker of the only session: slot 0, left of centre, at 3.
    hover(shift, -0.15, 3)
    qtbot.waitUntil(lambda: shift.hover_text != "")
    assert "Pain 6 → 3 (down 3)" in shift.hover_text
    assert "Sense of threat 7 → 2 (down 5)" in shift.hover_text
    qtbot.wait(100)  # pyqtgraph drops pointer moves that come faster than a screen refresh
    hover(shift, 0.5, 9)  # empty space
    qtbot.waitUntil(lambda: shift.hover_text == "")
    session = view.charts["session"]
    assert session.hover_text_at(80_000 / 60_000, 4) == "At 1:20 (noticing): live rating 4"


def test_years_of_history_use_weekly_points_and_every_period(qtbot, make_window):
    count = bulk_history(paths.database_path(), days=3 * 365, every=1.5, live_samples=60)
    window = make_window(use_device=False)
    view = open_insights(qtbot, window)
    assert not view.data.weekly  # three months: one point a day
    choose_period(qtbot, view, "All time")
    data = view.data
    assert len(data.points) == count and data.weekly
    trend = view.charts["trend"]
    assert all(curve.opts["clipToView"] and curve.opts["autoDownsample"]
               for curve in trend.curves)
    starts = np.asarray(data.series.start, dtype="datetime64[D]")
    assert (starts.astype(int) % 7 == 4).all()  # weeks start on Mondays (1970-01-01: Thu)
    x = trend.curves[1].xData  # after-session pain, weekly
    y = trend.curves[1].yData
    i = int(np.flatnonzero(np.isfinite(y))[-1])
    assert trend.hover_text_at(x[i], y[i]).startswith("Week of ")
    assert f"after {y[i]:.1f}" in trend.hover_text_at(x[i], y[i])
    link = view.charts["link"]
    assert link.hover_text_at(0, 0).endswith("sessions")  # many sessions share (0, 0)
    assert len(view.charts["shift"]._shifts) == 10
    assert view.table.rowCount() == 2
    assert view.session_list.count() == 200
    assert view.readings["trend"].text().startswith("Pain after sessions came down")
    # Both kinds share one history (pain 1.5 lower on average): a tie, named together.
    assert "Pain came down equally after" in view.readings["scripts"].text()
    choose_period(qtbot, view, "Last 2 weeks")
    assert 8 <= len(view.data.points) <= 10
    assert view.status.text().startswith(f"{len(view.data.points)} sessions (last 2 weeks)")


def test_the_weekly_average_is_over_four_calendar_weeks_not_the_last_four_with_sessions(
        qtbot, make_window):
    # Pain after 8 on Mondays 6, 13 and 20 Jan 2025; then, more than a year later, 4 on
    # Mon 2 Feb and 2 on Mon 16 Feb 2026 (midday UTC: the same Monday in any time zone).
    # The 4-week average of a week is over it and the 3 calendar weeks before:
    #   2 Feb 2026: weeks 12 Jan - 2 Feb 2026 hold only the 4 -> 4.0 (not 8, 8, 8, 4 -> 7.0)
    #   16 Feb 2026: weeks 26 Jan - 16 Feb hold 4 and 2 -> 3.0 (not 8, 8, 4, 2 -> 5.5)
    with SessionStore(paths.database_path()) as store:
        for week in range(3):
            add_session(store, datetime(2025, 1, 6, 12, tzinfo=UTC) + timedelta(weeks=week),
                        pre=(8, 8), post=(8, 8))
        for day, pain in ((2, 4), (16, 2)):
            add_session(store, datetime(2026, 2, day, 12, tzinfo=UTC), pre=(5, 5),
                        post=(pain, pain))
    view = open_insights(qtbot, make_window(use_device=False))
    choose_period(qtbot, view, "All time")
    assert view.data.weekly
    trend = view.charts["trend"]
    assert list(trend.rolling()) == pytest.approx([8.0, 8.0, 8.0, 4.0, 3.0])
    # Drawn with a break (NaN) across the year without sessions (trend.gaps).
    assert list(trend.curves[2].yData) == pytest.approx([8.0, 8.0, 8.0, np.nan, 4.0, 3.0],
                                                        nan_ok=True)
    x, y = trend.curves[1].xData, trend.curves[1].yData
    assert "(4-week average 3.0)" in trend.hover_text_at(x[-1], y[-1])
    # Five weeks with an after-rating: too few for a trend, and said in weeks.
    assert view.readings["trend"].text() == (
        "Not enough weeks with an after-session pain rating yet to describe a trend (5 counted so "
        "far; at least 9 are needed).")


def test_the_before_and_after_sentence_describes_the_sessions_drawn(qtbot, make_window):
    # 6 sessions pain and fear 6 -> 3, then 6 with 3 -> 5, then 4 without an after-rating.
    # The chart draws the last 10 rated: 4 that came down and 6 that went up; the sentence
    # says the same, and that the 4 newest are not counted.
    now = datetime.now(UTC)
    with SessionStore(paths.database_path()) as store:
        for k in range(16):
            pre, post = ((6, 6), (3, 3)) if k < 6 else ((3, 3), (5, 5)) if k < 12 else \
                ((4, 4), None)
            add_session(store, now - timedelta(days=20 - k), pre=pre, post=post)
    view = open_insights(qtbot, make_window(use_device=False))
    drawn = view.charts["shift"]._shifts
    assert [(s.pain.before, s.pain.after) for s in drawn] == [(6, 3)] * 4 + [(3, 5)] * 6
    assert view.readings["shift"].text() == (
        "Your sense of threat came down in 4 of your last 10 sessions rated before and after; "
        "pain came down in 4. 4 sessions without both ratings are not counted.")


def test_every_chart_saves_as_png_and_svg(qtbot, make_window, tmp_path):
    one_session()
    window = make_window(use_device=False)
    view = open_insights(qtbot, window)
    for key, chart in view.charts.items():
        png = view.save_chart(key, tmp_path / f"{key}.png", width=1200)
        image = QImage(str(png))
        assert not image.isNull() and image.width() == 1200
        ratio = chart.item.sceneBoundingRect().height() / chart.item.sceneBoundingRect().width()
        assert abs(image.height() - 1200 * ratio) <= 2
        svg = ET.parse(view.save_chart(key, tmp_path / f"{key}.svg")).getroot()
        ns = {"svg": "http://www.w3.org/2000/svg"}
        assert svg.find("svg:title", ns).text == chart.title
        texts = " ".join(t.text or "" for t in svg.iter("{http://www.w3.org/2000/svg}text"))
        assert "Rating (0–10)" in texts or "Change in pain" in texts
        assert LEGEND[key] in texts
        assert not svg.findall(".//svg:image", ns)  # drawn as vectors, not pasted bitmaps
        assert len(svg.findall(".//svg:path", ns) + svg.findall(".//svg:polyline", ns)) >= 5
    with pytest.raises(ValueError, match=r"\.png or \.svg"):
        view.save_chart("shift", tmp_path / "shift.jpg")


def test_save_and_report_buttons_write_the_files_the_dialog_names(qtbot, make_window,
                                                                  tmp_path, monkeypatch):
    one_session()
    window = make_window(use_device=False)
    view = open_insights(qtbot, window)
    answers = iter([str(tmp_path / "mine.svg"), str(tmp_path / "for-therapist")])
    # The file dialog is the one part a test cannot click through (a native window).
    monkeypatch.setattr(QFileDialog, "getSaveFileName",
                        staticmethod(lambda *args, **kw: (next(answers), "")))
    save = view.findChild(QPushButton, "save-trend-chart")
    # Shown with the data, the cards are laid out in the next pass of the event loop (till
    # then the button was 1 pixel high, and a click at its centre missed it at 0).
    qtbot.waitUntil(lambda: save.height() >= save.minimumSizeHint().height())
    qtbot.mouseClick(save, Qt.MouseButton.LeftButton)
    assert (tmp_path / "mine.svg").stat().st_size > 1000
    assert view.status.text() == f"Chart saved to {tmp_path / 'mine.svg'}."
    qtbot.mouseClick(view.report_button, Qt.MouseButton.LeftButton)
    assert (tmp_path / "for-therapist.pdf").read_bytes().startswith(b"%PDF")
    assert view.status.text().startswith("Report saved to")


def test_redrawing_charts_keeps_the_interpreter_alive(qtbot, make_window):
    # PySide6-Essentials 6.12.0 dropped a reference to None on every call that returns
    # nothing; charts make hundreds per resize, so the app aborted after a few redraws.
    one_session()
    window = make_window(use_device=False)
    view = open_insights(qtbot, window)
    chart = view.charts["trend"]
    # A cyclic collection in the loop would free earlier tests' garbage, and the None
    # references it held with it: a fall in the count that is no leak. So collect first
    # and keep the collector off while counting.
    gc.collect()
    gc.disable()
    try:
        before = sys.getrefcount(None)
        for width in range(300, 340):
            chart.resize(width, 300)
            chart.redraw()
            QApplication.processEvents()
        after = sys.getrefcount(None)
    finally:
        gc.enable()
    assert after >= before - 50


def test_coming_back_to_insights_shows_a_session_finished_meanwhile(qtbot, make_window):
    one_session()
    window = make_window(use_device=False)
    view = open_insights(qtbot, window)
    assert view.status.text().startswith("1 session ")
    qtbot.keyClick(window, Qt.Key.Key_1, Qt.KeyboardModifier.ControlModifier)  # Home
    add_session(window.store, datetime.now(UTC) - timedelta(minutes=30), pre=(4, 4),
                post=(2, 1))
    with qtbot.waitSignal(view.shown_data, timeout=WORKER_WAIT_MS):
        qtbot.keyClick(window, Qt.Key.Key_3, Qt.KeyboardModifier.ControlModifier)
    assert view.status.text() == "2 sessions (last 3 months): 2 completed."
    assert view.session_list.count() == 2
    assert "pain 4 → 2" in view.session_list.item(0).text()  # the newest first


def test_a_session_that_cannot_be_read_is_said_in_words_not_a_crash(qtbot, make_window):
    with SessionStore(paths.database_path()) as store:
        now = datetime.now(UTC)
        add_session(store, now - timedelta(days=2))
        add_session(store, now - timedelta(days=1))
    window = make_window(use_device=False)
    view = open_insights(qtbot, window)
    window.store.close()  # as if the file went away under the app
    view.session_list.setCurrentRow(1)
    assert view.readings["session"].text().startswith(
        "This session's live ratings could not be read:")


def test_insights_opens_on_the_period_chosen_last_time(qtbot, make_window):
    one_session()
    window = make_window(use_device=False)
    view = open_insights(qtbot, window)
    assert view.period_key == "3m"  # the first time: the last three months
    choose_period(qtbot, view, "All time")
    assert window.settings.get("insights_period") == "all"
    window.close()
    again = make_window(use_device=False)  # a later start, same data dir
    view = open_insights(qtbot, again)
    assert view.period_key == "all"
    assert view.period.currentText() == "All time"


def test_a_period_is_whole_local_days_whatever_the_hour():
    from datetime import UTC, datetime
    from zoneinfo import ZoneInfo

    from painease.ui.charts.data import period_bounds

    berlin = ZoneInfo("Europe/Berlin")
    starts = {period_bounds("2w", berlin, now=datetime(2026, 12, 4, hour, tzinfo=berlin))[0]
              for hour in (0, 7, 12, 23)}
    # 14 days with today (once 15: from 20 Nov): 21 Nov – 4 Dec, from midnight.
    assert starts == {datetime(2026, 11, 21, tzinfo=berlin)}
    # 91 days (once 92): 5 Sep – 4 Dec. Across the change to winter time the start is
    # still local midnight (+02:00 then).
    (since, _) = period_bounds("3m", berlin, now=datetime(2026, 12, 4, 12, tzinfo=UTC))
    assert since == datetime(2026, 9, 5, tzinfo=berlin) and since.utcoffset().seconds == 7200
    assert period_bounds("all", berlin) == (None, None)
