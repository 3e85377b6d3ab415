"""Why a set's progress went down after a new version that plans fewer sessions ("3 of 5
done" became "2 of 3 done": a session done beyond the new plan fills nothing now). Home's
import message says so in one sentence, and so does the therapist's Patients page, in
the words they use when a new version changed a part of the set. Real packs, real SQLite
files."""

from __future__ import annotations

from datetime import UTC, date, datetime

from PySide6.QtWidgets import QWidget

from painease.domain.programs import Program, Schedule
from painease.storage import SessionStore
from painease.storage.programs import ProgramStore
from painease.ui.therapist.patient_progress import set_line
from tests.packs.conftest import make_program
from tests.ui.test_patient_packs import card, therapist  # noqa: F401 - a fixture
from tests.ui.test_set_version_changed import _pack


def _fewer(program: Program) -> Program:
    """Version 2: the first item for one week instead of two (2 sessions, not 4)."""
    first, second = program.items
    fewer = Program.create(program.title, program.therapist_name, [
        (first.script_id, first.minutes, Schedule(times_per_week=2, weeks=1), first.note),
        (second.script_id, second.minutes, second.schedule, second.note)])
    return Program(program.id, 2, program.title, program.therapist_name, fewer.items)


def _three_of_the_first(store: SessionStore, program: Program) -> None:
    for day in (2, 3, 9):
        sid = store.start_session("calm-corner", 1, 2,
                                  started_at=datetime(2026, 11, day, 9, tzinfo=UTC),
                                  program_item=(program.id, 1))
        store.end_session(sid, "completed", 120_000, played_ms=120_000)


def test_home_says_the_new_version_plans_fewer_sessions(qtbot, make_window, preset,
                                                        therapist):  # noqa: F811
    v1 = make_program(1, therapist.program.id)
    first, second = _pack(therapist, v1, "v1.painease"), _pack(therapist, _fewer(v1),
                                                                 "v2.painease")
    preset(welcome_seen=True)
    window = make_window(use_device=False)
    assert card(window).import_file(first) == "new"
    _three_of_the_first(window.store, v1)
    assert card(window).import_file(second) == "updated"
    message = card(window).findChild(QWidget, "import-message").text()
    assert message.startswith("Updated to “Two weeks” (version 2)"), message
    assert ("1 session you did for it no longer counts, because this version plans fewer "
            "sessions: 3 instead of 5; it stays in your history.") in message, message


def test_the_patients_page_says_the_new_version_plans_fewer_sessions(tmp_path):
    v1 = make_program(1)
    with SessionStore(tmp_path / "painease.sqlite3") as store:
        sets = ProgramStore(store)
        sets.save_program(v1, origin="imported", activate=True, today=date(2026, 11, 1))
        _three_of_the_first(store, v1)
        assert set_line(store, date(2026, 11, 20), UTC) == (
            "Set “Two weeks” (started 1 Nov 2026): 3 of 5 done.")
        sets.save_program(_fewer(v1), origin="imported")
        expected = ("Set “Two weeks” (started 1 Nov 2026): 2 of 3 done. 1 session done for "
                    "an earlier version no longer counts: this version plans fewer "
                    "sessions, 3 instead of 5.")
        assert set_line(store, date(2026, 11, 20), UTC) == expected
        # A later version that keeps the smaller plan still says why.
        third = _fewer(v1)
        sets.save_program(Program(third.id, 3, third.title, third.therapist_name,
                                  third.items), origin="imported")
        assert set_line(store, date(2026, 11, 20), UTC) == expected


def test_fewer_planned_but_none_beyond_them_says_nothing(tmp_path):
    v1 = make_program(1)
    with SessionStore(tmp_path / "painease.sqlite3") as store:
        sets = ProgramStore(store)
        sets.save_program(v1, origin="imported", activate=True, today=date(2026, 11, 1))
        sets.save_program(_fewer(v1), origin="imported")
        assert set_line(store, date(2026, 11, 20), UTC) == (
            "Set “Two weeks” (started 1 Nov 2026): 0 of 3 done.")
