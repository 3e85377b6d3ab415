"""``results import`` killed at any moment: the therapist sees the patient with all their
sessions, or does not see them yet; importing the file again then lists them whole.

Found by a probe: the patient's row was saved before the patient's own database, so a
kill in between listed a patient with no sessions (or a database without tables) and
nothing said the import was incomplete. Real CLI subprocesses, killed with SIGKILL the
moment the patient's database appears and a few milliseconds later (so every kill lands
inside the short time the import writes), real SQLite files.
"""

from __future__ import annotations

import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from datetime import date

from painease.packs.identity import load_or_create_identity
from painease.packs.results import import_results
from painease.storage import SessionStore
from painease.storage.patients import PatientStore
from tests.packs.conftest import _export
from tests.test_cli import REPO

AFTER_MS = (0, 2, 8, 20, 40, 80, 250)  # after the patient's database appears: killed while
# the import writes, and (the last ones, mostly) after it ended


def _listed(home):
    """(key id, sessions in their database, imports noted) for each listed patient."""
    database = home / "painease.sqlite3"
    if not database.exists():
        return []
    conn = sqlite3.connect(database)
    try:
        if not conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'patients'").fetchone():
            return []
        rows = conn.execute("SELECT p.key_id, (SELECT count(*) FROM result_imports i"
                            " WHERE i.patient_key = p.key_id) FROM patients p").fetchall()
    finally:
        conn.close()
    listed = []
    for key, imports in rows:
        theirs = sqlite3.connect(home / "patients" / key / "painease.sqlite3")
        try:
            sessions = theirs.execute("SELECT count(*) FROM sessions").fetchone()[0]
        except sqlite3.Error as exc:
            sessions = f"unreadable: {exc}"
        finally:
            theirs.close()
        listed.append((key, sessions, imports))
    return listed


def test_a_killed_results_import_never_lists_a_patient_without_their_sessions(
        patient, identity, homes, tmp_path):
    summary = _export(patient, identity, tmp_path, date(2026, 11, 1), date(2026, 11, 30))
    their_database = f"patients/{identity.key_id}/painease.sqlite3"
    env = dict(os.environ, PYTHONPATH=str(REPO))
    landed = []
    for round_, after_ms in enumerate(AFTER_MS):
        home = tmp_path / f"round-{round_}"
        shutil.copytree(homes.therapist, home)
        child = subprocess.Popen([sys.executable, "-m", "painease", "--data-dir", str(home),
                                  "results", "import", str(summary.path)], env=env,
                                 stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        deadline = time.monotonic() + 60
        while not (home / their_database).exists() and child.poll() is None:
            assert time.monotonic() < deadline, "the import never wrote the database"
            time.sleep(0.0005)
        time.sleep(after_ms / 1000)
        if child.poll() is None:
            os.kill(child.pid, signal.SIGKILL)
        child.communicate(timeout=60)
        landed.append(child.returncode == -signal.SIGKILL)
        # Listed means whole: all four sessions, and the import noted.
        assert _listed(home) in ([], [(identity.key_id, 4, 1)]), (after_ms, _listed(home))
        # The file imported again lists them whole, their sessions counted once, as new.
        homes.use(home)
        with SessionStore(home / "painease.sqlite3") as store:
            again = import_results(summary.path, load_or_create_identity(), store)
            assert _listed(home) == [(identity.key_id, 4, 1)]
            assert sum(r.sessions_new for r in PatientStore(store).imports(identity.key_id)) == 4
        if not landed[-1]:
            assert (again.counts.sessions_new, again.counts.sessions_unchanged) == (0, 4)
    assert sum(landed) >= 3, landed  # the first kills landed while the import was writing
