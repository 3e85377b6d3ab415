"""Importing the same results file in several processes at once (therapist side).

A probe ran ``results import`` twice side by side: one ended in a traceback, and both
counted the patient's sessions new. Real processes, real SQLite files, a real sealed file.
"""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import UTC, date, datetime

import pytest

from painease import paths
from painease.packs.identity import load_or_create_identity
from painease.packs.import_lock import one_import_at_a_time
from painease.packs.install import import_pack
from painease.packs.results import ResultsError, import_results, open_patient
from painease.packs.results_export import export_results
from painease.storage import SessionStore
from painease.storage.patients import PatientStore
from tests.packs.conftest import make_program, snapshot
from tests.pinned import therapists
from tests.test_cli import REPO, painease


@pytest.fixture
def sent(homes, make_pack, tmp_path):
    """A results file from Sam (three sessions), sealed to the therapist."""
    pack = make_pack(make_program())
    homes.use(homes.patient)
    with SessionStore(homes.patient / "painease.sqlite3") as store:
        import_pack(pack, store, today=date(2026, 11, 2))
        for day in (2, 5, 9):
            at = datetime(2026, 11, day, 12, tzinfo=UTC)
            sid = store.start_session("calm-corner", 1, 2, started_at=at)
            store.save_rating(sid, "pre", 6, 7, rated_at=at)
            store.end_session(sid, "completed", 120_000, ended_at=at)
        [(_, key)] = therapists(store)
        me = load_or_create_identity(name="Sam")
        path = export_results(store, key, me, tmp_path / "sam.painease-results",
                              date(2026, 11, 1), date(2026, 11, 30), patient_name="Sam").path
    homes.use(homes.therapist)
    return path, me


def test_imports_run_side_by_side_each_finish_and_count_the_sessions_once(
        sent, homes, tmp_path):
    path, sam = sent
    for attempt in range(3):  # a fresh data folder each time: the database made at once too
        home = tmp_path / f"therapist-{attempt}"
        (home / "keys").mkdir(parents=True)
        (home / "keys" / "identity.json").write_bytes(
            (homes.therapist / "keys" / "identity.json").read_bytes())
        env = {**os.environ, "PYTHONPATH": str(REPO), "PAINEASE_HOME": str(home)}
        children = [subprocess.Popen([sys.executable, "-m", "painease", "results", "import",
                                      str(path)], stdout=subprocess.PIPE,
                                     stderr=subprocess.PIPE, text=True, env=env)
                    for _ in range(3)]
        said = [child.communicate(timeout=120) for child in children]
        for child, (_, err) in zip(children, said, strict=True):
            assert child.returncode == 0 and "Traceback" not in err, err
        counts = sorted(out.split(" (key")[0] for out, _ in said)
        # The first import brought them; the others found them already here.
        assert counts == ["Sam: 0 new, 0 updated, 3 already here"] * 2 + [
            "Sam: 3 new, 0 updated, 0 already here"], said
    listed = painease("results", "patients", data_dir=home)
    assert listed.stdout.count("Sam") == 1
    homes.use(home)
    with open_patient(sam.key_id) as theirs:
        assert len(theirs.sessions()) == 3


def test_an_import_that_waited_too_long_says_so_and_writes_nothing(sent, homes, monkeypatch):
    path, sam = sent
    me = load_or_create_identity()
    monkeypatch.setattr("painease.packs.import_lock.WAIT_SECONDS", 0.2)
    with SessionStore.open_default() as store:
        with one_import_at_a_time(paths.patients_dir()):  # another import, still running
            before = snapshot(homes.therapist)
            with pytest.raises(ResultsError) as refused:
                import_results(path, me, store)
            assert str(refused.value) == ("another import of results is still running in "
                                          "this data folder; try again once it has finished")
            assert snapshot(homes.therapist) == before
            assert PatientStore(store).patients() == []
        # Once it has finished, the same file imports.
        assert import_results(path, me, store).counts.sessions_new == 3
        assert [p.key_id for p in PatientStore(store).patients()] == [sam.key_id]
