"""``WorkerRead``: a read on a worker thread whose answer is handed to the GUI thread.

``start(*args)`` starts a daemon thread that runs ``read(*args)`` (a subclass's: it opens
its own ``SessionStore``, since a store belongs to the thread that opened it, and SQLite's
WAL lets it read while the app writes) and puts ``(generation, result)`` on a plain queue.
A timer on the GUI thread collects it and emits ``loaded(generation, result)`` there: the
worker makes no Qt call at all (emitting from a non-Qt thread raced with style-sheet
changes on the GUI thread and crashed the process now and then). ``result`` is what
``read`` returned or the exception it raised; one that is not a ``StoreError`` or
``OSError`` (a bug, not a failed read) also has its traceback printed to stderr, for
whoever helps. Only the newest start counts: the generation number lets the receiver drop
the answer to a question no longer asked.

Used by Insights (``painease.ui.charts.loader``) and the therapist's Outcomes
(``painease.ui.therapist.cohort_loader``).
"""

from __future__ import annotations

import queue
import threading
import traceback

from PySide6.QtCore import QObject, QTimer, Signal

from painease.storage import StoreError


class WorkerRead(QObject):
    loaded = Signal(int, object)
    WAIT = 60.0  # seconds ``wait`` gives each read, by default

    def __init__(self, name: str, parent: QObject | None = None):
        super().__init__(parent)
        self.generation = 0
        self._name = name  # the worker threads' name
        self._threads: list[threading.Thread] = []
        self._answers: queue.SimpleQueue = queue.SimpleQueue()
        self._timer = QTimer(self)
        self._timer.setInterval(15)
        self._timer.timeout.connect(self.deliver)

    def read(self, *args) -> object:
        """The worker's read (a subclass's); its answer, or it raises."""
        raise NotImplementedError

    def start(self, *args) -> int:
        """Start ``read(*args)``; returns the generation number the answer will carry."""
        self.generation += 1
        worker = threading.Thread(target=self._run, args=(self.generation, *args),
                                  name=self._name, daemon=True)
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

    def wait(self, timeout: float | None = None) -> None:
        """Block until every started read has finished (tests, shutdown), each for at
        most ``timeout`` seconds (``WAIT``)."""
        for worker in list(self._threads):
            worker.join(self.WAIT if timeout is None else timeout)

    def _run(self, generation: int, *args) -> None:
        try:
            result: object = self.read(*args)
        except Exception as exc:  # handed to the GUI thread, which says so in plain words
            result = exc
            if not isinstance(exc, (StoreError, OSError)):  # a bug, not a failed read:
                traceback.print_exception(exc)  # its traceback for whoever helps
        self._answers.put((generation, result))
