"""A results import killed between any two of its commits leaves what the therapist sees
as it was before, or as the whole import leaves it, never a mix; importing the file again
then completes it, as one uninterrupted import would have.

Found by reading the import: it wrote the patient's copy in several transactions (the
sessions, then each set with its activations and their places, then the activations of
sets not sent, then which places the newest file keeps) and the therapist's list in one
more, so a kill between them left, say, the new sessions without the set they were done
for (Outcomes and the Patients page counted them for no set), and nothing said so.

Real parts: a real ``painease results import`` in a subprocess, killed with SIGKILL right
after its Nth commit by a driver script of this test's (it counts the COMMITs the import
makes, through a ``sqlite3.Connection`` subclass, and kills itself after the Nth), real
SQLite files compared row by row before, after a whole import and after each kill.
"""

from __future__ import annotations

import os
import shutil
import signal
import sqlite3
import subprocess
import sys
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest

from painease.packs.identity import load_or_create_identity
from painease.packs.install import import_pack
from painease.packs.results import ResultsError, import_results, open_patient, read_results
from painease.storage import SessionStore
from painease.storage.patients import PatientStore
from painease.storage.programs import ProgramStore
from painease.storage.stored_values import db_time
from tests.packs.conftest import _at, _export, make_program, seal_results
from tests.test_cli import REPO

DRIVER = r'''
"""Runs ``painease`` with argv; after the import's Nth COMMIT (env KILL_AFTER_COMMIT, 0:
never) it kills itself with SIGKILL. Prints how many COMMITs the import made."""
import os, signal, sqlite3, sys

KILL_AFTER = int(os.environ["KILL_AFTER_COMMIT"])
state = {"armed": False, "commits": 0}


class Counting(sqlite3.Connection):
    def execute(self, sql, *args):
        cursor = super().execute(sql, *args)
        top_level = sql.strip().upper() in ("COMMIT", "END") or (
            sql.strip().upper().startswith("RELEASE") and not self.in_transaction)
        if state["armed"] and top_level:
            state["commits"] += 1
            if state["commits"] == KILL_AFTER:
                os.kill(os.getpid(), signal.SIGKILL)
        return cursor


_connect = sqlite3.connect
sqlite3.connect = lambda *a, **k: _connect(*a, factory=Counting, **k)

from painease.packs import results  # noqa: E402

_locked = results._import_locked


def armed(*a, **k):
    state["armed"] = True
    try:
        return _locked(*a, **k)
    finally:
        state["armed"] = False


results._import_locked = armed
from painease.cli import main  # noqa: E402

code = main(sys.argv[1:])
print(f"COMMITS {state['commits']}")
sys.exit(code)
'''

# Written with the time of the import (or of now), not with anything the file says.
NOW_COLUMNS = {("programs", "saved_at"), ("programs", "activated_at"),
               ("patients", "first_seen_at"), ("patients", "last_imported_at"),
               ("result_imports", "imported_at")}


def _dump(path: Path) -> dict[str, list[tuple]]:
    """Every table's rows (sorted), without the columns written with the import's time."""
    conn = sqlite3.connect(path)
    try:
        tables = [name for (name,) in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table'"
            " AND name NOT LIKE 'sqlite_%' ORDER BY name")]
        dump = {}
        for table in tables:
            cursor = conn.execute(f"SELECT * FROM {table}")
            names = [column[0] for column in cursor.description]
            dump[table] = sorted(
                (tuple(value for name, value in zip(names, row, strict=True)
                       if (table, name) not in NOW_COLUMNS) for row in cursor),
                key=repr)
        return dump
    finally:
        conn.close()


def _state(home: Path, key: str) -> tuple[dict, dict]:
    """(the therapist's own database, the patient's copy), dumped."""
    return (_dump(home / "painease.sqlite3"),
            _dump(home / "patients" / key / "painease.sqlite3"))


def _run(driver: Path, home: Path, results: Path, kill_after: int):
    env = dict(os.environ, PYTHONPATH=str(REPO), KILL_AFTER_COMMIT=str(kill_after))
    return subprocess.run([sys.executable, str(driver), "--data-dir", str(home), "results",
                           "import", str(results)], env=env, capture_output=True, text=True,
                          timeout=120)


def _second_file(patient, identity, homes, tmp_path, make_pack, between=None):
    """Sam's first results imported (in the therapist's home); then Sam follows a second
    set of the therapist's and does two more sessions. Returns the second results file,
    which brings new sessions, a new set made current and every activation's place.
    ``between``: the name of a results file to export before Sam follows the second set."""
    first = _export(patient, identity, tmp_path, date(2026, 11, 1), date(2026, 11, 6),
                    name="first.painease-results")
    homes.use(homes.therapist)
    with SessionStore(homes.therapist / "painease.sqlite3") as store:
        import_results(first.path, load_or_create_identity(), store)
    if between is not None:  # a file Sam made before following the second set
        _export(patient, identity, tmp_path, date(2026, 11, 1), date(2026, 11, 30),
                name=between)
    second_set = make_program()  # another set: a new id
    pack = make_pack(second_set, "second.painease")
    homes.use(homes.patient)
    before = db_time(datetime.now(tz=_at(1).tzinfo))
    import_pack(pack, patient, today=date(2026, 11, 14))
    patient.database.conn.execute(  # made current on the 14th, on Sam's clock
        "UPDATE set_activations SET activated_at = ? WHERE activated_at >= ?",
        (db_time(_at(14, 9)), before))
    for day in (15, 16):
        sid = patient.start_session("calm-corner", 1, 2, started_at=_at(day),
                                    program_item=(second_set.id, 1))
        patient.save_rating(sid, "pre", 5, 5, rated_at=_at(day))
        patient.end_session(sid, "completed", 120_000, ended_at=_at(day, 13))
    return _export(patient, identity, tmp_path, date(2026, 11, 1), date(2026, 11, 30),
                   name="second.painease-results").path


def test_a_results_import_killed_after_any_commit_leaves_the_old_state_or_the_new(
        patient, identity, homes, tmp_path, make_pack):
    results = _second_file(patient, identity, homes, tmp_path, make_pack)
    driver = tmp_path / "driver.py"
    driver.write_text(DRIVER, encoding="utf-8")
    key = identity.key_id
    old = _state(homes.therapist, key)

    whole = tmp_path / "whole"
    shutil.copytree(homes.therapist, whole)
    done = _run(driver, whole, results, 0)
    assert done.returncode == 0, done.stderr
    commits = int(done.stdout.rsplit("COMMITS ", 1)[1])
    assert commits >= 2  # the patient's copy, then the therapist's list
    new = _state(whole, key)
    assert new[1]["sessions"] != old[1]["sessions"]  # the import changes both databases
    assert new[1]["set_activations"] != old[1]["set_activations"]
    assert new[0]["result_imports"] != old[0]["result_imports"]
    # The same file imported twice: what a re-import after a kill may leave too (it
    # writes the ratings again, under new row ids, and makes the set current again).
    assert _run(driver, whole, results, 0).returncode == 0
    twice = _state(whole, key)

    seen = []
    for n in range(1, commits):
        home = tmp_path / f"killed-{n}"
        shutil.copytree(homes.therapist, home)
        killed = _run(driver, home, results, n)
        assert killed.returncode == -signal.SIGKILL, (n, killed.stdout, killed.stderr)
        theirs, copy = _state(home, key)
        pair = ("old" if theirs == old[0] else "new" if theirs == new[0] else "mix",
                "old" if copy == old[1] else "new" if copy == new[1] else "mix")
        # Importing the file again completes the import, as if never killed.
        homes.use(home)
        with SessionStore(home / "painease.sqlite3") as store:
            again = import_results(results, load_or_create_identity(), store)
            logged = [(r.sessions_new, r.sessions_updated)
                      for r in PatientStore(store).imports(key)]
        completed = (_state(home, key) in (new, twice) and logged == [(2, 0), (4, 0)]
                     and (again.counts.sessions_new, again.counts.sessions_unchanged) == (4, 2))
        seen.append((n, *pair, "completed" if completed else f"not completed: {logged}"))
    # Each database old or new, the therapist's never new while the copy is old, and the
    # file imported again completes the import.
    assert all(their in ("old", "new") and copy in ("old", "new")
               and (their, copy) != ("new", "old") and done == "completed"
               for _, their, copy, done in seen), seen


def test_a_results_import_that_fails_half_way_leaves_the_patients_copy_as_it_was(
        patient, identity, homes, tmp_path, make_pack):
    """A real failure inside the copy's writes (SQLite refuses an activation, as a full
    disk or a damaged page would) after the sessions were merged: nothing of the file is
    kept, and importing it again once the problem is gone imports it whole."""
    results = _second_file(patient, identity, homes, tmp_path, make_pack)
    key = identity.key_id
    copy = homes.therapist / "patients" / key / "painease.sqlite3"
    conn = sqlite3.connect(copy)
    conn.execute("CREATE TRIGGER refuse BEFORE INSERT ON set_activations"
                 " BEGIN SELECT RAISE(ABORT, 'refused by the test'); END")
    conn.close()
    before = _state(homes.therapist, key)
    homes.use(homes.therapist)
    with (SessionStore(homes.therapist / "painease.sqlite3") as store,
          pytest.raises(ResultsError, match="could not be saved")):
        import_results(results, load_or_create_identity(), store)
    assert _state(homes.therapist, key) == before
    conn = sqlite3.connect(copy)
    conn.execute("DROP TRIGGER refuse")
    conn.close()
    with SessionStore(homes.therapist / "painease.sqlite3") as store:
        again = import_results(results, load_or_create_identity(), store)
        logged = [(r.sessions_new, r.sessions_updated)
                  for r in PatientStore(store).imports(key)]
    assert (again.counts.sessions_new, again.counts.sessions_unchanged) == (4, 2)
    assert logged == [(2, 0), (4, 0)]
    assert len(_state(homes.therapist, key)[1]["sessions"]) == 6


def test_an_older_file_imported_after_a_kill_never_undoes_the_newer_one(
        patient, identity, homes, tmp_path, make_pack):
    """Killed after the patient's copy took a file in and before the list heard of it,
    then a file made before it is imported: that one is merged as an older file (the
    copy knows it took a newer one), so the set the newer file made current stays so."""
    older = tmp_path / "between.painease-results"
    made = _second_file(patient, identity, homes, tmp_path, make_pack, between=older.name)
    homes.use(homes.therapist)
    me = load_or_create_identity()
    payload = dict(read_results(made, me).payload)  # made an hour later than ``older``
    payload["created_at"] = (datetime.fromisoformat(payload["created_at"])
                             + timedelta(hours=1)).isoformat()
    newer = seal_results(payload, identity, me, tmp_path / "newer.painease-results")
    driver = tmp_path / "driver.py"
    driver.write_text(DRIVER, encoding="utf-8")
    killed = _run(driver, homes.therapist, newer, 1)  # after the copy's commit
    assert killed.returncode == -signal.SIGKILL, killed.stderr
    key = identity.key_id

    def current() -> str:
        with open_patient(key) as copy:
            return ProgramStore(copy).current().program.id

    with SessionStore(homes.therapist / "painease.sqlite3") as store:
        followed = current()  # the second set, which the newer file made current
        result = import_results(older, me, store)
        assert any("was made" in warning for warning in result.warnings), result.warnings
        assert current() == followed
        again = import_results(newer, me, store)
        assert current() == followed
        # The killed import's four sessions are said as new now (the older file found
        # two of them here already, and said so), each session counted new once.
        assert (again.counts.sessions_new, again.counts.sessions_unchanged) == (4, 2)
        assert [r.sessions_new for r in PatientStore(store).imports(key)] == [2, 0, 4]
