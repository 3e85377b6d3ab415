"""What check says of the script editor's clips, measured off the GUI thread, per file version.

What ``painease check`` says of a clip needs the whole clip decoded: its errors (peaking
past full scale, damaged past its header) and its warnings (far from the voice's
loudness, too short to hold a word, too large for a pack), split as check splits them
(``painease.audio.clips.clip_findings``). Decoding takes a while for a long clip; the
editor checks its draft ~0.2 s after every keystroke. So ``ClipSurvey.findings(path,
name)`` answers from what it has measured,
kept by the file's path (and the name it is said by), change time and size (one ``stat``);
a clip not yet measured (new, or recorded again since) is queued for a worker thread and
the answer is None: not known yet. The warnings name the clip ``name`` (the step's clip as
written, relative to the script's audio folder), not by the full path check prints.
When answers arrive, a timer on the GUI thread files them and emits ``measured``; the
editor then checks again.

The one door between threads: the worker takes paths from a list (under a lock) and puts
``(key, answer)`` on a queue; it makes no Qt call. ``findings`` and ``busy`` are GUI thread only.
"""

from __future__ import annotations

import queue
import threading
from pathlib import Path

from PySide6.QtCore import QObject, QTimer, Signal

Key = tuple[str, str, int, int]  # path, name said, change time (ns), size
Findings = tuple[list[str], list[str]]  # check's (problems, warnings) of a clip


class ClipSurvey(QObject):
    measured = Signal()  # new answers were filed (GUI thread)

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self._known: dict[Key, Findings] = {}
        self._asked: set[Key] = set()  # queued or being measured
        self._work: list[Key] = []  # what the worker is to measure, under ``_lock``
        self._lock = threading.Lock()
        self._answers: queue.SimpleQueue = queue.SimpleQueue()
        self._worker: threading.Thread | None = None  # set while one runs, under ``_lock``
        self._timer = QTimer(self)
        self._timer.setInterval(30)
        self._timer.timeout.connect(self.deliver)

    def findings(self, path: Path, name: str) -> Findings | None:
        """What check says of the clip at ``path`` as it is now, (problems, warnings),
        naming it ``name`` (the step's clip as written, relative to the script's audio
        folder), or None while it is being measured. A file that cannot be looked at gets
        none: the editor's header read says what is wrong with it."""
        try:
            info = path.stat()
        except (OSError, ValueError):
            return [], []
        key = (str(path), name, info.st_mtime_ns, info.st_size)
        if key in self._known:
            return self._known[key]
        if key not in self._asked:
            self._asked.add(key)
            with self._lock:
                self._work.append(key)
                if self._worker is None:
                    self._worker = threading.Thread(target=self._measure,
                                                    name="painease-clips", daemon=True)
                    self._worker.start()
            self._timer.start()
        return None

    def busy(self) -> bool:
        """Whether a clip asked about is still being measured."""
        return bool(self._asked)

    def deliver(self) -> None:
        """GUI thread: file every answer that has arrived, then say so."""
        filed = False
        while True:
            try:
                key, answer = self._answers.get_nowait()
            except queue.Empty:
                break
            self._asked.discard(key)
            self._known[key] = answer
            filed = True
        if not self._asked:
            self._timer.stop()
        if filed:
            self.measured.emit()

    def wait(self, timeout: float = 30.0) -> None:
        """Block until the worker has measured all it was given (tests, shutdown)."""
        worker = self._worker
        if worker is not None:
            worker.join(timeout)

    def _measure(self) -> None:
        # Worker thread: no Qt. One at a time, so a long clip costs one CPU; it ends when
        # nothing is left (said under the lock, so a path queued then starts another).
        from painease.audio import clips  # late: numpy and libsndfile

        while True:
            with self._lock:
                if not self._work:
                    self._worker = None
                    return
                key = self._work.pop(0)
            try:
                _, problems, warnings = clips.clip_findings(Path(key[0]), key[1])
                answer = (problems, warnings)
            except Exception as exc:  # noqa: BLE001 - a warning unsaid, never a crash
                answer = ([], [f"the clip {key[1]} could not be measured ({exc})"])
            self._answers.put((key, answer))
