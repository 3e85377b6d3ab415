"""The Outcomes tab reads its patients on a worker thread: the window stays responsive
while it reads, a line says so, the table fills when the answer arrives, an older answer
that arrives after a newer refresh is dropped, and a failed read is said plainly.

Real parts as in ``test_patients_outcomes``: patients send sealed results, the therapist
imports them into real SQLite files. The real ``read_cohort`` is wrapped so a test can
hold a read back until it has looked at the view; what it reads is not touched.
"""

from __future__ import annotations

import threading

from PySide6.QtCore import QTimer

import painease.packs.results as results
import painease.ui.therapist.cohort_read as cohort_read
from painease.packs.results import import_results
from painease.ui.therapist.cohort_view import CohortView
from tests.packs.conftest import make_program
from tests.ui.clinic import outcomes_read, week
from tests.waits import WORKER_WAIT_MS

HOLD_S = WORKER_WAIT_MS / 1000  # a held read gives up after this: the test then fails

TWO = ("2 patients, 2 with enough ratings in the first and last week of the sessions of "
       "their set.")


def _patients(clinic):
    """Sam and Kim, following one set, their results sent (not yet imported)."""
    two_weeks = make_program()
    clinic.patient("Sam", two_weeks, [*week(2, (6, 7), (4, 3)), *week(9, (2, 2), (1, 1))])
    clinic.patient("Kim", two_weeks, [*week(3, (8, 6), (7, 6)), *week(10, (5, 5), (4, 4))])


def _import(clinic, own, *names):
    for name in names:
        import_results(clinic.root / "results" / f"{name}.painease-results",
                       clinic.identity, own)


def test_the_window_keeps_running_while_the_patients_are_read(qtbot, clinic, monkeypatch):
    threads, entered, release = [], threading.Event(), threading.Event()
    real_read, real_open = cohort_read.read_cohort, results.open_patient

    def held_read(store):
        threads.append(threading.current_thread())
        entered.set()
        release.wait(HOLD_S)  # until the test has looked at the view
        return real_read(store)

    def opening(key_id):
        threads.append(threading.current_thread())
        return real_open(key_id)

    monkeypatch.setattr(cohort_read, "read_cohort", held_read)
    monkeypatch.setattr(results, "open_patient", opening)
    _patients(clinic)
    with clinic.own_store() as own:
        _import(clinic, own, "Sam", "Kim")
        view = CohortView(own)
        qtbot.addWidget(view)
        ticks = []
        heartbeat = QTimer()
        heartbeat.setInterval(10)
        heartbeat.timeout.connect(lambda: ticks.append(1))
        heartbeat.start()
        view.refresh()  # returns while the read is held
        assert entered.wait(HOLD_S)
        # Nothing read yet on screen, and the GUI thread runs its timers meanwhile.
        assert view.summary.text() == "" and view.table.columnCount() == 0
        qtbot.waitUntil(lambda: len(ticks) >= 5, timeout=WORKER_WAIT_MS)
        assert view.reading
        assert not view.status.isHidden()
        assert view.status.text() == "Reading 2 patients' results…"
        assert view.summary.text() == "" and view.table.columnCount() == 0
        release.set()
        outcomes_read(qtbot, view)  # the answer fills the table
        heartbeat.stop()
        assert view.status.isHidden()
        assert view.summary.text() == TWO
        assert view.table.columnCount() == 1 and view.cell("Two weeks", "started") == "2"
        # Every database was opened on the worker thread, none on the GUI's.
        assert len(threads) == 3
        assert threading.main_thread() not in threads


def test_an_older_answer_arriving_after_a_newer_refresh_is_dropped(
        qtbot, clinic, monkeypatch):
    calls, entered, release = [], threading.Event(), threading.Event()
    real_read = cohort_read.read_cohort

    def first_one_late(store):
        calls.append(1)
        answer = real_read(store)
        if len(calls) == 1:  # the first read's answer comes after the second's
            entered.set()
            release.wait(HOLD_S)
        return answer

    monkeypatch.setattr(cohort_read, "read_cohort", first_one_late)
    _patients(clinic)
    with clinic.own_store() as own:
        _import(clinic, own, "Sam")
        view = CohortView(own)
        qtbot.addWidget(view)
        view.refresh()  # reads Sam alone; its answer is held back
        assert entered.wait(HOLD_S)
        _import(clinic, own, "Kim")  # Kim's results come in
        view.refresh()
        outcomes_read(qtbot, view)
        assert view.summary.text() == TWO
        release.set()  # now the first read's answer, of Sam alone, arrives
        qtbot.waitUntil(lambda: not view.loader.busy(), timeout=WORKER_WAIT_MS)
        assert len(calls) == 2
        assert view.summary.text() == TWO
        assert view.cell("Two weeks", "started") == "2"


def test_a_read_that_fails_says_so(qtbot, clinic):
    _patients(clinic)
    with clinic.own_store() as own:
        _import(clinic, own, "Sam")
        view = CohortView(own)
        qtbot.addWidget(view)
        # Where the worker opens the therapist's database there is now a folder (the
        # page's own connection, open on the file moved away, still reads the list).
        own.path.rename(own.path.with_name("moved.sqlite3"))
        own.path.mkdir()
        view.refresh()
        outcomes_read(qtbot, view)
        assert view.status.isHidden()
        assert view.summary.text() == (f"Your patients could not be read: {own.path} is a "
                                       "directory, not a painease database")
        assert view.table.isHidden()
