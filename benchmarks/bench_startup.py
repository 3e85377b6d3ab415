"""Start-up: process start → painease's main window shown and idle, vs a bare QMainWindow.

Usage: ``python benchmarks/bench_startup.py`` (or ``make bench BENCH=startup``). Each run
is a fresh Python process (offscreen Qt, a throwaway ``XDG_DATA_HOME``) that prints once the
event loop is idle after ``show()``; the time is taken from spawning to that line. The
floor is a bare PySide6 ``QMainWindow`` started the same way in the same run. The painease
child follows the ``painease`` command with no arguments: ``painease.cli`` is imported
first, then what its ``_open_window`` does before Qt (``prepare_window_start``), then the
steps of ``run_app`` up to its event loop. Goal from
the issue: ratio ≤ 1.2 (pyqtgraph and other heavy imports stay out of start-up). Also
reports whether pyqtgraph or sounddevice were imported at start-up.

The data folder is found as a patient's is, through platformdirs (``XDG_DATA_HOME`` points
it at a throwaway folder): ``PAINEASE_HOME``, which tests and ``benchmarks/run.py`` set,
skips that look-up and once hid ~4 ms of every real start from this benchmark.

After the window shows, one worker thread prepares the database (created or migrated,
the last run's sessions marked interrupted; Home then adds the last shift) and loads the
session list (catalog), so the same child also prints when the catalog arrived ("sessions
ready"): that second figure is when Home's Start button and the Library become usable, and
is reported beside the first.

A returning user's start (an existing database and settings.json, the welcome already
read) is measured too, interleaved with the others, against the same floor.

Where valgrind is installed, each child is also run under its callgrind tool, ending the
moment it is idle, to count the instructions its main thread ran to get there: a figure
the machine's load does not move (the timed ratio swings by 0.1 or more from run to run on
a shared machine), for telling whether a change helped. It takes about a minute more.

Prints timings and counts only; no thresholds (tests assert behaviour, not speed).
"""

from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
RUNS = 15  # 7 was too few here: the bare window alone ranged 99-160 ms within one run

BARE_STARTED = """
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMainWindow
app = QApplication([])
window = QMainWindow()
window.resize(1000, 720)
window.show()
"""

BARE = BARE_STARTED + """
import time
QTimer.singleShot(0, lambda: (print("IDLE", time.thread_time(), flush=True), app.quit()))
app.exec()
"""

STARTED = """
import sys, time
import painease.cli  # what the painease command loads first; main() then opens the window:
painease.cli.prepare_window_start()
from painease.ui.app import application, create_window, resume_collector, take_instance_lock
from PySide6.QtCore import QTimer
app = application()
lock = take_instance_lock()  # as run_app does, before the store opens
window = create_window()
window.show()
resume_collector()
"""

PAINEASE = STARTED + """
def idle():
    heavy = [m for m in ("pyqtgraph", "sounddevice") if m in sys.modules]
    print("IDLE", time.thread_time(), ",".join(heavy) or "-", flush=True)
    if window.catalog is None and window.catalog_problem is None:
        window.startup_loader.done.connect(lambda *_: ready())
        QTimer.singleShot(0, lambda: window.catalog is not None and ready())
    else:
        ready()
def ready():
    if getattr(window, "reported", False):
        return
    window.reported = True
    # No catalog (a damaged install): said and ended, not a bench that waits forever.
    print("READY" if window.catalog else "NO-CATALOG", window.catalog_problem, flush=True)
    window.close_store()
    app.quit()
QTimer.singleShot(0, idle)
app.exec()
"""


# For counting instructions: each child ends the moment it is idle, with ``os._exit``, so
# neither its exit (Python's and Qt's clean-up) nor, for painease, the start-up worker's
# later answers on the main thread are counted.
AT_IDLE = """
import os
QTimer.singleShot(0, lambda: (print("IDLE", flush=True), os._exit(0)))
app.exec()
"""
ENDS_AT_IDLE = {"bare": BARE_STARTED + AT_IDLE, "painease": STARTED + AT_IDLE}
COUNTS = 3  # runs per child: Qt's hash order moves a count by up to ~2 %


def instructions(code: str) -> int:
    """Instructions the child's main thread ran from its start to idle, counted by
    valgrind's callgrind (one file per thread: ``-01`` is the main thread). Unlike the
    time, the machine's load does not change them."""
    with tempfile.TemporaryDirectory(prefix="painease-bench-count-") as fresh:
        env = {k: v for k, v in os.environ.items() if k != "PAINEASE_HOME"}
        env.update(XDG_DATA_HOME=fresh, PYTHONPATH=str(REPO))
        env.setdefault("QT_QPA_PLATFORM", "offscreen")
        out = Path(fresh, "callgrind.out")
        subprocess.run(["valgrind", "--tool=callgrind", "--separate-threads=yes",
                        f"--callgrind-out-file={out}", sys.executable, "-c", code],
                       env=env, cwd=REPO, stdout=subprocess.DEVNULL,
                       stderr=subprocess.DEVNULL, timeout=900, check=True)
        for line in Path(f"{out}-01").read_text(errors="replace").splitlines():
            if line.startswith("summary:"):
                return int(line.split()[1])
    raise SystemExit("callgrind wrote no count for the main thread")


def count_instructions() -> None:
    """Print the instruction counts to idle of both children (median of ``COUNTS``
    runs each), when valgrind is installed; else how to install it."""
    if shutil.which("valgrind") is None:
        print("instructions to idle: not counted (sudo apt-get install valgrind)")
        return
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(max_workers=os.cpu_count() or 1) as pool:
        runs = {name: [pool.submit(instructions, code) for _ in range(COUNTS)]
                for name, code in ENDS_AT_IDLE.items()}
        counts = {name: statistics.median(f.result() for f in futures)
                  for name, futures in runs.items()}
    bare, ours = counts["bare"], counts["painease"]
    print(f"instructions to idle (main thread, callgrind, median of {COUNTS}): bare "
          f"{bare / 1e6:.0f} M, painease {ours / 1e6:.0f} M, ratio {ours / bare:.2f}x")


def once(code: str, home: str | None = None) -> tuple[float, float, str, float | str]:
    """Seconds to IDLE, the child's CPU seconds by then, the heavy modules it named, and
    seconds to READY, or, when it did not print READY, what it printed instead (with its
    exit status), to be shown. ``home``: an ``XDG_DATA_HOME`` to reuse (a returning user);
    None: a fresh one (a first start)."""
    with tempfile.TemporaryDirectory(prefix="painease-bench-start-") as fresh:
        env = {k: v for k, v in os.environ.items() if k != "PAINEASE_HOME"}
        env.update(XDG_DATA_HOME=home or fresh, PYTHONPATH=str(REPO))
        env.setdefault("QT_QPA_PLATFORM", "offscreen")
        start = time.perf_counter()
        child = subprocess.Popen([sys.executable, "-c", code], env=env, cwd=REPO,
                                 stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        line = child.stdout.readline()
        elapsed = time.perf_counter() - start
        second = child.stdout.readline()
        ready = time.perf_counter() - start if second.startswith("READY") else second
        child.wait(timeout=30)
        if isinstance(ready, str):
            ready = f"{ready.strip() or 'nothing'} (exit {child.returncode})"
    if not line.startswith("IDLE"):
        raise SystemExit(f"the child did not reach idle (exit {child.returncode})")
    fields = line.split()
    return elapsed, float(fields[1]), fields[2] if len(fields) > 2 else "", ready


def main() -> int:
    once(BARE)
    once(PAINEASE)  # warm the OS file cache for both before measuring
    bare, app, ready, heavy = [], [], [], ""
    bare_cpu, app_cpu = [], []
    # A returning user: the database, settings.json (welcome read) and lock file exist.
    kept = tempfile.TemporaryDirectory(prefix="painease-bench-home-")
    home = kept.name
    Path(home, "painease").mkdir(mode=0o700)
    Path(home, "painease", "settings.json").write_text('{"welcome_seen": true}',
                                                       encoding="utf-8")
    once(PAINEASE, home)  # creates the database
    if not Path(home, "painease", "painease.sqlite3").exists():
        raise SystemExit("the painease child did not keep its data under XDG_DATA_HOME")
    back, back_cpu = [], []
    for _ in range(RUNS):  # interleaved, so drift hits both alike
        seconds, cpu, _, _ = once(BARE)
        bare.append(seconds)
        bare_cpu.append(cpu)
        seconds, cpu, heavy, loaded = once(PAINEASE)
        app.append(seconds)
        app_cpu.append(cpu)
        if isinstance(loaded, str):
            raise SystemExit(f"the painease child never reported its sessions ready: {loaded}")
        ready.append(loaded)
        seconds, cpu, _, _ = once(PAINEASE, home)
        back.append(seconds)
        back_cpu.append(cpu)
    kept.cleanup()
    floor, ours, full = (statistics.median(x) for x in (bare, app, ready))
    print(f"bare QMainWindow shown and idle: median {floor * 1000:.0f} ms of {RUNS}")
    print(f"painease window shown and idle:  median {ours * 1000:.0f} ms of {RUNS}")
    print(f"ratio: {ours / floor:.2f}x (goal <= 1.2x)")
    # Each round starts the two children one after the other, so a round's ratio shares
    # the machine's state of that moment: its median is not moved by the drift of a shared
    # machine between rounds (one run here: bare median 152 ms, an hour later 208 ms).
    paired = statistics.median(a / b for a, b in zip(app, bare, strict=True))
    print(f"median of the {RUNS} rounds' ratios (each round's painease / bare): {paired:.2f}x")
    # How far one figure can be trusted on this machine: the middle half of each set.
    quart = [statistics.quantiles(x, n=4) for x in (bare, app)]
    print("middle half of the runs: bare {:.0f}-{:.0f} ms, painease {:.0f}-{:.0f} ms".format(
        *(q * 1000 for q in (quart[0][0], quart[0][2], quart[1][0], quart[1][2]))))
    # Noise on a shared machine only ever adds time, so the fastest run of each is the
    # steadiest figure when the medians swing (a busy spell once gave a median of 1.12x).
    print(f"fastest of {RUNS}: bare {min(bare) * 1000:.0f} ms, painease {min(app) * 1000:.0f} ms,"
          f" ratio {min(app) / min(bare):.2f}x; painease adds {(ours - floor) * 1000:.0f} ms"
          " (difference of the medians)")
    # CPU seconds the child's main thread spent up to idle: far less sensitive to a busy
    # machine than the wall clock (it leaves out time spent waiting for the CPU).
    cpu_floor, cpu_ours = statistics.median(bare_cpu), statistics.median(app_cpu)
    print(f"CPU time to idle: bare {cpu_floor * 1000:.0f} ms, painease {cpu_ours * 1000:.0f} ms,"
          f" ratio {cpu_ours / cpu_floor:.2f}x")
    again, again_cpu = statistics.median(back), statistics.median(back_cpu)
    print(f"returning user (database and settings exist): median {again * 1000:.0f} ms "
          f"= {again / floor:.2f}x; CPU {again_cpu * 1000:.0f} ms = "
          f"{again_cpu / cpu_floor:.2f}x")
    print(f"painease sessions ready (Start usable): median {full * 1000:.0f} ms "
          f"= {full / floor:.2f}x the bare window")
    print(f"heavy modules loaded at start-up: {heavy or '-'}")
    count_instructions()
    return 0


if __name__ == "__main__":
    sys.exit(main())
