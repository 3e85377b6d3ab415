"""Results files merged into the therapist's copy: overlaps, older files, a killed import.

Real keys, real SQLite files in both data dirs, real encrypted files on disk.
"""

from __future__ import annotations

import re
import sqlite3
from datetime import UTC, date, datetime, timedelta

import pytest

from painease.packs import results_export
from painease.packs.identity import (
    load_or_create_identity,
)
from painease.packs.install import import_pack
from painease.packs.results import (
    import_results,
    open_patient,
)
from painease.storage import SessionStore
from painease.storage.patients import PatientStore
from painease.storage.programs import ProgramStore
from tests.packs.conftest import _as_therapist, _at, _export, _rows, make_program
from tests.ui.clinic import patients_pages_closed  # noqa: F401 - a fixture

# The Patients pages these tests make are closed at each test's end (see the fixture).
pytestmark = pytest.mark.usefixtures("patients_pages_closed")


def test_overlapping_periods_never_duplicate(patient, identity, homes, tmp_path):
    early = _export(patient, identity, tmp_path, date(2026, 11, 1), date(2026, 11, 6),
                    "a.painease-results").path
    # Later the patient corrects a rating of the 5th; the next export overlaps it.
    patient.save_rating(2, "post", 2, 1, rated_at=_at(5, 14))
    late = _export(patient, identity, tmp_path, date(2026, 11, 4), date(2026, 11, 30),
                   "b.painease-results").path
    me, store = _as_therapist(homes)
    with store:
        first = import_results(early, me, store)
        second = import_results(late, me, store)
        again = import_results(late, me, store)
        # The same file again is not a new import: one row each for the two files.
        assert len(PatientStore(store).imports(identity.key_id)) == 2
    assert first.counts.sessions_new == 2
    assert (second.counts.sessions_new, second.counts.sessions_updated,
            second.counts.sessions_unchanged) == (2, 1, 0)
    assert (again.counts.sessions_new, again.counts.sessions_updated,
            again.counts.sessions_unchanged) == (0, 0, 3)
    with open_patient(identity.key_id) as theirs:
        sessions = theirs.sessions()
        assert len(sessions) == 4
        fifth = next(s for s in sessions if s.started_at == _at(5))
        assert theirs.ratings(fifth.id)["post"].pain == 2
        assert len(theirs.live_samples(fifth.id)) == 3  # replaced, not appended


def test_results_sent_without_notes_keep_the_notes_already_here(patient, identity, homes,
                                                                tmp_path):
    # Once a newer file sent without notes wiped the notes of every session it updated.
    noted = _export(patient, identity, tmp_path, date(2026, 11, 1), date(2026, 11, 3),
                    "noted.painease-results", include_journal=True).path
    patient.save_rating(1, "post", 2, 2, rated_at=_at(2, 13))  # a change, so an update
    plain = _export(patient, identity, tmp_path, date(2026, 11, 1), date(2026, 11, 3),
                    "plain.painease-results").path
    me, store = _as_therapist(homes)
    with store:
        import_results(noted, me, store)
        assert import_results(plain, me, store).counts.sessions_updated == 1
    with open_patient(identity.key_id) as theirs:
        [session] = theirs.sessions()
        ratings = theirs.ratings(session.id)
        assert ratings["pre"].note == "tight back" and ratings["post"].pain == 2


def test_an_older_results_file_never_rolls_back_a_newer_one(patient, identity, homes,
                                                            tmp_path, monkeypatch):
    # The files' times are set, a second apart in one minute: made by the clock, two files
    # a second apart fell either side of a minute now and then, read apart to the minute,
    # and were written without seconds.
    first = (datetime.now(UTC) - timedelta(minutes=2)).replace(second=10, microsecond=0)
    clock = _results_clock(monkeypatch, first)
    # Still running when the first file was made; finished before the second.
    sid = patient.start_session("calm-corner", 1, 2, started_at=_at(14))
    patient.save_rating(sid, "pre", 7, 7, rated_at=_at(14))
    older = _export(patient, identity, tmp_path, date(2026, 11, 1), date(2026, 11, 30),
                    "older.painease-results").path
    clock[0] = first + timedelta(seconds=1)  # files are stamped to the second
    patient.end_session(sid, "completed", 120_000, ended_at=_at(14, 13))
    patient.save_rating(sid, "post", 3, 2, rated_at=_at(14, 13))
    newer = _export(patient, identity, tmp_path, date(2026, 11, 1), date(2026, 11, 30),
                    "newer.painease-results").path
    me, store = _as_therapist(homes)
    with store:
        import_results(newer, me, store)
        result = import_results(older, me, store)
    assert (result.counts.sessions_new, result.counts.sessions_updated) == (0, 0)
    [warning] = result.warnings
    assert warning.startswith("This file was made on ") and warning.endswith(
        "sessions already here were kept as they are, and only new ones were added.")
    # A second apart: the two times read apart (to the minute both read "… at 10:46").
    made, latest = re.fullmatch(r"This file was made on (.+), before the latest results "
                                r"already imported from Sam \((.+)\): .*", warning).groups()
    assert made != latest and made.count(":") == latest.count(":") == 2
    with open_patient(identity.key_id) as theirs:
        [late] = [s for s in theirs.sessions() if s.started_at == _at(14)]
        assert late.outcome == "completed" and theirs.ratings(late.id)["post"].pain == 3


def _results_clock(monkeypatch, moment: datetime) -> list[datetime]:
    """The clock results files are made by (``results_export``'s), stopped at ``moment``;
    set the list's one item to move it."""
    clock = [moment]

    class Stopped(datetime):
        @classmethod
        def now(cls, tz=None):
            return clock[0].astimezone(tz) if tz is not None else clock[0].replace(tzinfo=None)

    monkeypatch.setattr(results_export, "datetime", Stopped)
    return clock


def test_an_older_results_file_leaves_the_current_set_as_the_newer_one_said(
        patient, identity, homes, tmp_path, make_pack):
    import time

    older = _export(patient, identity, tmp_path, date(2026, 11, 1), date(2026, 11, 30),
                    "older.painease-results").path
    time.sleep(1.1)  # files are stamped to the second
    second = make_program(program_id="22222222-2222-4222-8222-222222222222")
    homes.use(homes.patient)
    import_pack(make_pack(second, "second.painease"), patient, today=date(2026, 11, 20))
    assert ProgramStore(patient).current().program.id == second.id
    newer = _export(patient, identity, tmp_path, date(2026, 11, 1), date(2026, 11, 30),
                    "newer.painease-results").path
    me, store = _as_therapist(homes)
    with store:
        import_results(newer, me, store)
        import_results(older, me, store)  # the patient's first set was current then
    with open_patient(identity.key_id) as theirs:
        assert ProgramStore(theirs).current().program.id == second.id


def test_the_same_file_twice_is_one_import_and_the_newest_file_names_the_period(
        qtbot, patient, identity, homes, tmp_path):
    import time

    from painease.ui.therapist.patients_page import PatientsPage

    older = _export(patient, identity, tmp_path, date(2026, 11, 1), date(2026, 11, 10),
                    "older.painease-results").path
    time.sleep(1.1)  # files are stamped to the second
    newer = _export(patient, identity, tmp_path, date(2026, 11, 1), date(2026, 11, 30),
                    "newer.painease-results").path
    me, store = _as_therapist(homes)
    with store:
        for path in (newer, older, older):  # the older file comes in last, twice
            import_results(path, me, store)
        patients = PatientStore(store)
        imports = patients.imports(identity.key_id)
        assert [(r.period_to.day, r.sessions_new) for r in imports] == [(30, 4), (10, 0)]
        assert patients.latest_import(identity.key_id).period_to == date(2026, 11, 30)
        page = PatientsPage(store)
        qtbot.addWidget(page)
        # Said as the file's period, not as if the newest sessions were November's.
        assert page.note.text() == ("4 sessions imported. Their newest results file covers "
                                    "1 Nov – 30 Nov 2026.")
        page.close()  # lets go of the patient's database


def test_a_name_the_therapist_gave_survives_the_next_import(patient, identity, homes,
                                                            tmp_path, therapist):
    first = _export(patient, identity, tmp_path, date(2026, 11, 1), date(2026, 11, 15))
    me, store = _as_therapist(homes)
    with store:
        assert import_results(first.path, me, store).patient.name == "Sam"
        PatientStore(store).rename(identity.key_id, "Sam R. (Tuesdays)")
    second = _export(patient, identity, tmp_path / "again", date(2026, 11, 1),
                     date(2026, 11, 30))
    with _as_therapist(homes)[1] as store:
        result = import_results(second.path, me, store)
        assert result.patient.name == "Sam R. (Tuesdays)"
        assert PatientStore(store).patient(identity.key_id).name == "Sam R. (Tuesdays)"


KILLED_BETWEEN = """
import os, signal, sys
from painease.packs.identity import load_or_create_identity
from painease.packs.results import import_results
from painease.storage import SessionStore
from painease.storage.patients import PatientStore

record_import = PatientStore.record_import

def killed(self, *args, **kwargs):  # dies once the patient's database is written: when
    if str(self._database.path) == sys.argv[2]:  # the therapist's list is written (last;
        os.kill(os.getpid(), signal.SIGKILL)  # the patient's copy logs the file too)
    return record_import(self, *args, **kwargs)

PatientStore.record_import = killed
with SessionStore(sys.argv[2]) as store:
    import_results(sys.argv[1], load_or_create_identity(), store)
"""


def test_an_import_killed_between_the_two_databases_lists_the_patient_on_the_next(
        patient, identity, homes, tmp_path):
    """Killed after the patient's sessions were merged into their database but before the
    therapist's list was written: not listed yet (never listed half), and the same file
    imported again lists them, their sessions counted as new to the therapist.
    (See also test_results_killed.py: kills at every moment of a CLI import.)"""
    import os
    import subprocess
    import sys

    from tests.test_report import REPO

    summary = _export(patient, identity, tmp_path, date(2026, 11, 1), date(2026, 11, 30))
    homes.use(homes.therapist)
    database = homes.therapist / "painease.sqlite3"
    env = dict(os.environ, PYTHONPATH=str(REPO))
    killed = subprocess.run([sys.executable, "-c", KILLED_BETWEEN, str(summary.path),
                             str(database)], env=env, capture_output=True, text=True,
                            timeout=120)
    assert killed.returncode == -9, killed.stderr
    with SessionStore(database) as store:
        assert PatientStore(store).patients() == []
        with open_patient(identity.key_id) as theirs:
            assert len(theirs.sessions()) == 4
        # Importing the file again lists them, and adds nothing twice.
        again = import_results(summary.path, load_or_create_identity(), store)
        assert (again.counts.sessions_new, again.counts.sessions_updated) == (4, 0)
        assert again.message == "Sam: 4 new, 0 updated, 0 already here"
        (listed,) = PatientStore(store).patients()
        assert (listed.key_id, listed.name) == (identity.key_id, "Sam")
        [record] = PatientStore(store).imports(identity.key_id)
        assert record.sessions_new == 4
        with open_patient(identity.key_id) as theirs:
            assert len(theirs.sessions()) == 4


# The insights branch adds these tables by its own migration; made by hand here so this
# test shows that phase marks travel wherever both databases have them.
_PHASE_TABLES = (
    "CREATE TABLE session_phases (session_id INTEGER NOT NULL REFERENCES sessions (id)"
    " ON DELETE CASCADE, t_ms INTEGER NOT NULL, phase TEXT NOT NULL,"
    " PRIMARY KEY (session_id, t_ms))",
    "CREATE TABLE session_phase_shifts (session_id INTEGER NOT NULL, phase TEXT NOT NULL,"
    " window_ms INTEGER NOT NULL, n_events INTEGER NOT NULL, shift REAL,"
    " PRIMARY KEY (phase, window_ms, session_id))",
)


def _add_phase_tables(path):
    conn = sqlite3.connect(path)
    for statement in _PHASE_TABLES:
        if not conn.execute("SELECT 1 FROM sqlite_master WHERE name = ?",
                            (statement.split()[2],)).fetchone():
            conn.execute(statement)
    conn.commit()
    return conn


def test_phase_marks_travel_and_stale_shift_cache_is_dropped(patient, identity, homes,
                                                             tmp_path):
    conn = _add_phase_tables(patient.path)
    conn.executemany("INSERT INTO session_phases VALUES (?, ?, ?)",
                     [(1, 0, "settle"), (1, 30_000, "attention"), (1, 60_000, "safety")])
    conn.commit()
    conn.close()
    first = _export(patient, identity, tmp_path, date(2026, 11, 1), date(2026, 11, 3),
                    "a.painease-results").path
    theirs = homes.therapist / "patients" / identity.key_id / "painease.sqlite3"
    SessionStore(theirs).close()
    _add_phase_tables(theirs).close()
    me, store = _as_therapist(homes)
    with store:
        import_results(first, me, store)
        marks = _rows(theirs, "SELECT t_ms, phase FROM session_phases ORDER BY t_ms")
        assert marks == [(0, "settle"), (30_000, "attention"), (60_000, "safety")]
        conn = sqlite3.connect(theirs)
        conn.execute("INSERT INTO session_phase_shifts VALUES (1, 'safety', 30000, 1, -1.5)")
        conn.commit()
        conn.close()
        # The patient's later export changes the live samples: the cached shift is stale.
        homes.use(homes.patient)
        patient.add_live_samples(1, [(90_000, 2.0)])
        second = _export(patient, identity, tmp_path, date(2026, 11, 1), date(2026, 11, 3),
                         "b.painease-results").path
        homes.use(homes.therapist)
        assert import_results(second, me, store).counts.sessions_updated == 1
    assert _rows(theirs, "SELECT count(*) FROM session_phase_shifts") == [(0,)]
    assert len(_rows(theirs, "SELECT * FROM session_phases")) == 3
