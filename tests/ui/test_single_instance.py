"""One painease window per data dir: a second start opens nothing, changes nothing, exits 0.

In-process tests hold the lock with an ``InstanceLock`` of their own (flock contends
between open files even within one process) and drive ``run_app`` and its note. The
real-process tests start ``python -m painease``'s own code through a small driver that
reports what the process shows on stdout (``WINDOW`` once the main window is up, which is
after the store was opened and interrupted sessions were marked; ``NOTE <text>`` for the
already-open note, which it then closes with the note's OK button, as a person would).
"""

from __future__ import annotations

import errno
import gc
import os
import queue
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QPalette
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QLabel, QMessageBox

from painease import cli, paths
from painease.storage import SessionStore
from painease.storage.instance_lock import InstanceLock, LockOutcome
from painease.ui.app import run_app
from painease.ui.lock_notes import ALREADY_OPEN, COMMAND_AT_WORK, already_open_box
from painease.ui.main_window import MainWindow
from painease.ui.theme import BASE_POINTS, DARK
from tests.ui.settled import wait_settled

REPO = Path(__file__).resolve().parents[2]
START_TIMEOUT = 60  # seconds; two cores shared by several test runs can be slow

DRIVER = r"""
import json, runpy, sys
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QMessageBox
from painease.ui.app import application
from painease.ui.main_window import MainWindow

app = application()

def look():
    for widget in app.topLevelWidgets():
        if isinstance(widget, QMessageBox) and widget.isVisible():
            print("NOTE " + json.dumps(widget.text()), flush=True)
            widget.button(QMessageBox.StandardButton.Ok).click()
            return
        # Up, with its store prepared (the last run's sessions marked) and opened.
        if isinstance(widget, MainWindow) and widget.isVisible() and widget.home.store:
            print("WINDOW", flush=True)
            return
    QTimer.singleShot(20, look)

QTimer.singleShot(0, look)
sys.argv = ["painease", *sys.argv[1:]]
runpy.run_module("painease", run_name="__main__", alter_sys=True)
"""


class AppProcess:
    """A real painease start; stdout lines arrive on a queue, stderr goes to a file."""

    def __init__(self, home: Path, log: Path, *args: str):
        env = dict(os.environ, PYTHONPATH=str(REPO), QT_QPA_PLATFORM="offscreen",
                   PAINEASE_HOME=str(home))
        self.log = log
        with log.open("w") as err:
            self.process = subprocess.Popen([sys.executable, "-c", DRIVER, *args], env=env,
                                            stdout=subprocess.PIPE, stderr=err, text=True)
        self.lines: queue.Queue[str] = queue.Queue()
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        for line in self.process.stdout:
            self.lines.put(line.rstrip("\n"))

    @property
    def pid(self) -> int:
        return self.process.pid

    def stderr(self) -> str:
        return self.log.read_text()

    def wait_for_line(self, prefix: str, timeout: float = START_TIMEOUT) -> str:
        deadline = time.monotonic() + timeout
        while (left := deadline - time.monotonic()) > 0:
            try:
                line = self.lines.get(timeout=min(left, 0.2))
            except queue.Empty:
                if self.process.poll() is not None and self.lines.empty():
                    break
                continue
            if line.startswith(prefix):
                return line
        raise AssertionError(f"no {prefix!r} line (exit {self.process.poll()}):\n"
                             f"{self.stderr()}")

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)


@pytest.fixture
def start(tmp_path):
    started: list[AppProcess] = []

    def launch(home: Path, *args: str) -> AppProcess:
        app = AppProcess(home, tmp_path / f"stderr-{len(started)}.txt", *args)
        started.append(app)
        return app

    yield launch
    for app in started:
        app.stop()


def outcome_of(database: Path, session_id: int) -> str:
    with sqlite3.connect(database) as connection:  # a plain reader, not the app's store
        return connection.execute("SELECT outcome FROM sessions WHERE id = ?",
                                  (session_id,)).fetchone()[0]


def lock_state(home: Path) -> LockOutcome:
    """Try the lock without waiting, and let it go again if we got it."""
    probe = InstanceLock(home)
    outcome = probe.acquire()
    probe.release()
    return outcome


# --- in-process ------------------------------------------------------------------------


def close_note_when_shown(qapp, seen: list[QMessageBox], looks: list) -> None:
    """Press Esc on the note once it shows (noting its window colour and font size);
    close everything after 20 s so a regression (the main window opening instead) fails
    the test rather than hanging it."""
    deadline = time.monotonic() + 20

    def look():
        for widget in qapp.topLevelWidgets():
            if isinstance(widget, QMessageBox) and widget.isVisible():
                seen.append(widget)
                looks.append((widget.palette().color(QPalette.ColorRole.Window).name(),
                              widget.font().pointSizeF()))
                QTest.keyClick(widget, Qt.Key.Key_Escape)
                return
        if time.monotonic() > deadline:
            for widget in qapp.topLevelWidgets():
                widget.close()
            return
        QTimer.singleShot(20, look)

    QTimer.singleShot(0, look)


def test_a_second_start_shows_the_note_opens_nothing_and_returns_0(qapp, painease_home,
                                                                    preset, capsys):
    preset(theme="dark", text_size=200, welcome_seen=True)
    settings_before = (painease_home / "settings.json").read_bytes()
    holder = InstanceLock(paths.data_dir())
    assert holder.acquire() is LockOutcome.OURS
    seen: list[QMessageBox] = []
    looks: list[tuple[str, float]] = []
    close_note_when_shown(qapp, seen, looks)
    try:
        assert run_app() == 0  # its look is undone after the test (conftest)
    finally:
        holder.release()
    assert [box.objectName() for box in seen] == ["already-open"]
    assert seen[0].text() == ALREADY_OPEN
    assert "If you cannot find it" in seen[0].informativeText()
    assert looks == [(DARK.window, BASE_POINTS * 2)]  # the person's theme and text size
    err = capsys.readouterr().err
    assert f"painease: already open in another window (process {os.getpid()}, data in " \
           f"{painease_home})" in err
    # Nothing was opened or written: no database; the settings file as it was.
    assert sorted(p.name for p in painease_home.iterdir()) == ["painease.lock",
                                                                 "settings.json"]
    assert (painease_home / "settings.json").read_bytes() == settings_before


def test_a_start_while_a_command_holds_the_folder_says_that_command_not_a_window(
        qapp, painease_home, preset, capsys):
    """``painease demo-data`` (or any command taking the lock) writing into the folder:
    the start once said "already open in another window… look in your taskbar", and no
    window existed. The lock file says what holds it; a file from before (no holder
    written) still reads as a window."""
    preset(welcome_seen=True)
    holder = InstanceLock(paths.data_dir(), holder="demo-data")
    assert holder.acquire() is LockOutcome.OURS
    seen: list[QMessageBox] = []
    close_note_when_shown(qapp, seen, [])
    try:
        assert run_app() == 0
    finally:
        holder.release()
    assert [box.objectName() for box in seen] == ["command-at-work"]
    assert seen[0].text() == COMMAND_AT_WORK.format(command="painease demo-data")
    assert seen[0].text() == "“painease demo-data” is writing into this data folder."
    assert seen[0].informativeText() == ("Please wait for it to finish, then open painease "
                                         "again. Nothing was opened or changed.")
    assert seen[0].accessibleDescription() == f"{seen[0].text()} {seen[0].informativeText()}"
    err = capsys.readouterr().err
    assert f"painease: 'painease demo-data' is writing into this data folder (process " \
           f"{os.getpid()}, data in {painease_home}); wait for it to finish, then open " \
           "painease. This start opened and changed nothing." in err
    assert "already open" not in err


def test_a_second_start_by_the_command_turns_the_collector_back_on(qapp, painease_home,
                                                                   preset):
    """The command pauses the garbage collector to start; when it opens nothing (another
    window holds the folder) it turns it back on as it returns."""
    preset(welcome_seen=True)
    holder = InstanceLock(paths.data_dir())
    assert holder.acquire() is LockOutcome.OURS
    seen: list[QMessageBox] = []
    close_note_when_shown(qapp, seen, [])
    try:
        assert cli.main([]) == 0  # its look is undone after the test (conftest)
        collecting = gc.isenabled()
    finally:
        holder.release()
        gc.enable()  # whatever happened, the next tests collect
    assert [box.objectName() for box in seen] == ["already-open"]
    assert collecting


def test_the_note_is_accessible_and_enter_closes_it(qtbot):
    box = already_open_box()
    qtbot.addWidget(box)
    box.open()
    qtbot.waitExposed(box)
    ok = box.button(QMessageBox.StandardButton.Ok)
    assert ok.objectName() == "already-open-ok" and ok.accessibleName() and \
        ok.accessibleDescription()
    assert box.accessibleName() == "painease is already open"
    assert ALREADY_OPEN in box.accessibleDescription()
    QTest.keyClick(box, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not box.isVisible())


def test_without_file_locking_the_window_still_opens_and_says_so(qapp, painease_home,
                                                                 monkeypatch, capsys):
    """Fault injection: a file system whose flock answers ENOLCK."""
    import fcntl

    def no_locks(fd, operation):
        raise OSError(errno.ENOLCK, "No locks available")

    monkeypatch.setattr(fcntl, "flock", no_locks)
    titles: list[str] = []
    notes: list[str] = []
    # Looked at once the window is up with its store and its sessions (each of which the
    # start-up worker brings, and a loaded machine can hold it for seconds) and Home, which
    # rebuilds itself as each arrives, has been laid out again; or after START_TIMEOUT, so
    # that a regression fails the checks below rather than hanging the test.
    deadline = time.monotonic() + START_TIMEOUT

    def ready() -> bool:
        return any(isinstance(window, MainWindow) and window.isVisible()
                   and window.home.store is not None
                   and (window.catalog is not None or window.catalog_problem is not None)
                   for window in qapp.topLevelWidgets())

    def look_then_close():
        if not ready() and time.monotonic() < deadline:
            QTimer.singleShot(20, look_then_close)
            return
        try:
            for window in qapp.topLevelWidgets():
                if window.isVisible():
                    wait_settled(window)
        finally:
            for window in qapp.topLevelWidgets():
                if window.isVisible():
                    titles.append(window.windowTitle())
                    notes.extend(note.text() for note in
                                 window.findChildren(QLabel, "lock-note-text")
                                 if note.isVisible())
            for widget in qapp.topLevelWidgets():
                widget.close()

    QTimer.singleShot(0, look_then_close)
    assert run_app() == 0
    assert titles == ["painease"]
    err = capsys.readouterr().err
    assert "painease: cannot check for another painease window (cannot lock " in err
    assert "No locks available); starting anyway." in err
    # The patient is told in the window too: Home's banner, with the reason.
    assert len(notes) == 1
    assert notes[0].startswith("Please keep only one painease window open at a time.")
    assert "No locks available" in notes[0]
    assert (painease_home / "painease.sqlite3").exists()


# --- real processes --------------------------------------------------------------------


@pytest.mark.slow
def test_a_second_app_changes_nothing_and_a_killed_first_frees_the_lock(start, painease_home,
                                                                        tmp_path):
    first = start(painease_home)
    first.wait_for_line("WINDOW")
    assert lock_state(painease_home) is LockOutcome.BUSY
    # A session running in the first window (it was up and had marked its start already).
    database = painease_home / "painease.sqlite3"
    with SessionStore(database) as store:
        running = store.start_session("somatic-tracking-first-steps", 1, 5)

    second = start(painease_home)
    assert second.wait_for_line("NOTE") == f'NOTE "{ALREADY_OPEN}"'
    assert second.process.wait(timeout=START_TIMEOUT) == 0
    assert f"painease: already open in another window (process {first.pid}, data in " \
           f"{painease_home})." in second.stderr()
    assert "Traceback" not in second.stderr()
    assert outcome_of(database, running) == "in_progress"  # untouched
    assert first.process.poll() is None  # and the first window is still open

    # The CLI's commands take no lock: an export works while the window is open.
    export = subprocess.run(
        [sys.executable, "-m", "painease", "--data-dir", str(painease_home), "export",
         "--csv", str(tmp_path / "csv")], env=dict(os.environ, PYTHONPATH=str(REPO)),
        capture_output=True, text=True, timeout=START_TIMEOUT)
    assert export.returncode == 0, export.stderr
    assert "somatic-tracking-first-steps" in (tmp_path / "csv" / "sessions.csv").read_text()

    os.kill(first.pid, signal.SIGKILL)
    assert first.process.wait(timeout=10) == -signal.SIGKILL
    third = start(painease_home)
    third.wait_for_line("WINDOW")  # not blocked by the dead window's lock
    assert lock_state(painease_home) is LockOutcome.BUSY
    # It ran the normal start-up: the session nobody is running any more is interrupted.
    assert outcome_of(database, running) == "interrupted"
    assert "already open" not in third.stderr()


@pytest.mark.slow
def test_a_window_on_another_data_dir_is_not_blocked(start, painease_home, tmp_path):
    other = tmp_path / "other-home"
    first = start(painease_home)
    first.wait_for_line("WINDOW")
    second = start(painease_home, "--data-dir", str(other))  # the flag wins over the env
    second.wait_for_line("WINDOW")
    assert lock_state(other) is LockOutcome.BUSY
    assert lock_state(painease_home) is LockOutcome.BUSY
    assert (other / "painease.sqlite3").exists()
    assert first.process.poll() is None and second.process.poll() is None
    assert "already open" not in second.stderr()


@pytest.mark.slow
def test_a_folder_restored_from_a_backup_under_a_window_gets_no_second_window(
        start, painease_home, tmp_path):
    """flock belongs to the file opened, not its name: after ``rm -rf D && cp -r Dbackup
    D`` under an open window, a second start locked the backup's copy of the lock file
    and opened a second window. The window takes its lock again on the file now there
    (``InstanceLock.keep``, every few seconds), and a second start is told it is open."""
    import shutil

    first = start(painease_home)
    first.wait_for_line("WINDOW")
    backup = tmp_path / "backup"
    shutil.copytree(painease_home, backup)
    (backup / "painease.lock").write_text("1\n")  # as an older run left it
    shutil.rmtree(painease_home)
    shutil.copytree(backup, painease_home)
    lock_file = painease_home / "painease.lock"
    deadline = time.monotonic() + START_TIMEOUT
    while lock_file.read_text() != f"{first.pid}\nwindow\n":  # read only: no lock taken
        assert time.monotonic() < deadline, f"not taken again: {lock_file.read_text()!r}"
        time.sleep(0.1)
    second = start(painease_home)
    assert second.wait_for_line("NOTE") == f'NOTE "{ALREADY_OPEN}"'
    assert second.process.wait(timeout=START_TIMEOUT) == 0
    assert f"(process {first.pid}, data in {painease_home})" in second.stderr()
    assert first.process.poll() is None
