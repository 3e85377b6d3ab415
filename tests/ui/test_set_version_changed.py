"""Why a set's progress went down after a new version of it (probe: "5 of 12" became "4 of
10" and nobody was told why). A session done for a part of the set that the new version
gave another script counts for nothing now: Home's import message says so in one
sentence, and so does the therapist's Patients page. Real packs, real SQLite files."""

from __future__ import annotations

from datetime import UTC, date, datetime

from PySide6.QtWidgets import QWidget

from painease.catalog import load_catalog
from painease.domain.programs import Program
from painease.packs.identity import load_or_create_identity
from painease.packs.pack import build_pack
from painease.storage import SessionStore
from painease.storage.programs import ProgramStore
from painease.ui.therapist.patient_progress import set_line
from tests.packs.conftest import make_program
from tests.ui.test_patient_packs import card, therapist  # noqa: F401 - a fixture


def _changed(program: Program) -> Program:
    """Version 2: the dated item plays another script."""
    first, second = program.items
    changed = Program.create(program.title, program.therapist_name, [
        (first.script_id, first.minutes, first.schedule, first.note),
        ("somatic-tracking-first-steps", 5, second.schedule, None)])
    return Program(program.id, 2, program.title, program.therapist_name, changed.items)


def _pack(therapist, program: Program, name: str):  # noqa: F811 - the fixture
    therapist.working()
    try:
        from tests.packs.conftest import write_custom_script

        write_custom_script(therapist.home)
        identity = load_or_create_identity(name="Dr. Ana Moreno")
        return build_pack(program, identity, therapist.tmp / name, load_catalog())
    finally:
        therapist.back_to_patient()


def _done_for_the_dated_item(store: SessionStore, program: Program) -> None:
    sid = store.start_session("paced-breathing", 1, 5,
                              started_at=datetime(2026, 11, 4, 9, tzinfo=UTC),
                              program_item=(program.id, 2))
    store.end_session(sid, "completed", 300_000, played_ms=300_000)


def test_home_says_why_progress_went_down_after_a_new_version(qtbot, make_window, preset,
                                                              therapist):  # noqa: F811
    v1 = make_program(1, therapist.program.id)
    first, second = _pack(therapist, v1, "v1.painease"), _pack(therapist, _changed(v1),
                                                                 "v2.painease")
    preset(welcome_seen=True)
    window = make_window(use_device=False)
    assert card(window).import_file(first) == "new"
    _done_for_the_dated_item(window.store, v1)
    assert card(window).import_file(second) == "updated"
    message = card(window).findChild(QWidget, "import-message").text()
    assert message.startswith("Updated to “Two weeks” (version 2)"), message
    assert ("1 session you did for it no longer counts, because this version changed the "
            "part of the set it was for; it stays in your history.") in message, message


def test_a_new_version_alone_says_nothing_of_the_kind(qtbot, make_window, preset,
                                                      therapist):  # noqa: F811
    v1 = make_program(1, therapist.program.id)
    first, second = _pack(therapist, v1, "v1.painease"), _pack(
        therapist, make_program(2, therapist.program.id), "v2.painease")
    preset(welcome_seen=True)
    window = make_window(use_device=False)
    card(window).import_file(first)
    _done_for_the_dated_item(window.store, v1)  # still its item's script in version 2
    assert card(window).import_file(second) == "updated"
    message = card(window).findChild(QWidget, "import-message").text()
    assert message.startswith("Updated to “Two weeks” (version 2)"), message
    assert "no longer count" not in message, message


def test_the_patients_page_says_why_progress_went_down(tmp_path):
    v1 = make_program(1)
    with SessionStore(tmp_path / "painease.sqlite3") as store:
        sets = ProgramStore(store)
        sets.save_program(v1, origin="imported", activate=True, today=date(2026, 11, 1))
        _done_for_the_dated_item(store, v1)
        line = set_line(store, date(2026, 11, 20), UTC)
        assert line == "Set “Two weeks” (started 1 Nov 2026): 1 of 5 done."
        sets.save_program(_changed(v1), origin="imported")
        assert set_line(store, date(2026, 11, 20), UTC) == (
            "Set “Two weeks” (started 1 Nov 2026): 0 of 5 done. 1 session done for an "
            "earlier version no longer counts: this version changed the part of the set it "
            "was for.")
