"""Home's set card on a real SQLite file says one consistent thing: sessions done ahead are
not due again, sessions done are never called missed, and its dates are read on the
card's own day (the one it was built with), not the computer's."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from painease.domain.programs import Program, Schedule
from painease.storage import SessionStore
from painease.storage.programs import ProgramStore
from painease.ui.set_card import set_card
from tests.set_history import one_item_set, set_session

START = date(2026, 11, 2)  # a Monday


@pytest.fixture
def store(tmp_path):
    with SessionStore(tmp_path / "painease.sqlite3") as s:
        yield s


def _four_weeks(store) -> Program:
    return one_item_set(store, START, times_per_week=2, weeks=4, title="Four weeks")


def _session(store, program, day: date, outcome: str = "completed",
             heard_ms: int = 600_000) -> None:
    set_session(store, program, day, outcome, heard_ms)


def _text(card, name: str) -> str | None:
    from PySide6.QtWidgets import QLabel

    found = card.findChild(QLabel, name)
    return found.text() if found is not None else None


def test_sessions_done_ahead_are_neither_due_nor_missed_on_the_card(qtbot, store):
    program = _four_weeks(store)
    for offset in (0, 1, 2, 7, 8, 9):  # three in each of the first two weeks
        _session(store, program, START + timedelta(days=offset))
    card = set_card(None, store, START + timedelta(days=14))  # week 3's Monday
    qtbot.addWidget(card)
    assert _text(card, "set-progress-text") == "6 of 8 done"
    # Six done where five were planned by today: ahead, and the card says so kindly.
    assert _text(card, "set-due") == ("You're ahead of plan — nothing is due today. You can "
                                      "still do the next one if you like.")
    assert _text(card, "set-missed") is None
    # After its four weeks, nothing more done: only week 4's two went by (it once counted
    # weeks 3 and 4 as missed beside "6 of 8 done"), and the card says gently that the
    # planned days are over (tests/ui/test_set_card_plan_days.py).
    after = set_card(None, store, START + timedelta(days=30))
    qtbot.addWidget(after)
    assert _text(after, "set-progress-text") == "6 of 8 done"
    assert after.status.missed == 2
    assert "You did 6 of its 8 sessions." in _text(after, "set-ended")


def test_nothing_due_without_being_ahead_is_not_called_ahead(qtbot, store):
    # Monday's session done, Thursday's still to come: on the card for Tuesday nothing is
    # due, and the patient is on plan, not ahead of it.
    program = _four_weeks(store)
    _session(store, program, START)
    card = set_card(None, store, START + timedelta(days=1))
    qtbot.addWidget(card)
    assert not card.status.ahead
    assert _text(card, "set-due") == ("Nothing is planned for today. You can still do the "
                                      "next one if you like.")
    # Four more in week 2 (two of them fill week 3's) while week 1's Thursday went by:
    # more done than planned by then, but a planned session went by, so not "ahead".
    for offset in (7, 8, 9, 10):
        _session(store, program, START + timedelta(days=offset))
    late = set_card(None, store, START + timedelta(days=11))
    qtbot.addWidget(late)
    assert (late.status.done, late.status.missed, late.status.ahead) == (5, 1, False)
    assert _text(late, "set-due").startswith("Nothing is planned for today.")


def test_the_card_reads_its_dates_on_its_own_day(qtbot, store):
    # A card built for a day in 2040 (as a test with a fixed date builds it): dates of that
    # year are said without it, as the set builder says them, whatever the computer's year.
    day = date(2040, 3, 5)
    program = Program.create("Two days", "Dr. Ana Moreno", [
        ("somatic-tracking-first-steps", 10,
         Schedule(dates=(day, day + timedelta(days=2))), None)])
    ProgramStore(store).save_program(program, origin="imported", activate=True, today=day)
    card = set_card(None, store, day)
    qtbot.addWidget(card)
    assert _text(card, "set-schedule") == "On Mon 5 Mar, Wed 7 Mar."
    # And a year on, the same dates carry their year.
    later = set_card(None, store, date(2041, 1, 2))
    qtbot.addWidget(later)
    assert _text(later, "set-schedule") == "On Mon 5 Mar 2040, Wed 7 Mar 2040."


def test_a_dated_session_done_a_day_late_makes_up_its_date_on_the_card(qtbot, store):
    """Probe finding (real file, the card and the therapist's line): dates Tue 1 and Fri 4
    December, done on Wed 2nd. Wednesday's card said a planned session went by, and
    Friday's that nothing was planned, while its schedule line named Friday."""
    from zoneinfo import ZoneInfo

    from painease.ui.therapist.patient_progress import set_line

    tuesday, friday = date(2026, 12, 1), date(2026, 12, 4)
    program = Program.create("Two dates", "Dr. Ana Moreno", [
        ("somatic-tracking-first-steps", 10, Schedule(dates=(tuesday, friday)), None)])
    ProgramStore(store).save_program(program, origin="imported", activate=True,
                                     today=tuesday - timedelta(days=1))
    _session(store, program, date(2026, 12, 2))
    wednesday = set_card(None, store, date(2026, 12, 2))
    qtbot.addWidget(wednesday)
    assert _text(wednesday, "set-progress-text") == "1 of 2 done"
    assert _text(wednesday, "set-missed") is None
    on_friday = set_card(None, store, friday)
    qtbot.addWidget(on_friday)
    assert _text(on_friday, "set-due") == (
        "Planned for today: Session 1 of this set · 10 minutes")
    assert _text(on_friday, "set-missed") is None
    # The therapist's line counts it with the same rule.
    assert "1 of 2 done." in set_line(store, friday, ZoneInfo("UTC"))
