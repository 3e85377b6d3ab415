"""Render one step's narration with the offline voice, off the GUI thread, with progress.

Available only when the ``narration`` extra is installed (``available()``: the
``painease.narration`` package and Piper can be imported); the editor shows the button
disabled with ``INSTALL_HINT`` otherwise. ``VoiceJob`` splits the text into sentences,
has the voice speak them one by one on a worker thread (progress after each), then
shapes them into one clip the way ``painease narrate`` does and writes Ogg Opus.

The one door between threads: the worker only emits this object's signals; Qt queues
them to the main thread, where the progress dialog lives. Cancel is a flag the worker
reads between sentences. ``synthesise`` can be swapped (tests; another voice); it is
called on the worker thread with ``(sentences, on_sentence, cancelled)`` and returns
``(mono float32 at 48 kHz)``.
"""

from __future__ import annotations

import importlib.util
import re
import threading
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QProgressDialog

INSTALL_HINT = ("The offline voice is not installed. To use it, install the narration "
                "extra: pip install 'painease[narration]'")
SENTENCE_END = re.compile(r"(?<=[.!?…])\s+")


def available() -> bool:
    """Whether the offline voice can be used (the ``narration`` extra is installed)."""
    try:
        return (importlib.util.find_spec("painease.narration") is not None
                and importlib.util.find_spec("piper") is not None)
    except (ImportError, ValueError):
        return False


def sentences_of(text: str) -> list[str]:
    return [part for part in SENTENCE_END.split(" ".join(text.split())) if part]


class Cancelled(Exception):
    """The therapist cancelled the render."""


def piper_synthesise(sentences: list[str], on_sentence: Callable[[int], None],
                     cancelled: Callable[[], bool]):
    """Speak ``sentences`` with the narration extra's Piper voice; one clip at 48 kHz."""
    from painease.narration import render as narration

    settings = narration.NarrationSettings()
    speaker = narration.PiperSpeaker()
    spoken = []
    for number, sentence in enumerate(sentences, start=1):
        if cancelled():
            raise Cancelled
        spoken.extend(speaker.speak(sentence, settings))
        on_sentence(number)
    return narration.shape(spoken, speaker.samplerate, settings).audio


class VoiceJob(QObject):
    """One render. Signals (main thread): ``progress(done, total)``, ``done()``,
    ``failed(message)``. ``start()`` returns at once."""

    progress = Signal(int, int)
    done = Signal()
    failed = Signal(str)

    def __init__(self, parent: QObject | None, text: str, target: Path, language: str = "en",
                 synthesise: Callable | None = None):
        super().__init__(parent)
        self.text, self.target, self.language = text, Path(target), language
        self.synthesise = synthesise or piper_synthesise
        self.sentences = sentences_of(text)
        self._cancel = threading.Event()
        self.thread: threading.Thread | None = None
        self.dialog = QProgressDialog("Rendering the narration with the offline voice…",
                                      "Cancel", 0, max(1, len(self.sentences)),
                                      parent if isinstance(parent, QObject) else None)
        self.dialog.setObjectName("voice-progress")
        self.dialog.setAccessibleName("Rendering narration")
        self.dialog.setAccessibleDescription("Progress of the offline voice, sentence by "
                                             "sentence; Cancel stops it")
        self.dialog.setWindowModality(Qt.WindowModality.WindowModal)
        self.dialog.setMinimumDuration(400)  # quick renders never flash a dialog
        self.dialog.setAutoClose(False)
        self.dialog.setAutoReset(False)
        self.dialog.canceled.connect(self._cancel.set)
        self.progress.connect(self._show_progress)
        self.done.connect(self.dialog.close)
        self.failed.connect(lambda _message: self.dialog.close())

    @property
    def running(self) -> bool:
        return self.thread is not None and self.thread.is_alive()

    def start(self) -> None:
        if not self.sentences:
            self.failed.emit("This step has no words to speak.")
            return
        self.dialog.setValue(0)
        self.thread = threading.Thread(target=self._work, name="painease-voice", daemon=True)
        self.thread.start()

    def cancel(self) -> None:
        self._cancel.set()

    def _show_progress(self, done: int, total: int) -> None:
        self.dialog.setValue(done)
        self.dialog.setLabelText(f"Rendering the narration: sentence {done} of {total}…")

    def _work(self) -> None:
        # Worker thread: emit signals only.
        total = len(self.sentences)
        try:
            audio = self.synthesise(self.sentences, lambda n: self.progress.emit(n, total),
                                    self._cancel.is_set)
            if self._cancel.is_set():
                raise Cancelled
            from painease.audio.recorder import save_opus

            save_opus(self.target, audio)
        except Cancelled:
            self.failed.emit("Rendering was cancelled; nothing was saved.")
        except Exception as exc:  # the voice may fail in many ways; say so, never crash
            self.failed.emit(f"The voice could not render this step ({exc}).")
        else:
            self.done.emit()
