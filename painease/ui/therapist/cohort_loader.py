"""Reads the Outcomes tab's patients on a worker thread and hands the answer to the GUI thread.

``CohortLoader.load()`` starts a daemon thread that opens its own ``SessionStore`` on the
therapist's database (a store belongs to the thread that opened it; SQLite's WAL lets it
read while the app writes), runs ``cohort_read.read_cohort`` there (which opens each
patient's database on that thread too) and puts ``(generation, result)`` on a plain queue.
A timer on the GUI thread collects it and emits ``loaded(generation, result)`` there, as
Insights' ``painease.ui.charts.loader`` does: the worker makes no Qt call at all. ``result``
is ``read_cohort``'s (entries, unreadable) or the exception the read raised; one that is
not a ``StoreError`` or ``OSError`` (a bug, not a failed read) also has its traceback
printed to stderr. Only the newest load counts: the generation number lets the view drop
an older answer.
"""

from __future__ import annotations

import queue
import threading
import traceback
from pathlib import Path

from PySide6.QtCore import QObject, QTimer, Signal

from painease.storage import SessionStore, StoreError


class CohortLoader(QObject):
    loaded = Signal(int, object)

    def __init__(self, db_path: Path, parent: QObject | None = None):
        super().__init__(parent)  # the view: its timer goes with it
        self.db_path = Path(db_path)  # the therapist's own database: their list of patients
        self.generation = 0
        self._threads: list[threading.Thread] = []
        self._answers: queue.SimpleQueue = queue.SimpleQueue()
        self._timer = QTimer(self)
        self._timer.setInterval(15)
        self._timer.timeout.connect(self.deliver)

    def load(self) -> int:
        """Start reading; returns the generation number the answer will carry."""
        self.generation += 1
        worker = threading.Thread(target=self._run, args=(self.generation,),
                                  name="cohort-load", daemon=True)
        self._threads = [t for t in self._threads if t.is_alive()] + [worker]
        worker.start()
        self._timer.start()
        return self.generation

    def busy(self) -> bool:
        """Whether a read is running or its answer is still to be handed over."""
        return any(t.is_alive() for t in self._threads) or not self._answers.empty()

    def deliver(self) -> None:
        """GUI thread: emit every answer that has arrived; stop polling when none is due."""
        while True:
            try:
                generation, result = self._answers.get_nowait()
            except queue.Empty:
                break
            self.loaded.emit(generation, result)
        if not self.busy():
            self._timer.stop()

    def wait(self, timeout: float = 60.0) -> None:
        """Block until every started read has finished (tests, shutdown)."""
        for worker in list(self._threads):
            worker.join(timeout)

    def _run(self, generation: int) -> None:
        from painease.ui.therapist import cohort_read  # looked up now: tests wrap it

        try:
            with SessionStore(self.db_path, read_only_ok=True) as own:
                result: object = cohort_read.read_cohort(own)
        except Exception as exc:  # handed to the GUI thread, which says so in plain words
            result = exc
            if not isinstance(exc, (StoreError, OSError)):  # a bug, not a failed read:
                traceback.print_exception(exc)  # its traceback for whoever helps
        self._answers.put((generation, result))
