"""A patient who restores their painease from an older copy of its database, then sends
results again: the therapist's copy counts Library sessions as the patient lived them.

The restored store holds only the activations of the older copy, so the places it gives
the sets made current from then on start again from that copy's last one: places the
therapist's copy already holds for activations the results sent before the restore.
Ordered by place, an activation from before the restore (its place higher) came after
those made since, and kept its set current: practice done after the patient made
another set current was credited to the therapist's set.

Real parts: the patient's SQLite file, copied and copied back as a patient restores a
backup; sealed results files imported into the therapist's.
"""

from __future__ import annotations

import shutil
from datetime import date, datetime, timedelta

import pytest

from painease.domain.programs import Program, Schedule
from painease.packs.results import import_results, open_patient, read_results
from painease.storage import SessionStore
from painease.storage.programs import ProgramStore
from tests.packs.conftest import _as_therapist, _export, make_program, seal_results
from tests.packs.test_results_activations import (
    Patient,
    _credited,
    _import,
    _library,
    _nov,
    _patient_credited,
    sam,  # noqa: F401 - a fixture
)

NOVEMBER = date(2026, 11, 1), date(2026, 11, 30)


def _own_set(patient: Patient, title: str, day: int) -> None:
    """Sam makes a set of their own (never sent) current on ``day`` November at 08:00."""
    mine = Program.create(title, "Sam", [
        ("paced-breathing", 5, Schedule(times_per_week=5, weeks=2), None)])
    ProgramStore(patient.store).save_program(mine, activate=True,
                                             today=date(2026, 11, day), at=_nov(day, 8))


def _restored(patient: Patient, copy) -> None:
    """Sam's painease closed, its database replaced by the older ``copy``, opened again."""
    path = patient.homes.patient / "painease.sqlite3"
    patient.store.close()
    shutil.copyfile(copy, path)
    patient.store = SessionStore(path)


def _backed_up(patient: Patient, tmp_path):
    """Sam's backup of their database, taken now (painease closed, then opened again)."""
    path = patient.homes.patient / "painease.sqlite3"
    patient.store.close()
    shutil.copyfile(path, tmp_path / "backup.sqlite3")
    patient.store = SessionStore(path)
    return tmp_path / "backup.sqlite3"


def _imported(patient: Patient, paths) -> list[str]:
    """The therapist imports ``paths`` in turn; the last import's warnings."""
    me, own = _as_therapist(patient.homes)
    with own:
        for path in paths:
            said = import_results(path, me, own).warnings
    return said


def _send(patient: Patient, tmp_path, name: str, hours_earlier: int = 0):
    """Sam's results for November, sealed; made ``hours_earlier`` (its creation time
    moved back, as a file made before another is)."""
    patient.homes.use(patient.homes.patient)
    path = _export(patient.store, patient.identity, tmp_path, *NOVEMBER, name=name).path
    if hours_earlier:
        me, own = _as_therapist(patient.homes)
        own.close()
        payload = read_results(path, me).payload
        made = datetime.fromisoformat(payload["created_at"])
        payload["created_at"] = (made - timedelta(hours=hours_earlier)).isoformat(
            timespec="seconds")
        path = seal_results(payload, patient.identity, me, path)
    return path


@pytest.mark.parametrize("late", [False, True], ids=["in-turn", "older-file-last"])
def test_results_after_a_restored_backup_credit_the_set_as_the_patient_did(
        sam, tmp_path, late):  # noqa: F811 - the fixture
    first = make_program()  # "Two weeks": its days run from 2 to 15 Nov
    _import(sam, first, _nov(2, 8))  # place 1
    _library(sam, _nov(3, 12), first)  # a session of the set: the results send it
    backup = _backed_up(sam, tmp_path)
    _own_set(sam, "My mornings", 5)  # place 2
    _library(sam, _nov(6, 12))
    _import(sam, make_program(version=2, program_id=first.id), _nov(7, 8))  # place 3
    _library(sam, _nov(8, 12))
    before = _send(sam, tmp_path, "before.painease-results", hours_earlier=2 if late else 0)
    # Sam restores the backup: the sessions and activations since are gone from their
    # store; the next set they make current takes place 2 again.
    _restored(sam, backup)
    _own_set(sam, "My evenings", 10)  # place 2, again
    _library(sam, _nov(11, 12))
    assert _patient_credited(sam, first) == []  # on 11 Nov "My evenings" was Sam's set
    after = _send(sam, tmp_path, "after.painease-results")
    said = _imported(sam, [after, before] if late else [before, after])
    assert any("before the latest results" in line for line in said) == late
    try:
        with open_patient(sam.identity.key_id) as theirs:
            # 6 Nov: "My mornings" was current; 8 Nov: "Two weeks" again (made current on 7
            # Nov, as the first results said); 11 Nov: "My evenings", made current on 10.
            assert _credited(theirs, first) == [_nov(8, 12)]
    finally:
        sam.store.close()


def test_an_older_file_imported_last_leaves_the_newer_ones_places(
        sam, tmp_path):  # noqa: F811 - the fixture
    # No restore: the first results were made before "Next steps" was made current, and
    # imported after the newer ones. Their places are not the whole order any more: the
    # newer file's stay ("Two weeks" made current while the clock ran ahead, then "Next
    # steps"; Home shows "Next steps", and practice on 10 and 13 Nov is its).
    first = make_program()
    second = Program.create("Next steps", "Dr. Ana Moreno", [
        ("paced-breathing", 5, Schedule(times_per_week=5, weeks=2), None)])
    _import(sam, first, _nov(12, 8))  # the clock three days ahead
    _library(sam, _nov(12, 9), first)
    older = _send(sam, tmp_path, "older.painease-results", hours_earlier=2)
    _import(sam, second, _nov(9, 8))
    _library(sam, _nov(10, 12))
    _library(sam, _nov(13, 12))
    mine = [_patient_credited(sam, first), _patient_credited(sam, second)]
    assert mine == [[], [_nov(10, 12), _nov(13, 12)]]
    newer = _send(sam, tmp_path, "newer.painease-results")
    me, own = _as_therapist(sam.homes)
    with own:
        import_results(newer, me, own)
        import_results(older, me, own)
    with open_patient(sam.identity.key_id) as theirs:
        assert [_credited(theirs, first), _credited(theirs, second)] == mine
