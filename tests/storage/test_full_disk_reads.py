"""What is saved can still be read when the disk is full.

A probe filled the disk under a therapist's data folder: ``results patients``, which only
reads, failed with "the disk is full, so cannot open the database". Opening the file for
writing needs room (the write-ahead log's index, ``-shm``); reading it does not. A real,
full file system (``tiny_disk``), real SQLite files, the real CLI.
"""

from __future__ import annotations

import errno
import os
import subprocess
import sys
from datetime import UTC, date, datetime

import pytest

from painease.storage import SessionStore, StoreError
from painease.storage.patients import PatientStore
from tests.test_cli import REPO


def _fill(disk) -> None:
    """Write until the file system has no room left at all."""
    with open(disk / "filler", "ab", buffering=0) as filler:
        try:
            while True:
                filler.write(b"\0" * 4096)
        except OSError as exc:
            assert exc.errno == errno.ENOSPC


@pytest.fixture
def full_home(tiny_disk):
    """A therapist's data folder with one patient listed, on a disk now full."""
    (tiny_disk / "filler").unlink()
    home = tiny_disk / "home"
    with SessionStore(home / "painease.sqlite3") as store:
        sid = store.start_session("paced-breathing", 1, 5)
        store.save_rating(sid, "pre", 6, 7)
        at = datetime(2026, 11, 5, 12, tzinfo=UTC)
        PatientStore(store).record_import("0123456789abcdef", "ab" * 32, "Sam",
                                          date(2026, 11, 1), date(2026, 11, 30), at, 1, 0)
    _fill(tiny_disk)
    return home


def test_a_reader_reads_what_is_saved_on_a_full_disk(full_home):
    with SessionStore(full_home / "painease.sqlite3", read_only_ok=True) as store:
        assert store.database.read_only
        [session] = store.sessions()
        assert store.ratings(session.id)["pre"].pain == 6
        assert [p.name for p in PatientStore(store).patients()] == ["Sam"]
    # A writer still says plainly why it cannot open it.
    with pytest.raises(StoreError, match="^the disk is full, so it was not possible to open the "
                                         "database"):
        SessionStore(full_home / "painease.sqlite3")


def test_results_patients_lists_them_on_a_full_disk(full_home):
    env = dict(os.environ, PYTHONPATH=str(REPO))
    listed = subprocess.run([sys.executable, "-m", "painease", "--data-dir", str(full_home),
                             "results", "patients"], capture_output=True, text=True,
                            env=env, timeout=120, check=False)
    assert listed.returncode == 0, listed.stderr
    assert listed.stdout.startswith("0123456789abcdef  ")
    assert listed.stdout.rstrip("\n").endswith("  Sam")
