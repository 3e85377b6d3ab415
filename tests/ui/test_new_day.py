"""A window left open across midnight moves Home on to the new day.

Home's set card ("Planned for today", the note that a planned session went by) and its
suggestion are counted on the patient's day, which the window read once: left open from
one evening to the next morning, Home named yesterday's session while the Library, opened
that morning, named today's, until the next save or start. Now ``painease.ui.new_day``
rebuilds Home when the day turns: at midnight, at the latest a minute after the computer
wakes, and whenever the window looks again (it is activated, a page is chosen). Never
under a session. Real windows over a real store; the day is moved by the clock's zone
(``tests.ui.day_clock``), and how long until the next look is checked on real zones'
summer-time days.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import shiboken6
from PySide6.QtWidgets import QLabel, QWidget

from painease.domain.programs import Program, Schedule
from painease.storage import SessionStore
from painease.storage.programs import ProgramStore
from painease.ui import new_day
from painease.ui.home_suggestion import library_choice
from tests.packs.test_results_zones import clock
from tests.ui.day_clock import chosen_day, zone_where_now_is
from tests.ui.test_session_flow import find, shown

YESTERDAYS = "Planned for today: Paced breathing · 5 minutes"
TODAYS = "Planned for today: Body scan relaxation · 10 minutes"
WENT_BY = "One planned session went by without being done"


def texts(window, name: str) -> list[str]:
    return [w.text() for w in window.findChildren(QLabel, name) if w.isVisible()]


def the_set(day: date) -> None:
    """A set with Paced breathing planned for ``day`` and Body scan for the day after."""
    program = Program.create("Two days", "Dr. Ana Moreno", [
        ("paced-breathing", 5, Schedule(dates=(day,)), None),
        ("body-scan-relaxation", 10, Schedule(dates=(day + timedelta(days=1),)), None)])
    with SessionStore.open_default() as store:
        ProgramStore(store).save_program(program, origin="imported", activate=True, today=day)


def evening_window(qtbot, make_window, preset, day: date):
    """The window opened on the evening of ``day`` (the caller's clock), Home showing it."""
    preset(welcome_seen=True)
    the_set(day)
    window = make_window(use_device=False)
    qtbot.waitUntil(lambda: texts(window, "set-due") == [YESTERDAYS])
    assert texts(window, "suggestion-title") == ["Paced breathing · 5 minutes"]
    return window


def moved_on(window) -> bool:
    return (texts(window, "set-due") == [TODAYS]
            and texts(window, "suggestion-title") == ["Body scan relaxation · 10 minutes"]
            and any(WENT_BY in text for text in texts(window, "set-missed")))


def test_a_window_left_open_moves_on_at_midnight(qtbot, make_window, preset):
    day = chosen_day()
    with clock(zone_where_now_is(day, time(18, 0))):
        window = evening_window(qtbot, make_window, preset, day)
        due = window.findChild(QLabel, "set-due")
        # Later that evening, four seconds before midnight, the window is looked at again:
        # the same day, so Home is left as it is.
        with clock(zone_where_now_is(day, time(23, 59, 56), seconds=True)):
            window.look_again()
            assert shiboken6.isValid(due) and due.isVisible()
            assert datetime.now(new_day.local_zone()).date() == day  # still before midnight
            # Nobody touches the window: at midnight Home is the new day's.
            qtbot.waitUntil(lambda: moved_on(window), timeout=15_000)
            assert datetime.now(new_day.local_zone()).date() == day + timedelta(days=1)
            # And it names what the Library opens on.
            script, minutes = library_choice(window.catalog, window.store)
            assert (script, minutes) == ("body-scan-relaxation", 10)


def test_a_window_activated_after_a_nights_sleep_shows_the_new_day(qtbot, make_window,
                                                                     preset):
    day = chosen_day()
    with clock(zone_where_now_is(day, time(18, 0))):
        window = evening_window(qtbot, make_window, preset, day)
    other = QWidget()
    qtbot.addWidget(other)
    other.show()
    with qtbot.waitActive(other):
        other.activateWindow()
    # The computer slept; it is 01:00 the next day when the window is chosen again.
    with clock(zone_where_now_is(day + timedelta(days=1), time(1, 0))):
        assert texts(window, "set-due") == [YESTERDAYS]  # nothing has looked yet
        with qtbot.waitActive(window):
            window.activateWindow()
        qtbot.waitUntil(lambda: moved_on(window))


def test_a_window_left_active_over_a_nights_sleep_moves_on_by_itself(
        qtbot, make_window, preset, monkeypatch):
    """Qt's timers stand still while the computer sleeps: the one set for midnight goes off
    late, so the day is looked at every minute as well (shortened here)."""
    monkeypatch.setattr(new_day, "LOOK_EVERY_MS", 100)
    day = chosen_day()
    with clock(zone_where_now_is(day, time(18, 0))):
        window = evening_window(qtbot, make_window, preset, day)
        browse = find(window, "home-browse")
        browse.setFocus()
        qtbot.waitUntil(browse.hasFocus)
    with clock(zone_where_now_is(day + timedelta(days=1), time(1, 0))):
        qtbot.waitUntil(lambda: moved_on(window))
        # The keyboard stays where it was: on "Choose another session", now rebuilt.
        focused = window.focusWidget()
        assert focused is not browse and focused.objectName() == "home-browse"
        qtbot.waitUntil(focused.hasFocus)


def test_a_session_under_way_at_midnight_is_left_alone(qtbot, make_window, preset,
                                                       monkeypatch):
    monkeypatch.setattr(new_day, "LOOK_EVERY_MS", 100)
    day = chosen_day()
    with clock(zone_where_now_is(day, time(23, 0))):
        window = evening_window(qtbot, make_window, preset, day)
        due = window.findChild(QLabel, "set-due")
        find(window, "home-start").click()
        qtbot.waitUntil(lambda: shown(window, "pre-pain"))
        before = window.stack.currentWidget()
    with clock(zone_where_now_is(day + timedelta(days=1), time(0, 10))):
        qtbot.wait(500)  # five looks, each on the new day
        assert window.running and window.stack.currentWidget() is before
        assert shiboken6.isValid(due)  # Home was not rebuilt under the session
        find(window, "pre-back").click()  # turned back: Home is the new day's
        qtbot.waitUntil(lambda: not window.running and moved_on(window))


def test_a_closed_window_stops_watching_the_day(qtbot, make_window, preset, monkeypatch):
    # The watch's timer went on after the window closed: at midnight it rebuilt Home in a
    # window that was gone, over a store being closed.
    monkeypatch.setattr(new_day, "LOOK_EVERY_MS", 100)
    day = chosen_day()
    with clock(zone_where_now_is(day, time(23, 0))):
        window = evening_window(qtbot, make_window, preset, day)
        due = window.findChild(QLabel, "set-due")
        watch = window.day_watch
        assert watch.timer.isActive()
        window.close()
        qtbot.waitUntil(lambda: not window.isVisible())
        assert not watch.timer.isActive()
    with clock(zone_where_now_is(day + timedelta(days=1), time(0, 10))):
        watch.look()  # as the window's own looks would (activated, a page chosen)
        assert not watch.timer.isActive() and watch.day == day
        assert shiboken6.isValid(due)  # Home was not rebuilt


BERLIN, SANTIAGO = ZoneInfo("Europe/Berlin"), ZoneInfo("America/Santiago")


def test_the_next_look_is_just_after_midnight_on_days_of_23_and_25_hours():
    hour = timedelta(hours=1)
    # Spring in Berlin (29 Mar 2026 has 23 hours), autumn (25 Oct 2026 has 25).
    for now, until in ((datetime(2026, 3, 29, 0, 30, tzinfo=BERLIN), 22.5 * hour),
                       (datetime(2026, 10, 25, 0, 30, tzinfo=BERLIN), 24.5 * hour),
                       (datetime(2026, 10, 25, 2, 30, fold=1, tzinfo=BERLIN), 21.5 * hour),
                       # Santiago's clock skips 6 Sep 2026's midnight: 23:30 → 01:00.
                       (datetime(2026, 9, 5, 23, 30, tzinfo=SANTIAGO), 0.5 * hour),
                       (datetime(2026, 9, 6, 1, 30, tzinfo=SANTIAGO), 22.5 * hour)):
        assert new_day.until_next_day(now, now.tzinfo) == until, now
    # The timer: just after that midnight when it is near, else in a minute at most.
    late = datetime(2026, 3, 28, 23, 59, 30, tzinfo=BERLIN).astimezone(UTC)
    assert new_day.next_look_ms(late, BERLIN) == 30_000 + new_day.PAST_MIDNIGHT_MS
    noon = datetime(2026, 3, 29, 12, 0, tzinfo=BERLIN).astimezone(UTC)
    assert new_day.next_look_ms(noon, BERLIN) == new_day.LOOK_EVERY_MS
