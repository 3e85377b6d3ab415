"""A CSV export killed part-way never leaves the folder a mix of two exports for good: the
six files are replaced as one set. A real child process (the CLI's export) is SIGKILLed at
a chosen point (``tests/packs/kill_at.py``: only the point is chosen, the kill is real),
then the folder is looked at, and the next export into it starts by settling it.

Every file of the set is told apart by content: each export has one more session (with
its phase marks) and one more journal entry than the one before."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta

import pytest

from painease.storage import SessionStore, StoreError, export
from painease.storage.export import export_csv
from tests.insights_history import add_session
from tests.test_report import REPO

FILES = ["sessions.csv", "ratings.csv", "live_samples.csv", "phases.csv", "journal.csv",
         "codebook.csv"]
DAY = datetime(2026, 3, 2, 9, tzinfo=UTC)


def add_day(home, n: int) -> None:
    """The nth session and journal entry (so every file but the codebook changes)."""
    with SessionStore(home / "painease.sqlite3") as store:
        when = DAY + timedelta(days=n)
        sid = add_session(store, when, live=[(n * 1000, 5.0)])
        store.add_journal_entry(f"Day {n}.", session_id=sid, written_at=when)


def contents(folder) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


def a_set(home, tmp_path, name: str) -> dict[str, bytes]:
    """The six files an export of ``home``'s data now gives, made in a folder apart."""
    with SessionStore(home / "painease.sqlite3") as store:
        export_csv(store, tmp_path / name)
    return contents(tmp_path / name)


def killed_export(home, out, at: str, n: int, only_if: str) -> None:
    env = dict(os.environ, PYTHONPATH=str(REPO), KILL_AT=at, KILL_N=str(n),
               KILL_IF=only_if)
    done = subprocess.run(
        [sys.executable, str(REPO / "tests" / "packs" / "kill_at.py"), "--data-dir",
         str(home), "export", "--csv", str(out)],
        env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == -9, done.stderr  # killed at that point, for real


@pytest.fixture
def home(tmp_path):
    home = tmp_path / "home"
    home.mkdir()
    add_day(home, 1)
    return home


def test_killed_between_the_files_taking_their_names_the_set_is_finished(home, tmp_path):
    out = tmp_path / "export"
    old = a_set(home, tmp_path, "export")
    add_day(home, 2)
    new = a_set(home, tmp_path, "day-2")
    assert all(old[name] != new[name] for name in FILES if name != "codebook.csv")
    # Three of the six new files have taken their names when the export is killed.
    killed_export(home, out, "os.replace", 3, ".csv.")  # its temps' renames only
    # The next export starts by finishing that one's set, even when it fails itself
    # before any of its own files takes a name (a full disk, here at its third file).
    add_day(home, 3)
    calls = []

    def fails_at_the_third(*args):
        calls.append(args)
        if len(calls) == 3:
            raise OSError(28, "No space left on device")
        return real(*args)

    real = export._write_temporary
    export._write_temporary = fails_at_the_third
    try:
        with SessionStore(home / "painease.sqlite3") as store, pytest.raises(StoreError):
            export_csv(store, out)
    finally:
        export._write_temporary = real
    assert contents(out) == {name: new[name] for name in FILES}


def test_killed_before_any_file_took_its_name_the_old_set_stays(home, tmp_path):
    out = tmp_path / "export"
    old = a_set(home, tmp_path, "export")
    add_day(home, 2)
    killed_export(home, out, "painease.storage.export._write_temporary", 6, "")
    assert {name: data for name, data in contents(out).items()
            if not name.startswith(".")} == old
    left = [p for p in out.iterdir() if p.name.endswith(".painease-part")]
    assert len(left) == 6  # its temps, whole: the next export takes them once stale
    for path in left:
        then = time.time() - 120
        os.utime(path, (then, then))
    new = a_set(home, tmp_path, "day-2")
    with SessionStore(home / "painease.sqlite3") as store:
        export_csv(store, out)
    assert contents(out) == new  # and nothing of the killed one is left behind
