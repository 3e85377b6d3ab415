"""The patient's day turns over while the window is open: Home and a shown Insights move on.

Home's set card, its "went by" note and its suggestion, and Insights' period, are counted
on the patient's own day: today on this computer's clock (``local_time.local_zone``; a
session done away keeps its own day, but today is always home's: ``storage.zones``). Each
reads it when it is built, so a window left open across midnight kept yesterday's: Home
said "Planned for today" of yesterday's session while the Library, opened that morning,
suggested today's, and Insights saved a report for another period than it showed.

``DayWatch`` keeps the day the window last showed and looks at the clock again:

* at the next local midnight: a single-shot timer, set again at each look for the next
  midnight as the clock then reads it, so a day of 23 or 25 hours (summer time), one whose
  midnight the clock skips, or a computer moved to another zone, is met when it turns;
* at least every ``LOOK_EVERY_MS``: Qt's timers stand still while the computer sleeps, so
  one set for midnight before a night's suspend would go off hours late;
* whenever the window looks again (``outside_changes.look_again``: it becomes the active
  window, a page is chosen, a session ends), so a window woken from sleep and used at once
  is today's.

On a new day (``new_day``) Home is rebuilt, keyboard focus that was on one of its controls
staying on that control's rebuilt twin (``window_in_use.rebuilt``); the Library, if it was
built, follows Home's rebuild to the session Home now suggests, a pick the patient made
there the day before dropped first (``LibraryPage.drop_pick``; the kind they chose stays
unless it hides that session); and Insights, when it is on screen, reads its period
again when that now begins on another day, the session chosen in its list and how many are
listed staying (``InsightsView.new_day``; a hidden one reads it again when shown). Never
under a session, nor while a dialog is open (see ``outside_changes``): the new day is taken
in at the next look, and the end of a session rebuilds Home anyway. A look that finds the
same day changes nothing.

Loaded with the catalog, never for the first screen. Main thread only.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta, tzinfo
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, QTimer
from PySide6.QtWidgets import QApplication

from painease.local_time import day_start, local_zone

if TYPE_CHECKING:
    from painease.ui.main_window import MainWindow

LOOK_EVERY_MS = 60_000  # the longest a woken computer shows yesterday (tests shorten it)
PAST_MIDNIGHT_MS = 50  # the timer goes off just after midnight, not a moment before


def patient_today() -> date:
    """Today on the patient's own clock, as Home and Insights count it."""
    return datetime.now(local_zone()).date()


def until_next_day(now: datetime, tz: tzinfo) -> timedelta:
    """How long from ``now`` (aware) until the next day begins on the clock ``tz``: its
    midnight, or the moment the clock jumped over it (``day_start``)."""
    following = now.astimezone(tz).date() + timedelta(days=1)
    # Compared in UTC: two datetimes on one zone compare their wall times, not moments.
    return day_start(following, tz).astimezone(UTC) - now.astimezone(UTC)


def next_look_ms(now: datetime, tz: tzinfo) -> int:
    """Milliseconds until the next look: just after the next midnight, at most
    ``LOOK_EVERY_MS``."""
    to_midnight = until_next_day(now, tz) // timedelta(milliseconds=1)
    return max(1, min(LOOK_EVERY_MS, to_midnight + PAST_MIDNIGHT_MS))


class DayWatch(QObject):
    """Calls ``on_new_day()`` when the day is no longer ``day`` (see the module); it
    returns False when that must wait, and the next look asks again."""

    def __init__(self, parent: QObject, on_new_day: Callable[[], bool]):
        super().__init__(parent)
        self._on_new_day = on_new_day
        self.stopped = False  # see stop
        self.day = patient_today()
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setTimerType(Qt.TimerType.PreciseTimer)
        self.timer.timeout.connect(self.look)
        self._arm()

    def look(self) -> None:
        """Take in a new day, if it is one; then set the timer for the next midnight."""
        if self.stopped:
            return
        today = patient_today()
        if today != self.day and self._on_new_day():
            self.day = today
        self._arm()

    def stop(self) -> None:
        """The window is closing (``window_in_use.may_close``): no look from now on, at
        midnight or when asked (a window that is going has no new day to show)."""
        self.stopped = True
        self.timer.stop()

    def _arm(self) -> None:
        self.timer.start(next_look_ms(datetime.now(UTC), local_zone()))


def watch_days(window: MainWindow) -> DayWatch:
    """The window's watch: ``new_day`` when the day turns."""
    return DayWatch(window, lambda: new_day(window))


def new_day(window: MainWindow) -> bool:
    """Show the new day: Home rebuilt (and with it a built Library, the patient's pick there
    dropped: ``HomePage.rebuilt``), a shown Insights on the new day's period. False,
    changing nothing, while a session is up or a dialog is open."""
    if window.running or QApplication.activeModalWidget() is not None:
        return False
    if "painease.ui.library_page" in sys.modules:  # the Library may have been built
        from painease.ui.library_page import LibraryPage

        for library in window.findChildren(LibraryPage):
            library.drop_pick()  # a pick is the day's: it follows Home's rebuild below
    home = window.home
    focused = window.focusWidget()
    on_home = focused is not None and home.isAncestorOf(focused)
    home.refresh()  # focus that was on Home stays on Home (on Start)
    if on_home:
        from painease.ui.window_in_use import rebuilt

        twin = rebuilt(home, focused)
        if twin is not None:
            twin.setFocus(Qt.FocusReason.OtherFocusReason)
    from painease.ui.insights_page import InsightsPage  # light: the charts are the view's

    shown = window.stack.currentWidget()
    if isinstance(shown, InsightsPage) and shown.view is not None and shown.isVisible():
        shown.view.new_day()  # its period ends today now
    return True
