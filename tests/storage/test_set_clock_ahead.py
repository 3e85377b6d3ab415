"""A set's session done while the clock ran two weeks ahead (real database, real clock).

Before, it filled the week it was dated in: today's planned session stayed due, and a week
later was called gone by, though the patient had done it. Now it fills what was due
(``program_status``: a session dated after today fills the earliest planned session whose
day has come), today and a week later alike.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from painease.domain.program_status import planned_days
from painease.storage import SessionStore
from painease.storage.programs import ProgramStore
from painease.ui.set_card import current_status
from tests.set_history import SCRIPT, one_item_set


def dated_two_weeks_ahead(tmp_path, monkeypatch):
    """A store with a weekly set from yesterday and one session for it, saved with the
    clock two weeks ahead: (the store, today, the set)."""
    monkeypatch.setenv("TZ", "UTC")
    store = SessionStore(tmp_path / "p.sqlite3")
    today = datetime.now(UTC).date()
    program = one_item_set(store, today - timedelta(days=1), times_per_week=1, weeks=4)
    started = datetime.now(UTC) + timedelta(days=14)
    sid = store.start_session(SCRIPT, 1, 10, started_at=started, program_item=(program.id, 1))
    store.end_session(sid, "completed", 600_000, played_ms=600_000,
                      ended_at=started + timedelta(minutes=10))
    return store, today, program


def test_a_session_dated_two_weeks_ahead_fills_todays(tmp_path, monkeypatch):
    store, today, program = dated_two_weeks_ahead(tmp_path, monkeypatch)
    sets = ProgramStore(store)
    now = sets.status(today, tz=UTC)
    assert (now.progress_text, now.items[0].due_today, now.missed) == ("1 of 4 done", 0, 0)
    later = sets.status(today + timedelta(days=7), tz=UTC)
    assert (later.progress_text, later.items[0].due_today, later.missed) == (
        "1 of 4 done", 1, 0)


def test_once_its_date_comes_it_still_fills_what_it_filled(tmp_path, monkeypatch):
    """A session saved after it, dated today, shows it was lived by today: when its own
    date comes two weeks later, it still fills the planned session it filled (the one due
    today), which is never turned into one that went by. Before, on its date it became a
    session of that week, and the week the patient was shown as done was called missed."""
    store, today, program = dated_two_weeks_ahead(tmp_path, monkeypatch)
    # The clock put right: a Library session (not for the set), saved after it, today.
    later = store.start_session(SCRIPT, 1, 10, started_at=datetime.now(UTC))
    store.end_session(later, "completed", 600_000, played_ms=600_000)
    shown = current_status(store, today)
    assert (shown.progress_text, shown.items[0].due_today, shown.missed) == (
        "1 of 4 done", 0, 0)
    for days in (7, 14, 15, 30):  # week 2, its date, the day after, after the set
        on = today + timedelta(days=days)
        status = current_status(store, on)
        went_by = sum(1 for d in planned_days(program.items[0], today - timedelta(days=1))
                      if d + timedelta(days=7) <= on) - 1  # all but the first, it filled
        assert (status.progress_text, status.missed) == ("1 of 4 done", went_by), on
