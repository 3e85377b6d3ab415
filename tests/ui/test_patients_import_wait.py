"""Importing results while another import holds the data folder's import lock: the Patients
page never waits on the GUI thread (the window froze for up to 10 s), says it is waiting,
imports once the other import has finished, and gives up in plain words after the limit.
Closing the main window while it waits asks first, then drops it: nothing is written.

The other import is a real second process holding the real lock
(``painease.packs.import_lock``); the therapist and patient are real data dirs with real
SQLite files and a sealed results file (``Clinic``).
"""

from __future__ import annotations

import os
import subprocess
import sys
import time

import pytest
from PySide6.QtCore import QTimer

from painease import paths
from painease.storage.patients import PatientStore
from painease.ui.therapist.patients_page import PatientsPage
from painease.ui.therapist.results_import import RETRY_MS
from tests.packs.conftest import make_program
from tests.test_cli import REPO
from tests.ui.clinic import Clinic
from tests.ui.script_editing import fill_metadata
from tests.waits import WORKER_WAIT_MS

HOLD = """
import sys
from pathlib import Path
from painease.packs.import_lock import one_import_at_a_time
with one_import_at_a_time(Path(sys.argv[1]), wait=0):
    print("held", flush=True)
    sys.stdin.readline()  # hold it until the test writes a line (or closes the pipe)
"""


class OtherImport:
    """Another process holding the import lock of ``folder`` until ``finish``."""

    def __init__(self, folder):
        self.child = subprocess.Popen(
            [sys.executable, "-c", HOLD, str(folder)], stdin=subprocess.PIPE,
            stdout=subprocess.PIPE, text=True, env={**os.environ, "PYTHONPATH": str(REPO)})
        assert self.child.stdout.readline() == "held\n"

    def finish(self) -> None:
        self.finished_at = time.monotonic()
        if self.child.poll() is None:
            self.child.stdin.write("done\n")
            self.child.stdin.close()
            self.child.wait(timeout=30)


@pytest.fixture
def other_import():
    held = []

    def hold():
        held.append(OtherImport(paths.patients_dir()))
        return held[-1]

    yield hold
    for other in held:
        other.finish()


class Ticks:
    """A timer on the GUI thread every 20 ms: when it was served (the window's liveliness)."""

    def __init__(self):
        self.at: list[float] = []
        self.timer = QTimer()
        self.timer.setInterval(20)
        self.timer.timeout.connect(lambda: self.at.append(time.monotonic()))
        self.timer.start()

    def longest_gap(self, since: float, until: float) -> float:
        """The longest time between two ticks (or the ends) in ``[since, until]``."""
        times = [since, *(t for t in self.at if since < t < until), until]
        return max(b - a for a, b in zip(times, times[1:], strict=False))


def test_an_import_waits_for_another_without_freezing_the_window_then_imports(
        qtbot, tmp_path, monkeypatch, other_import):
    clinic = Clinic(tmp_path, monkeypatch)
    results = clinic.patient("Sam", make_program(), [(2, (6, 7), (4, 3)), (5, (5, 5), None)])
    with clinic.own_store() as own:
        page = PatientsPage(own)
        qtbot.addWidget(page)
        page.show()
        other = other_import()
        ticks = Ticks()
        QTimer.singleShot(1500, other.finish)  # the other import ends after 1.5 s
        asked = time.monotonic()
        assert page.import_file(results) is False  # returns at once: not imported yet
        waiting = time.monotonic()
        assert waiting - asked < 1.0
        assert page.message.text() == "Waiting for another import to finish…"
        assert not page.import_button.isEnabled()  # one waiting import at a time
        assert PatientStore(own).patients() == []
        qtbot.waitUntil(lambda: page.message.text().startswith("Imported "),
                        timeout=WORKER_WAIT_MS)
        done = time.monotonic()
        # The window was served all along: the timer fired through the wait, never held up.
        assert sum(waiting < t < other.finished_at for t in ticks.at) >= 20, ticks.at
        assert ticks.longest_gap(waiting, other.finished_at) < 1.0
        assert done - asked >= 1.4  # it did wait for the other import
        assert page.message.text().startswith("Imported Sam: 2 new")
        assert page.import_button.isEnabled()
        assert [p.name for p in PatientStore(own).patients()] == ["Sam"]
        assert page.heading.text() == "Sam"
        ticks.timer.stop()


def test_an_import_that_waited_too_long_gives_up_in_plain_words_and_writes_nothing(
        qtbot, tmp_path, monkeypatch, other_import):
    monkeypatch.setattr("painease.packs.import_lock.WAIT_SECONDS", 1.5)
    clinic = Clinic(tmp_path, monkeypatch)
    results = clinic.patient("Sam", make_program(), [(2, (6, 7), (4, 3))])
    with clinic.own_store() as own:
        page = PatientsPage(own)
        qtbot.addWidget(page)
        page.show()
        other = other_import()  # never finishes within the limit
        ticks = Ticks()
        asked = time.monotonic()
        assert page.import_file(results) is False
        waiting = time.monotonic()
        assert page.message.text() == "Waiting for another import to finish…"
        qtbot.waitUntil(lambda: page.message.text().startswith("Not imported"), timeout=10_000)
        gave_up = time.monotonic()
        assert 1.4 <= gave_up - asked < 5.0
        assert ticks.longest_gap(waiting, gave_up) < 1.0
        assert page.message.text() == (
            "Not imported: another import of results is still running in this data folder; "
            "try again once it has finished.")
        assert page.import_button.isEnabled()
        assert PatientStore(own).patients() == []
        assert [p.name for p in paths.patients_dir().iterdir()] == [".import.lock"]
        # Once the other import has finished, the same file imports at once.
        other.finish()
        assert page.import_file(results) is True
        assert [p.name for p in PatientStore(own).patients()] == ["Sam"]
        ticks.timer.stop()


def test_closing_the_window_while_an_import_waits_asks_then_stops_it_and_writes_nothing(
        qtbot, tmp_path, monkeypatch, other_import, make_window):
    """In the app the page sits in the workspace, in the main window: its own closeEvent
    never runs. Once, after the other import ended, the waiting one merged into a window
    already closed (or, with the event loop ended, was dropped without a word)."""
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QMessageBox

    clinic = Clinic(tmp_path, monkeypatch)
    results = clinic.patient("Sam", make_program(), [(2, (6, 7), (4, 3))])
    clinic.own_store().close()  # the therapist's data dir is the window's from here on
    (clinic.homes.therapist / "settings.json").write_text('{"therapist_mode": true}')
    window = make_window(use_device=False)
    page = window.therapist().show_tab("Patients")
    other = other_import()
    assert page.import_file(results) is False
    assert page.message.text() == "Waiting for another import to finish…"
    window.close()
    question = window.close_question
    qtbot.waitUntil(question.isVisible)
    assert question.text() == (
        "A results file is waiting for another import to finish and is not imported yet. "
        "If you close painease now, nothing of it is imported and the file stays as it "
        "is: you can import it again later. Close painease anyway?")
    qtbot.mouseClick(question.button(QMessageBox.StandardButton.Cancel),
                     Qt.MouseButton.LeftButton)  # Keep waiting
    assert window.isVisible() and page.import_wait.isActive()
    fill_metadata(qtbot, window.therapist().show_tab("Scripts"))  # unsaved too: one question
    window.close()
    qtbot.waitUntil(window.close_question.isVisible)
    assert window.close_question.text() == (
        "Your changes to the script “Knee practice” are not saved, and a results file "
        "waiting for another import to finish is not imported yet. If you close painease "
        "now, nothing of it is imported and the file stays as it is: you can import it "
        "again later. Close painease anyway?")
    close_anyway = window.close_question.button(QMessageBox.StandardButton.Discard)
    assert close_anyway.text() == "Close without saving"
    qtbot.mouseClick(close_anyway, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not window.isVisible())
    assert not page.import_wait.isActive()
    other.finish()
    qtbot.wait(20 * RETRY_MS)  # a retry still scheduled would have merged by now
    with clinic.own_store() as own:
        assert PatientStore(own).patients() == []
    assert [p.name for p in paths.patients_dir().iterdir()] == [".import.lock"]
    assert page.message.text() == "Waiting for another import to finish…"  # not retried
    # As the question said: the file is as it was, and imports next time.
    with clinic.own_store() as own:
        again = PatientsPage(own)
        qtbot.addWidget(again)
        assert again.import_file(results) is True
        assert [p.name for p in PatientStore(own).patients()] == ["Sam"]
