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
        if self.child.poll() is None:
            self.child.stdin.write("done\n")
            self.child.stdin.close()
            self.child.wait(timeout=30)

    def holding(self) -> bool:
        return self.child.poll() is None


@pytest.fixture
def other_import():
    held = []

    def hold():
        held.append(OtherImport(paths.patients_dir()))
        return held[-1]

    yield hold
    for other in held:
        other.finish()


class Served:
    """What the GUI thread did, in order, while an import waited: "tick" each time it
    served a timer of its own (every 20 ms); each time the page tried the lock again (its
    ``import_wait`` timer), "try" when the import still waits after it, "ended" when not.
    ``then(n)`` is called at the ``n``-th tick."""

    def __init__(self, page, then=None):
        self.page, self.then, self.events = page, then, []
        self.timer = QTimer()
        self.timer.setInterval(20)
        self.timer.timeout.connect(self.tick)
        page.import_wait.timeout.connect(  # after the page's own try: connected later
            lambda: self.events.append("try" if page.import_waiting() else "ended"))
        self.timer.start()

    def tick(self) -> None:
        if self.page.import_waiting():
            self.events.append("tick")
            if self.then is not None:
                self.then(self.events.count("tick"))

    def served_between_tries(self) -> bool:
        """The GUI thread served its own timer between any two tries at the lock (there
        were at least two): no try held it until the next."""
        tries = [i for i, event in enumerate(self.events) if event in ("try", "ended")]
        return len(tries) >= 2 and all("tick" in self.events[a + 1:b]
                                       for a, b in zip(tries, tries[1:], strict=False))


def test_an_import_waits_for_another_without_freezing_the_window_then_imports(
        qtbot, tmp_path, monkeypatch, other_import):
    """No duration is asked about. Once the window has served 20 of its own timer ticks
    while the import waited, the other import lets go in the middle of the page's next try,
    just after that try found the lock taken. A try that waited for the lock (on the GUI
    thread: the window frozen meanwhile) would then import in that same try; the page's
    try gives up at once, and the try after it imports."""
    import fcntl
    clinic = Clinic(tmp_path, monkeypatch)
    results = clinic.patient("Sam", make_program(), [(2, (6, 7), (4, 3)), (5, (5, 5), None)])
    with clinic.own_store() as own:
        page = PatientsPage(own)
        qtbot.addWidget(page)
        page.show()
        other = other_import()
        while_held = {}
        flock = fcntl.flock

        def flock_then_let_go(fd, operation):  # this process's tries at the lock
            try:
                return flock(fd, operation)
            except OSError:
                if served.events.count("tick") >= 20 and other.holding():
                    while_held.update(message=page.message.text(),
                                      button=page.import_button.isEnabled(),
                                      patients=PatientStore(own).patients())
                    other.finish()
                    served.events.append("let go")
                raise

        assert page.import_file(results) is False  # returns at once: not imported yet
        assert other.holding()  # returned while the other import still held the lock
        assert page.message.text() == "Waiting for another import to finish…"
        assert not page.import_button.isEnabled()  # one waiting import at a time
        assert PatientStore(own).patients() == []
        served = Served(page)
        monkeypatch.setattr(fcntl, "flock", flock_then_let_go)
        qtbot.waitUntil(lambda: page.message.text().startswith("Imported "),
                        timeout=WORKER_WAIT_MS)
        served.timer.stop()
        # It waited: while the other import held the lock, nothing was written.
        assert while_held == {"message": "Waiting for another import to finish…",
                              "button": False, "patients": []}
        # The try in which the other import let go did not wait for the lock: it ended
        # still waiting; the next one imported, and was the last.
        events = served.events
        after = [event for event in events[events.index("let go"):] if event != "tick"]
        assert after == ["let go", "try", "ended"], events
        # The window was served all along: between the tries, its own timer ran.
        assert served.served_between_tries(), events
        assert page.message.text().startswith("Imported Sam: 2 new")
        assert page.import_button.isEnabled()
        assert [p.name for p in PatientStore(own).patients()] == ["Sam"]
        assert page.heading.text() == "Sam"


def test_an_import_that_waited_too_long_gives_up_in_plain_words_and_writes_nothing(
        qtbot, tmp_path, monkeypatch, other_import):
    """The limit (``WAIT_SECONDS``) is a duration, so it is bounded from below by the wall
    clock read before the import was asked for: it did not give up before the limit. How
    much later it gave up is not asked (a busy machine decides that)."""
    limit = 1.5
    monkeypatch.setattr("painease.packs.import_lock.WAIT_SECONDS", limit)
    clinic = Clinic(tmp_path, monkeypatch)
    results = clinic.patient("Sam", make_program(), [(2, (6, 7), (4, 3))])
    with clinic.own_store() as own:
        page = PatientsPage(own)
        qtbot.addWidget(page)
        page.show()
        other = other_import()  # never finishes within the limit
        asked = time.monotonic()
        assert page.import_file(results) is False
        assert page.message.text() == "Waiting for another import to finish…"
        served = Served(page)
        qtbot.waitUntil(lambda: page.message.text().startswith("Not imported"),
                        timeout=WORKER_WAIT_MS)
        gave_up = time.monotonic()
        served.timer.stop()
        assert gave_up - asked >= limit  # not before the limit
        assert other.holding()  # it gave up on a lock still held, as said
        assert served.served_between_tries(), served.events  # it kept trying, never froze
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


def test_closing_the_window_closes_the_shown_patients_database_and_drops_their_charts(
        qtbot, tmp_path, monkeypatch, make_window):
    """The page's own closeEvent never runs inside the workspace, so closing the window
    must do its work: the patient shown has their copy's database closed and their charts
    deleted now (charts left to the collector crashed a later test now and then)."""
    clinic = Clinic(tmp_path, monkeypatch)
    results = clinic.patient("Sam", make_program(), [(2, (6, 7), (4, 3)), (5, (5, 5), None)])
    clinic.own_store().close()
    (clinic.homes.therapist / "settings.json").write_text('{"therapist_mode": true}')
    window = make_window(use_device=False)
    window.show_page("Therapist")
    page = window.therapist().show_tab("Patients")
    assert page.import_file(results) is True
    insights = page.detail.currentWidget()
    qtbot.waitUntil(lambda: insights.view is not None and insights.view.data is not None,
                    timeout=WORKER_WAIT_MS)
    shown = page.detail_store
    assert shown is not None and page.detail.count() == 2
    window.close()
    qtbot.waitUntil(lambda: not window.isVisible())
    assert page.detail_store is None
    assert page.detail.count() == 1  # the patient's Insights view is gone
    assert insights.view is None
