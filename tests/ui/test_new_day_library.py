"""A window left open across midnight moves the Library on to the new day, as Home.

The Library opens on the session Home suggests (``home_suggestion.library_choice``: the two
pages never name different sessions), but chose it once, when it was built: opened one
evening, it still preselected that evening's planned session the next morning while Home
named the new day's. Now a new day (``painease.ui.new_day``) moves it on too. What the
patient chose in the Library themselves stays for the rest of that day, then goes too
(``LibraryPage.drop_pick``); the kind they chose stays unless it hides the new day's
session. Real windows over a real store; the day is moved by the clock's zone
(``tests.ui.day_clock``), as in ``test_new_day``.
"""

from __future__ import annotations

from datetime import time, timedelta

import pytest
from PySide6.QtCore import Qt

from painease.ui import new_day
from painease.ui.library_page import ID_ROLE
from tests.packs.test_results_zones import clock
from tests.ui.day_clock import chosen_day, zone_where_now_is
from tests.ui.test_library_choice import click_page, click_session, open_library
from tests.ui.test_new_day import evening_window, moved_on
from tests.ui.test_session_flow import find, shown


def shows(window) -> tuple[str, float]:
    """The session and length the Library has chosen."""
    return (window.library.list.currentItem().data(ID_ROLE),
            window.library.length.currentData())


YESTERDAYS, TODAYS = ("paced-breathing", 5.0), ("body-scan-relaxation", 10.0)


def test_a_library_left_open_overnight_moves_on_keeping_the_keyboard(
        qtbot, make_window, preset, monkeypatch):
    monkeypatch.setattr(new_day, "LOOK_EVERY_MS", 100)
    day = chosen_day()
    with clock(zone_where_now_is(day, time(18, 0))):
        window = evening_window(qtbot, make_window, preset, day)
        library = open_library(qtbot, window)
        assert shows(window) == YESTERDAYS
        library.setFocus()
        qtbot.waitUntil(library.hasFocus)
    with clock(zone_where_now_is(day + timedelta(days=1), time(1, 0))):
        # It used to stay on yesterday's planned session.
        qtbot.waitUntil(lambda: shows(window) == TODAYS)
        assert window.library.title.text() == "Body scan relaxation"
        assert library.isVisible() and library.hasFocus()  # the keyboard stays on the list
        click_page(qtbot, window, "Home")
        qtbot.waitUntil(lambda: moved_on(window))  # Home names the same session


def test_a_library_opened_yesterday_shows_todays_session_when_chosen_again(
        qtbot, make_window, preset):
    day = chosen_day()
    with clock(zone_where_now_is(day, time(18, 0))):
        window = evening_window(qtbot, make_window, preset, day)
        open_library(qtbot, window)
        assert shows(window) == YESTERDAYS
        click_page(qtbot, window, "Home")
    # The computer slept; the next morning the patient goes to the Library again.
    with clock(zone_where_now_is(day + timedelta(days=1), time(8, 0))):
        click_page(qtbot, window, "Library")
        qtbot.waitUntil(window.library.list.isVisible)
        assert shows(window) == TODAYS


ALL = "All kinds of session"


@pytest.mark.parametrize("pick", ["session", "length", "hiding kind", "kind"])
def test_what_the_patient_chose_in_the_library_lasts_until_the_day_turns(
        qtbot, make_window, preset, pick):
    """Chosen one evening, still chosen that evening after Home is rebuilt; the next
    morning the Library names today's session, as Home does (it used to keep the evening's
    pick for the rest of the run). A kind chosen is how the patient looks at the list, not
    a pick: it stays, unless it hides today's session (Breathing does: the list widens to
    every kind, so that both pages name one session)."""
    day = chosen_day()
    with clock(zone_where_now_is(day, time(18, 0))):
        window = evening_window(qtbot, make_window, preset, day)
        library = open_library(qtbot, window)
        length, kinds = find(window, "length-choice"), find(window, "kind-filter")
        if pick == "session":
            click_session(qtbot, library, "tracking-with-curiosity")
            length.setCurrentIndex(length.findData(15.0))
            chosen, kind = ("tracking-with-curiosity", 15.0), ALL
        elif pick == "length":  # yesterday's session, at the patient's length
            length.setFocus()
            qtbot.keyClick(length, Qt.Key.Key_Down)
            chosen, kind = ("paced-breathing", 10.0), ALL
        elif pick == "hiding kind":  # only breathing sessions: yesterday's is the one listed
            kinds.setCurrentIndex(kinds.findText("Breathing"))
            chosen, kind = YESTERDAYS, ALL
        else:  # relaxation, which lists today's session, at its longer length
            kinds.setCurrentIndex(kinds.findText("Relaxation"))
            length.setCurrentIndex(length.findData(20.0))
            chosen, kind = ("body-scan-relaxation", 20.0), "Relaxation"
        assert shows(window) == chosen
        click_page(qtbot, window, "Home")
        window.home.refresh()  # a rebuild of Home the same evening: the pick stays
        click_page(qtbot, window, "Library")
        qtbot.waitUntil(library.isVisible)
        assert shows(window) == chosen
    with clock(zone_where_now_is(day + timedelta(days=1), time(1, 0))):
        click_page(qtbot, window, "Home")
        qtbot.waitUntil(lambda: moved_on(window))
        click_page(qtbot, window, "Library")
        qtbot.waitUntil(library.isVisible)
        # It used to keep the evening's pick.
        assert shows(window) == TODAYS
        assert kinds.currentText() == kind
        assert window.library.title.text() == "Body scan relaxation"


def test_a_session_under_way_at_midnight_leaves_the_library_until_it_ends(
        qtbot, make_window, preset, monkeypatch):
    monkeypatch.setattr(new_day, "LOOK_EVERY_MS", 100)
    day = chosen_day()
    with clock(zone_where_now_is(day, time(23, 0))):
        window = evening_window(qtbot, make_window, preset, day)
        open_library(qtbot, window)
        qtbot.mouseClick(find(window, "start-session"), Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: shown(window, "pre-pain"))
    with clock(zone_where_now_is(day + timedelta(days=1), time(0, 10))):
        qtbot.wait(500)  # five looks, each on the new day
        assert window.running and shows(window) == YESTERDAYS
        qtbot.mouseClick(find(window, "pre-back"), Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: not window.running and window.library.isVisible())
        qtbot.waitUntil(lambda: shows(window) == TODAYS)
