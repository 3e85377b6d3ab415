"""Commands that only read work on a data folder they cannot write: export, report and
results export open the database read-only (``painease.storage.read_only``).

The folder is made read-only with its mode (0500). Root ignores modes, so as root the CLI
runs without its capabilities (``setpriv``): the kernel then checks the modes as it would
for anyone else. Real subprocesses of the CLI, real SQLite files.
"""

from __future__ import annotations

import csv
import os
import shutil
import sqlite3
import subprocess
import sys

import pytest

from painease.storage import SessionStore
from painease.storage.migrations import MIGRATIONS, migrate
from tests.test_cli import REPO


def as_someone(folder, *args):
    """Run ``painease --data-dir folder *args`` as a user who may not write there."""
    prefix = []
    if os.geteuid() == 0:
        if shutil.which("setpriv") is None:
            pytest.skip("root ignores folder modes, and setpriv (to drop that) is missing")
        prefix = ["setpriv", "--bounding-set=-all", "--inh-caps=-all"]
    env = dict(os.environ, PYTHONPATH=str(REPO), QT_QPA_PLATFORM="offscreen")
    return subprocess.run([*prefix, sys.executable, "-m", "painease", "--data-dir",
                           str(folder), *args], capture_output=True, text=True, env=env,
                          timeout=120, check=False)


@pytest.fixture
def read_only(tmp_path):
    """Make a folder read-only (0500) for the test; writable again afterwards."""
    made = []

    def lock(folder):
        folder.chmod(0o500)
        made.append(folder)
        return {p.name: p.read_bytes() for p in folder.iterdir() if p.is_file()}

    yield lock
    for folder in made:
        folder.chmod(0o700)


def _history(folder):
    with SessionStore(folder / "painease.sqlite3") as store:
        for pain in (6, 4):
            sid = store.start_session("paced-breathing", 1, 5)
            store.save_rating(sid, "pre", pain, 5)
            store.add_live_samples(sid, [(0, float(pain)), (20_000, 3.0), (60_000, 3.0)])
            store.save_phase_marks(sid, [(0, "settle"), (10_000, "safety")])
            store.end_session(sid, "completed", 300_000)
            store.save_rating(sid, "post", pain - 2, 2)
        # Phase shifts not cached (as after an older painease): a report computes them.
        store.database.conn.execute("DELETE FROM session_phase_shifts")
    assert not (folder / "painease.sqlite3-wal").exists()  # closed: all in the file


def test_export_and_report_read_a_folder_they_cannot_write(tmp_path, read_only):
    # Found by a probe: both failed with "attempt to write a readonly database".
    folder = tmp_path / "data"
    _history(folder)
    before = read_only(folder)
    done = as_someone(folder, "export", "--csv", str(tmp_path / "csv"))
    assert done.returncode == 0, done.stderr
    with open(tmp_path / "csv" / "sessions.csv", encoding="utf-8-sig") as file:
        assert len(list(csv.DictReader(file))) == 2
    done = as_someone(folder, "report", "--pdf", str(tmp_path / "r.pdf"))
    assert done.returncode == 0, done.stderr
    assert "2 sessions" in done.stdout and (tmp_path / "r.pdf").read_bytes()[:5] == b"%PDF-"
    assert {p.name: p.read_bytes() for p in folder.iterdir() if p.is_file()} == before


def test_results_export_reads_a_folder_it_cannot_write(patient, identity,
                                                       homes, tmp_path, read_only):
    patient.close()  # the fixture's connection: the command must not lean on its files
    before = read_only(homes.patient)
    out = tmp_path / "r.painease-results"
    done = as_someone(homes.patient, "results", "export", "--from", "2026-11-01", "--to",
                      "2026-11-30", "-o", str(out))
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith(f"{out}: 4 sessions from 2026-11-01 to 2026-11-30")
    assert {p.name: p.read_bytes() for p in homes.patient.iterdir() if p.is_file()} == before


def test_a_database_that_needs_an_update_says_it_cannot_be_made(tmp_path, read_only):
    folder = tmp_path / "old"
    folder.mkdir()
    conn = sqlite3.connect(folder / "painease.sqlite3", isolation_level=None)
    migrate(conn, MIGRATIONS[:-1])  # as the painease before this one left it
    conn.close()
    before = read_only(folder)
    done = as_someone(folder, "export", "--csv", str(tmp_path / "csv"))
    assert done.returncode == 1
    assert done.stderr.startswith(f"painease: export failed: {folder / 'painease.sqlite3'} "
                                  "was saved by an older painease")
    assert "cannot be updated here" in done.stderr and len(done.stderr.splitlines()) == 1
    assert {p.name: p.read_bytes() for p in folder.iterdir() if p.is_file()} == before


def test_changes_still_in_the_write_ahead_log_are_never_left_out(tmp_path, read_only):
    # Without its index (-shm) a log cannot be read in a folder that cannot be written;
    # reading the file alone would leave the latest sessions out without a word.
    source = tmp_path / "source"
    _history(source)
    writer = sqlite3.connect(source / "painease.sqlite3", isolation_level=None)
    writer.execute("PRAGMA wal_autocheckpoint = 0")
    writer.execute("DELETE FROM sessions WHERE id = 2")  # the change lives in the log
    folder = tmp_path / "copy"
    folder.mkdir()
    for name in ("painease.sqlite3", "painease.sqlite3-wal"):
        shutil.copyfile(source / name, folder / name)
    writer.close()
    before = read_only(folder)
    done = as_someone(folder, "export", "--csv", str(tmp_path / "csv"))
    assert done.returncode == 1
    assert "painease.sqlite3-wal" in done.stderr and len(done.stderr.splitlines()) == 1
    assert not (tmp_path / "csv" / "sessions.csv").exists()
    assert {p.name: p.read_bytes() for p in folder.iterdir() if p.is_file()} == before



@pytest.mark.parametrize("keys", ["none", "unreadable"])
def test_results_export_without_a_key_says_the_key_cannot_be_made(
        patient, homes, tmp_path, read_only, keys):
    # No key yet to sign the results with, in a folder that cannot be written. With a keys
    # folder that cannot be searched (0400) this once said "cannot write OUT: Permission
    # denied", about a file in a folder that could be written.
    patient.close()
    if keys == "unreadable":
        (homes.patient / "keys").mkdir(mode=0o400)
    before = read_only(homes.patient)
    out = tmp_path / "r.painease-results"
    try:
        done = as_someone(homes.patient, "results", "export", "--from", "2026-11-01",
                          "--to", "2026-11-30", "-o", str(out))
    finally:
        if keys == "unreadable":
            (homes.patient / "keys").chmod(0o700)
    assert done.returncode == 1
    assert done.stderr == (
        "painease: this install has no signing key yet, and it cannot be made in "
        f"{homes.patient / 'keys'} (Permission denied); nothing was changed\n")
    assert not out.exists()
    assert {p.name: p.read_bytes() for p in homes.patient.iterdir() if p.is_file()} == before
