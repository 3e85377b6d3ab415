"""Another program holding painease's database: a thread with a connection of its own runs
``BEGIN IMMEDIATE`` on the file and keeps the write lock until ``release()`` or until
``seconds`` have passed, whichever comes first. ``held`` says whether it still holds it, so
a test can tell a save that gave up early from one that waited for the other program."""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path


class HeldLock:
    def __init__(self, path: Path, seconds: float):
        self.path, self.seconds = Path(path), seconds
        self._taken, self._released, self._stop = (threading.Event(), threading.Event(),
                                                   threading.Event())
        self._thread = threading.Thread(target=self._hold, daemon=True)

    def __enter__(self) -> HeldLock:
        self._thread.start()
        if not self._taken.wait(10):
            raise AssertionError("the other connection could not take the write lock")
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.release()

    @property
    def held(self) -> bool:
        return self._taken.is_set() and not self._released.is_set()

    def release(self) -> None:
        self._stop.set()
        self._thread.join()

    def _hold(self) -> None:
        conn = sqlite3.connect(self.path, isolation_level=None, timeout=10)
        try:
            conn.execute("BEGIN IMMEDIATE")
            self._taken.set()
            self._stop.wait(self.seconds)
            conn.execute("ROLLBACK")
        finally:
            self._released.set()
            conn.close()
