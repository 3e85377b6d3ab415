"""What a killed write left in the person's folder goes with the next painease write
there, whatever file it was for, and only when its writer is certainly gone.

Before, a killed report's temp (a whole report: health data) stayed in the folder until
a later write to the *same* name; a results file or a chart written beside it left it
there. Now every write there sweeps painease's own stale temps (``temp_files``), but never
a temp a slow write still holds, never a CSV export's while it writes, and never the temps
a killed export's decided set still waits to rename. The kills are real (SIGKILL, by
``tests/packs/kill_at.py``)."""

from __future__ import annotations

import os
import subprocess
import sys

from painease.demo import MARKER, write_demo_profile
from painease.files import write_atomically
from painease.storage import SessionStore, export_set
from painease.storage.export import export_csv
from tests.storage.test_export_killed import FILES, a_set, add_day, contents, killed_export
from tests.test_report import REPO
from tests.test_stale_temps import PART, age, kill_env, made_like, persons_own, report


def temps(folder):
    return sorted(p for p in folder.iterdir() if p.name.endswith(PART))


def test_a_killed_report_goes_with_the_next_write_of_another_file_there(painease_home,
                                                                          tmp_path):
    from datetime import UTC, datetime, timedelta

    from painease import paths
    from tests.insights_history import add_session

    with SessionStore(paths.database_path()) as store:
        add_session(store, datetime.now(UTC) - timedelta(days=1))
    folder = tmp_path / "mine"
    folder.mkdir()
    report(painease_home, folder / "r.pdf", killed=True)
    [left] = temps(folder)
    assert left.read_bytes().startswith(b"%PDF")
    age(left, 120)
    young = made_like(folder, "chart.png", 5)  # maybe a write going on now
    mine = persons_own(folder, ".r.pdf.original", ".r.pdf.abcdefgh", ".notes.painease")

    write_atomically(folder / "results.json", b"{}")
    assert not left.exists()
    assert young.exists() and all(path.exists() for path in mine)
    assert sorted(p.name for p in folder.iterdir()) == sorted(
        ["results.json", young.name, *(path.name for path in mine)])


SLOW_WRITER = """
import sys
from pathlib import Path
from painease.files import write_atomically

def slowly(handle):
    handle.write(b"first half, ")
    handle.flush()
    print("writing", flush=True)
    sys.stdin.readline()  # as a write that takes its time (a big pack on a slow disk)
    handle.write(b"second half")

write_atomically(Path(sys.argv[1]), slowly)
"""


def test_a_slow_write_going_on_keeps_its_temp_however_old(tmp_path):
    pack = tmp_path / "big.painease-pack"
    child = subprocess.Popen([sys.executable, "-c", SLOW_WRITER, str(pack)], cwd=REPO,
                             env=dict(os.environ, PYTHONPATH=str(REPO)), text=True,
                             stdin=subprocess.PIPE, stdout=subprocess.PIPE)
    try:
        assert child.stdout.readline() == "writing\n"
        [going_on] = temps(tmp_path)
        age(going_on, 3600)  # unchanged for an hour, as a write stuck on a slow drive
        write_atomically(tmp_path / "chart.png", b"png")
        assert going_on.exists()
        child.stdin.write("go on\n")
        child.stdin.flush()
        assert child.wait(60) == 0
    finally:
        child.kill()
        child.wait()
    assert pack.read_bytes() == b"first half, second half"
    assert temps(tmp_path) == []


def test_an_export_writing_there_keeps_its_temps(tmp_path):
    out = tmp_path / "export"
    out.mkdir()
    waiting = made_like(out, "sessions.csv", 600)  # written, closed, waiting for its name
    with export_set._taking_turns(out):  # the lock an export holds while it writes
        write_atomically(out / "report.pdf", b"%PDF")
    assert waiting.exists()
    write_atomically(out / "report.pdf", b"%PDF again")  # no export there now
    assert not waiting.exists()


def test_a_killed_exports_decided_set_is_never_swept_and_is_still_finished(tmp_path):
    home = tmp_path / "home"
    home.mkdir()
    add_day(home, 1)
    out = tmp_path / "export"
    a_set(home, tmp_path, "export")
    add_day(home, 2)
    new = a_set(home, tmp_path, "day-2")
    killed_export(home, out, "os.replace", 3, ".csv.")  # three of six have their names
    waiting = temps(out)
    assert len(waiting) == 3
    other = made_like(out, "report.pdf", 3600)  # a killed report's, beside them
    for path in waiting:
        age(path, 3600)

    write_atomically(out / "chart.png", b"png")
    assert all(path.exists() for path in waiting) and not other.exists()
    with SessionStore(home / "painease.sqlite3") as store:
        export_csv(store, out)
    assert contents(out) == {**{name: new[name] for name in FILES}, "chart.png": b"png"}


def test_the_demo_note_is_written_whole_or_not_at_all(tmp_path):
    folder = tmp_path / "demo"
    write_demo_profile(folder, seed=1, months=1)
    note = (folder / MARKER).read_bytes()
    reading = open(folder / MARKER, "rb")  # noqa: SIM115 - a reader open through the run
    env = kill_env(tmp_path / "home", MARKER)  # killed just before the note's rename
    done = subprocess.run(
        [sys.executable, str(REPO / "tests" / "packs" / "kill_at.py"), "--data-dir",
         str(folder), "demo-data", "--seed", "2"],
        env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == -9, done.stderr
    with reading:
        assert reading.read() == note  # never emptied under a reader
    assert (folder / MARKER).read_bytes() == note  # the earlier note, whole
    [left] = temps(folder)
    assert left.name.startswith(f".{MARKER}.")
    age(left, 120)
    write_demo_profile(folder, seed=3, months=1)  # the killed write's temp is no real data
    assert (folder / MARKER).read_bytes() == note
    assert temps(folder) == []
