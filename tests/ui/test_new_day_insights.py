"""Insights left on screen across midnight moves its period on to the new day.

"Last 2 weeks" is today and the 13 days before it, counted when the page loads: left on
screen from one evening to the next morning, it still showed the old fortnight, and "Report
for my therapist…" then wrote the new one, so the report held other sessions than the page.
Now the page reads its period again when the day turns (``painease.ui.new_day``), and a
report saved before that look (a computer just woken) reads the page's period again too,
so the two agree. The day is moved by the clock's zone (``tests.ui.day_clock``).
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from PySide6.QtCore import Qt

from painease import paths
from painease.local_time import when_text
from painease.storage import SessionStore
from painease.ui import new_day
from tests.insights_history import add_session
from tests.packs.test_results_zones import clock
from tests.ui.day_clock import chosen_day, zone_where_now_is
from tests.ui.insights_view import choose_period, open_insights
from tests.waits import WORKER_WAIT_MS


def rows(view) -> list[str]:
    return [view.session_list.item(i).text() for i in range(view.session_list.count())]


def fortnight_on_screen(qtbot, make_window, preset, day: date):
    """Insights on "Last 2 weeks" on the evening of ``day``: a session on its first day
    (13 days before, at noon) and one the day before ``day``."""
    preset(welcome_seen=True)
    zone = datetime.now().astimezone().tzinfo  # the caller's clock
    with SessionStore(paths.database_path()) as store:
        for back in (13, 1):
            noon = datetime.combine(day - timedelta(days=back), time(12, 0), zone)
            add_session(store, noon)
    window = make_window(use_device=False)
    view = open_insights(qtbot, window)
    choose_period(qtbot, view, "Last 2 weeks")
    assert len(rows(view)) == 2
    return window, view


def test_insights_on_screen_at_midnight_shows_the_new_fortnight(qtbot, make_window, preset,
                                                                 monkeypatch):
    monkeypatch.setattr(new_day, "LOOK_EVERY_MS", 100)  # as after a night's sleep
    day = chosen_day()
    with clock(zone_where_now_is(day, time(18, 0))):
        window, view = fortnight_on_screen(qtbot, make_window, preset, day)
    with clock(zone_where_now_is(day + timedelta(days=1), time(0, 30))):
        # The first day of the old fortnight is no longer in the last 2 weeks.
        qtbot.waitUntil(lambda: len(rows(view)) == 1, timeout=WORKER_WAIT_MS)
        assert view.period_key == "2w"


def test_a_report_saved_before_the_page_looked_again_matches_the_page(
        qtbot, make_window, preset, tmp_path):
    day = chosen_day()
    with clock(zone_where_now_is(day, time(18, 0))):
        window, view = fortnight_on_screen(qtbot, make_window, preset, day)
    with clock(zone_where_now_is(day + timedelta(days=1), time(0, 30))):
        assert len(rows(view)) == 2  # nothing has looked at the clock yet
        report = view.save_report(tmp_path / "report.pdf")
        assert report is not None and report.sessions == 1
        qtbot.waitUntil(lambda: len(rows(view)) == 1, timeout=WORKER_WAIT_MS)


def chosen_point(view):
    return view.session_list.currentItem().data(Qt.ItemDataRole.UserRole)


def place_kept_at_midnight(qtbot, make_window, preset, monkeypatch, period: str,
                           days_back: tuple[int, ...], row: int):
    """Insights on ``period`` on the evening of a day with a session at noon ``days_back``
    days before it, listed two at a time: the patient lists them all, chooses row
    ``row`` with the list focused, and the day turns (the watch has looked: the loader's
    read, if one was asked, is answered). Returns the view and the chosen session's id."""
    from painease.ui.charts import view_sessions

    monkeypatch.setattr(new_day, "LOOK_EVERY_MS", 100)
    monkeypatch.setattr(view_sessions, "RECENT_SESSIONS", 2)
    day = chosen_day()
    with clock(zone_where_now_is(day, time(23, 59))):
        preset(welcome_seen=True)
        zone = datetime.now().astimezone().tzinfo
        with SessionStore(paths.database_path()) as store:
            for back in days_back:
                add_session(store, datetime.combine(day - timedelta(days=back), time(12),
                                                    zone))
        window = make_window(use_device=False)
        view = open_insights(qtbot, window)
        choose_period(qtbot, view, period)
        while view.older.isVisible():
            view.older.button.click()  # "List older sessions"
        view.session_list.setFocus()
        view.session_list.setCurrentRow(row)
        chosen = chosen_point(view).id
    with clock(zone_where_now_is(day + timedelta(days=1), time(0, 1))):
        qtbot.waitUntil(lambda: window.day_watch.day == day + timedelta(days=1),
                        timeout=WORKER_WAIT_MS)
        view.loader.wait()
        view.loader.deliver()
        assert window.focusWidget() is view.session_list
    return view, chosen


def test_all_time_at_midnight_keeps_the_session_the_patient_chose(
        qtbot, make_window, preset, monkeypatch):
    # It went back to the newest session under the patient's focus, the older ones
    # listed no longer ("All time" has no first day to move: nothing to read again).
    view, chosen = place_kept_at_midnight(qtbot, make_window, preset, monkeypatch,
                                          "All time", (3, 2, 1), row=2)
    assert view.session_list.count() == 3
    assert view.session_list.currentRow() == 2 and chosen_point(view).id == chosen


def test_a_fortnight_read_again_at_midnight_keeps_the_patients_place(
        qtbot, make_window, preset, monkeypatch):
    # 13 days back drops out of "Last 2 weeks"; the session 3 days back, chosen, stays.
    view, chosen = place_kept_at_midnight(qtbot, make_window, preset, monkeypatch,
                                          "Last 2 weeks", (13, 3, 2, 1), row=2)
    assert view.session_list.count() == 3  # all listed, as before, less the one gone
    assert view.session_list.currentRow() == 2 and chosen_point(view).id == chosen


def test_all_time_after_a_trip_shows_the_days_on_the_new_clock(qtbot, make_window, preset,
                                                               monkeypatch):
    # "All time" has no first day to move, so the day turning did not read it again: when
    # the computer's zone had changed meanwhile (the patient travelled), sessions from a
    # painease that kept no clock (on this computer's) stayed on the old one's days and
    # times. Now the page reads them again on the new clock, keeping the patient's place.
    monkeypatch.setattr(new_day, "LOOK_EVERY_MS", 100)
    day = chosen_day()
    with clock(zone_where_now_is(day, time(23, 59))):
        preset(welcome_seen=True)
        zone = datetime.now().astimezone().tzinfo
        with SessionStore(paths.database_path()) as store:
            for back in (2, 1):
                add_session(store, datetime.combine(day - timedelta(days=back), time(12),
                                                    zone))
            with store.database.write("test: sessions that kept no clock"):
                store.database.conn.execute("UPDATE sessions SET utc_offset_minutes = NULL")
        window = make_window(use_device=False)
        view = open_insights(qtbot, window)
        choose_period(qtbot, view, "All time")
        view.session_list.setCurrentRow(1)
        chosen = chosen_point(view)
        before = rows(view)
    # Five hours east: it is already the next morning there.
    with clock(zone_where_now_is(day + timedelta(days=1), time(5, 0))):
        there = datetime.now().astimezone().tzinfo
        qtbot.waitUntil(lambda: window.day_watch.day == day + timedelta(days=1),
                        timeout=WORKER_WAIT_MS)
        view.loader.wait()
        view.loader.deliver()
        shown = rows(view)
    assert shown != before
    assert when_text(chosen.started_at, there, weekday=True) in shown[1]  # 17:00 there
    assert view.session_list.currentRow() == 1 and chosen_point(view).id == chosen.id


def test_all_time_is_not_read_again_at_a_new_day_on_the_same_clock(qtbot, make_window,
                                                                    preset):
    # The zone is read afresh at each look (a new object each time from /etc/localtime):
    # the same clock must not count as a new one, or the page would flash "Loading…".
    preset(welcome_seen=True)
    with SessionStore(paths.database_path()) as store:
        add_session(store, datetime.now().astimezone() - timedelta(days=1))
    view = open_insights(qtbot, make_window(use_device=False))
    choose_period(qtbot, view, "All time")
    said = view.status.text()
    view.new_day()
    assert view.status.text() == said
