"""Home's set card tells the truth over the set's whole life (probe findings, real SQLite
files): once the set's planned days are over with sessions not done, it says so kindly
instead of "Nothing is planned for today" every day; and an item that starts later says
the day it starts, not "from week 2" (counted from an import day the patient cannot see).
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from painease.storage import SessionStore
from painease.ui.set_card import set_card
from tests.set_history import one_item_set, set_session, two_sets

START = date(2026, 11, 30)  # a Monday


@pytest.fixture
def store(tmp_path):
    with SessionStore(tmp_path / "painease.sqlite3") as s:
        yield s


def _text(card, name: str) -> str | None:
    from PySide6.QtWidgets import QLabel

    found = card.findChild(QLabel, name)
    return found.text() if found is not None else None


def test_after_the_last_planned_day_the_card_says_the_plan_is_over(qtbot, store):
    # Three times a week for 2 weeks (6 sessions), 2 done in week 1; the last planned
    # week ends on Sunday 13 December.
    program = one_item_set(store, START, times_per_week=3, weeks=2)
    for offset in (0, 2):
        set_session(store, program, START + timedelta(days=offset))
    last_day = set_card(None, store, START + timedelta(days=13))
    qtbot.addWidget(last_day)
    assert _text(last_day, "set-ended") is None  # still its last week: not over yet
    for offset in (14, 30):
        card = set_card(None, store, START + timedelta(days=offset))
        qtbot.addWidget(card)
        assert _text(card, "set-progress-text") == "2 of 6 done"
        assert _text(card, "set-ended") == (
            "The planned days of this set ended on Sun 13 Dec. You did 2 of its 6 "
            "sessions. Its sessions are still here whenever you would like one, and they "
            "still count. You might like to talk with Dr. Ana Moreno about what comes "
            "next.")
        assert _text(card, "set-due") is None  # not "Nothing is planned for today"
        assert _text(card, "set-missed") is None  # "carry on from today": said above
        assert card.start is not None and _text(card, "set-next")  # still startable


def test_a_plan_over_with_nothing_done_does_not_count_at_the_patient(qtbot, store):
    one_item_set(store, START, times_per_week=2, weeks=1)
    card = set_card(None, store, START + timedelta(days=9))
    qtbot.addWidget(card)
    assert _text(card, "set-ended") == (
        "The planned days of this set ended on Sun 6 Dec. Its sessions are still here "
        "whenever you would like one, and they still count. You might like to talk with "
        "Dr. Ana Moreno about what comes next.")


def test_a_finished_set_is_not_called_over(qtbot, store):
    program = one_item_set(store, START, times_per_week=1, weeks=1)
    set_session(store, program, START)
    card = set_card(None, store, START + timedelta(days=20))
    qtbot.addWidget(card)
    assert _text(card, "set-ended") is None
    assert _text(card, "set-finished").startswith("Every session of this set is done.")


def test_home_says_it_in_the_real_window(qtbot, make_window, short_script, preset):
    from tests.ui.test_home_set import store_set, text

    preset(welcome_seen=True)
    store_set(short_script, date.today() - timedelta(days=20))  # two weeks, ended
    window = make_window(use_device=False)
    assert text(window, "set-progress-text") == "0 of 6 done"
    ended = text(window, "set-ended")
    assert ended.startswith("The planned days of this set ended on ")
    assert ended.endswith("You might like to talk with Dr. Ana Moreno about what comes "
                          "next.")


def test_an_item_that_starts_later_says_the_day_it_starts(qtbot, store):
    # Probe: "Once a week for 1 week, from week 2." -- week 2 counted from the day the
    # set was imported, which the patient cannot see. Said as the day, in the app's words.
    from painease.domain.programs import Program, Schedule
    from painease.storage.programs import ProgramStore

    program = Program.create("Later", "Dr. Ana Moreno", [
        ("somatic-tracking-first-steps", 10, Schedule(times_per_week=1, weeks=1), None),
        ("paced-breathing", 5, Schedule(times_per_week=1, weeks=1, start_week=1), None)])
    ProgramStore(store).save_program(program, origin="imported", activate=True, today=START)
    set_session(store, program, START)
    card = set_card(None, store, START + timedelta(days=2))
    qtbot.addWidget(card)
    assert _text(card, "set-next") == "Session 2 of this set · 5 minutes"
    assert _text(card, "set-schedule") == "Once a week for 1 week, from Mon 7 Dec."
    # A year on from the card's day, the year is said, as the card's dates say it.
    assert program.items[1].schedule.describe(date(2027, 1, 2), start=START) == (
        "once a week for 1 week, from Mon 7 Dec 2026")


def test_a_newer_set_leaves_the_older_ones_plan_in_reach(qtbot, make_window, short_script,
                                                         preset):
    """Probe (s2): a second set imported while the first ran hid the first's plan; only
    Home's card starts a set's sessions, so its due sessions could no longer be followed.
    The card names the other set and shows it on request; then the newer one is named."""
    from PySide6.QtCore import Qt

    from tests.ui.test_home_set import text
    from tests.ui.test_session_flow import find

    preset(welcome_seen=True)
    two_sets(short_script, later_start_week=1)
    window = make_window(use_device=False)
    assert text(window, "set-title") == "Later"
    assert text(window, "set-other").startswith(
        "Your other set, “Set one”, still has sessions planned (0 of 4 done). To do them, "
        "show it here")
    qtbot.mouseClick(find(window, "set-show-other"), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: text(window, "set-title") == "Set one")
    assert text(window, "set-other").startswith("Your other set, “Later”, still has")
    assert find(window, "set-start").isEnabled()  # its sessions can be started from here
