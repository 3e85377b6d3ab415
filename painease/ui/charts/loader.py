"""Reads a period's insights on a worker thread and hands them to the GUI thread.

``InsightsLoader.load(since, until, tz)`` starts a daemon thread that opens its own
``SessionStore`` on the same file (a store belongs to the thread that opened it; SQLite's
WAL lets it read while the app writes), runs ``gather`` (in the loader's ``voice``) and
puts ``(generation, result)`` on a plain queue. A timer on the GUI thread collects it and
emits ``loaded(generation, result)`` there: the worker makes no Qt call at all (emitting
from a non-Qt thread raced with style-sheet changes on the GUI thread and crashed the
process now and then). ``result`` is an ``InsightsData`` or the exception the read raised;
one that is not a ``StoreError`` or ``OSError`` (a bug, not a failed read) also has its
traceback printed to stderr.
Only the newest load counts: the generation number lets the receiver drop the answer to a
question no longer asked.

This is the page's one door between threads; nothing in the worker touches a widget.
"""

from __future__ import annotations

import queue
import threading
import traceback
from collections.abc import Mapping
from datetime import datetime, tzinfo
from pathlib import Path

from PySide6.QtCore import QObject, QTimer, Signal

from painease.domain.voice import YOU, Voice
from painease.storage import SessionStore, StoreError
from painease.ui.charts.data import gather


class InsightsLoader(QObject):
    loaded = Signal(int, object)

    def __init__(self, db_path: Path, titles: Mapping[str, str] | None = None,
                 voice: Voice = YOU):
        super().__init__()
        self.db_path = Path(db_path)
        self.titles = dict(titles or {})
        self.voice = voice  # whose sessions the readings speak of
        self.generation = 0
        self._threads: list[threading.Thread] = []
        self._answers: queue.SimpleQueue = queue.SimpleQueue()
        self._timer = QTimer(self)
        self._timer.setInterval(15)
        self._timer.timeout.connect(self.deliver)

    def load(self, since: datetime | None, until: datetime | None, tz: tzinfo) -> int:
        """Start reading; returns the generation number the answer will carry."""
        self.generation += 1
        worker = threading.Thread(target=self._run, args=(self.generation, since, until, tz),
                                  name="insights-load", daemon=True)
        self._threads = [t for t in self._threads if t.is_alive()] + [worker]
        worker.start()
        self._timer.start()
        return self.generation

    def deliver(self) -> None:
        """GUI thread: emit every answer that has arrived; stop polling when none is due."""
        while True:
            try:
                generation, result = self._answers.get_nowait()
            except queue.Empty:
                break
            self.loaded.emit(generation, result)
        if not any(t.is_alive() for t in self._threads) and self._answers.empty():
            self._timer.stop()

    def wait(self, timeout: float = 30.0) -> None:
        """Block until every started read has finished (tests, shutdown)."""
        for worker in list(self._threads):
            worker.join(timeout)

    def _run(self, generation: int, since, until, tz) -> None:
        try:
            with SessionStore(self.db_path) as store:
                result: object = gather(store, since, until, tz, self.titles, self.voice)
        except Exception as exc:  # handed to the GUI thread, which says so in plain words
            result = exc
            if not isinstance(exc, (StoreError, OSError)):  # a bug, not a failed read:
                traceback.print_exception(exc)  # its traceback for whoever helps
        self._answers.put((generation, result))
