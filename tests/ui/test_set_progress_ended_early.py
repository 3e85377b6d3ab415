"""The therapist's progress line says how many of a patient's set sessions ended early:
those that still count (half or more heard) and those stopped too soon to count. Real
SQLite file, real widget."""

from __future__ import annotations

from datetime import UTC, date

import pytest
from PySide6.QtWidgets import QLabel

from painease.domain.programs import Program
from painease.storage import SessionStore
from painease.ui.therapist.patient_progress import PatientProgress, set_line
from tests.set_history import one_item_set, set_session

START = date(2026, 11, 2)
TODAY = date(2026, 11, 20)


@pytest.fixture
def store(tmp_path):
    with SessionStore(tmp_path / "painease.sqlite3") as s:
        yield s


def _set(store) -> Program:
    return one_item_set(store, START, times_per_week=3, weeks=2)


def _session(store, program, day: int, outcome: str, heard_ms: int) -> None:
    set_session(store, program, date(2026, 11, day), outcome, heard_ms)


def test_sessions_that_ended_early_are_said_in_the_progress_line(qtbot, store):
    program = _set(store)
    _session(store, program, 2, "completed", 600_000)
    _session(store, program, 3, "stopped_early", 420_000)  # 7 of 10 minutes: counts
    _session(store, program, 5, "stopped_early", 30_000)  # half a minute: too soon
    _session(store, program, 9, "stopped_early", 60_000)  # a minute: too soon
    prefix = "Set “Two weeks” (started 2 Nov 2026): "
    assert set_line(store, TODAY, UTC) == (
        prefix + "2 of 6 done, 1 of them ended early. 2 more ended early, before half of "
        "each was heard, so they do not count.")
    view = PatientProgress()
    qtbot.addWidget(view)
    view.show_patient(store, store.sessions(), TODAY, tz=UTC)
    assert view.set_label.text() == set_line(store, TODAY, UTC)


def test_one_stopped_too_soon_is_said_in_the_singular_and_none_says_nothing(store):
    program = _set(store)
    _session(store, program, 2, "completed", 600_000)
    prefix = "Set “Two weeks” (started 2 Nov 2026): "
    assert set_line(store, TODAY, UTC) == prefix + "1 of 6 done."
    _session(store, program, 3, "stopped_early", 10_000)
    assert set_line(store, TODAY, UTC) == (
        prefix + "1 of 6 done. 1 more ended early, before half of it was heard, so it "
        "does not count.")


def test_a_session_heard_less_than_half_through_is_explained_where_the_count_is(qtbot, store):
    """Played to its end with most of it skipped: the report marks it "item 1, not
    counted", and the Patients page said only "0 of 6 done." without a word of why."""
    program = _set(store)
    _session(store, program, 2, "completed", 60_000)  # 1 of 10 minutes heard
    view = PatientProgress()
    qtbot.addWidget(view)
    view.show_patient(store, store.sessions(), TODAY, tz=UTC)
    assert view.set_label.text() == "Set “Two weeks” (started 2 Nov 2026): 0 of 6 done."
    rule = view.findChild(QLabel, "patient-set-rule")
    assert rule is not None and rule.isVisibleTo(view)
    assert rule.text() == "A session counts for the set once at least half of it was heard."
    with SessionStore(store.path.parent / "none.sqlite3") as empty:  # no set: no rule
        view.show_patient(empty, [], TODAY, tz=UTC)
    assert view.set_label.text() == "No set in these results." and not rule.isVisibleTo(view)
