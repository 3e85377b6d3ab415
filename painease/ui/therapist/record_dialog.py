"""Record one step's narration: level meter, count-in 3-2-1, stop, play back, re-take, keep.

The dialog drives a ``painease.audio.recorder.Recorder`` and cleans takes up with
``painease.audio.takes`` (both imported when the dialog opens, so numpy and sounddevice
stay out of start-up). A 30 Hz ``QTimer`` reads the recorder's
level for the meter and its count-in on the audio clock; the audio thread never touches
Qt. On Stop the take is cleaned up at once (trimmed, loudness-normalised, 48 kHz), so Play
back plays exactly what Keep saves. Keep writes Ogg Opus to ``target`` and accepts; a long
take takes seconds to encode, so "Saving the take…", a busy cursor and buttons turned off
are painted first, and the dialog cannot be closed until the save ends.

Errors (no microphone, no PortAudio, nothing heard) are shown in the dialog in one line;
nothing is saved then. A microphone that stops mid-take (unplugged, its device failed) is
noticed by the meter's timer (``Recorder.problem``): the take ends there, the dialog says
why, and what was recorded until then can be played back and kept. After Stop, a take
that was clipped or very quiet (raised more than ``QUIET_TAKE_RAISED_DB``) is said to be
so. Keep saves the clip first, then notes its words (``clip_words``); if only the note
fails, the clip is kept, the dialog accepts and ``note`` says what was not written.
Each new status is also sent to a screen reader as an alert (``_say``): the focus moves on
to a button, which a screen reader reads instead. Main thread only.
"""

from __future__ import annotations

import math
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QEventLoop, Qt, QTimer
from PySide6.QtGui import QAccessible, QAccessibleEvent, QGuiApplication
from PySide6.QtWidgets import QDialog, QProgressBar, QVBoxLayout

from painease.audio.clip_origin import RECORDED
from painease.narration.clip_words import not_noted, remember_words
from painease.ui.screens import screen_of
from painease.ui.therapist.forms import button_grid, column_area
from painease.ui.widgets import button, label

COUNT_IN_SECONDS = 3.0
METER_FLOOR_DB = -60


class RecordDialog(QDialog):
    """``target``: where Keep saves the clip. ``recorder_options`` go to ``Recorder``.
    ``shared_with``: the titles of other scripts that play ``target`` (named when Keep
    would replace it)."""

    def __init__(self, step_text: str, target: Path, parent=None, *,
                 recorder_options: dict | None = None, shared_with: list[str] | None = None):
        super().__init__(parent)
        from painease.audio import recorder, takes  # numpy/sounddevice: only once recording

        self._rec_module = recorder
        self._takes = takes
        self.target = Path(target)
        self.step_text = step_text  # noted with the clip (painease.narration.clip_words)
        self.shared_with = list(shared_with or [])
        self.setObjectName("record-dialog")
        self.setWindowTitle("Record narration")
        self.setAccessibleName("Record narration")
        self.setAccessibleDescription("Record the words of one step with the microphone")
        self.recorder = recorder.Recorder(**(recorder_options or {}))
        self.clip = None  # the cleaned-up take (float32 at 48 kHz) once stopped
        self.saved: Path | None = None
        self.note: str | None = None  # after Keep: anything the editor should say about it
        self.close_question = None  # asked when closing would drop a take not kept
        self._closing_anyway = False
        self.replace_question = None  # asked when Keep would replace a recording on disk
        self._replacing = False
        self._saving = False  # Keep is writing the take (the dialog does not close then)
        self._heard_this_take: set[str] = set()  # the meter's messages alerted (``_say``)

        layout = QVBoxLayout(self)
        layout.addWidget(label("Read this aloud, calmly and slowly:", "muted"))
        # The words scroll inside the dialog: a long step at 200 % text neither squeezes
        # them nor makes the dialog taller than the screen.
        self.words_area, words = column_area("Words to read aloud")
        self.words = label(step_text, "heading", name="record-text")
        words.addWidget(self.words)
        self.words_area.setMinimumHeight(3 * self.words_area.fontMetrics().lineSpacing())
        layout.addWidget(self.words_area, 1)
        self.meter = QProgressBar()
        self.meter.setObjectName("record-meter")
        self.meter.setAccessibleName("Input level")
        self.meter.setAccessibleDescription("How loud the microphone hears you, in decibels "
                                            "below the loudest possible")
        self.meter.setRange(METER_FLOOR_DB, 0)
        self.meter.setValue(METER_FLOOR_DB)
        # The bar is too thin for text (theme.py): the number stands in a label under it.
        self.meter.setTextVisible(False)
        layout.addWidget(self.meter)
        self.level = label(f"Input level: {METER_FLOOR_DB} dB", "muted", name="record-level")
        self.meter.valueChanged.connect(lambda db: self.level.setText(f"Input level: {db} dB"))
        layout.addWidget(self.level)
        self.status = label("Press Record. A count of 3, 2, 1 comes first.", name="record-status")
        self.status.setAccessibleDescription("Recording status")
        layout.addWidget(self.status)

        self.record = button("&Record", "record-start", "Count in 3, 2, 1, then record",
                             primary=True)
        self.stop = button("&Stop", "record-stop", "Stop recording; the silence before and "
                           "after is trimmed")
        self.play = button("&Play back", "record-play", "Listen to the take")
        self.keep = button("&Keep", "record-keep", "Save this take as the step's narration")
        self.cancel = button("Cancel", "record-cancel", "Close without saving")
        # Rows of three: one row of five ("Record again" at 200 % text) is wider than an
        # 800-pixel screen.
        layout.addLayout(button_grid((self.record, self.stop, self.play, self.keep,
                                      self.cancel), per_row=3))
        self.record.clicked.connect(self.start_recording)
        self.stop.clicked.connect(lambda: self.stop_recording())  # not clicked's bool
        self.play.clicked.connect(self.play_back)
        self.keep.clicked.connect(self.keep_take)
        self.cancel.clicked.connect(self.reject)

        self.timer = QTimer(self)
        self.timer.setInterval(33)
        self.timer.timeout.connect(self._tick)
        self._update_buttons()

    # --- actions --------------------------------------------------------------------------

    def start_recording(self) -> None:
        """Record (or re-take: the previous take stays until the new one is usable, so a
        re-take stopped during the count-in, or one where nothing was heard, loses nothing).
        """
        self._rec_module.stop_playback()
        self._heard_this_take.clear()
        try:
            self.recorder.start(count_in=COUNT_IN_SECONDS)
        except self._rec_module.RecorderUnavailable as exc:
            self._say(f"Cannot record: {exc}.")
            self._update_buttons()
            return
        self.timer.start()
        self._tick()
        self._update_buttons()
        self.stop.setFocus()

    def stop_recording(self, problem: str | None = None) -> None:
        """End the take (Stop; or ``problem``: why the microphone stopped on its own)."""
        if not self.recorder.recording:
            return
        self.timer.stop()
        problem = problem or self.recorder.problem()  # it may have stopped since the meter
        take = self.recorder.stop()
        self.meter.setValue(METER_FLOOR_DB)
        stopped = f"Recording stopped: {problem}" if problem else ""
        try:
            self.clip, raised_db = self._takes.finish_take_raised(take)
        except self._takes.RecordingError as exc:
            kept = " Your earlier take is still here." if self.clip is not None else ""
            if stopped:
                self._say(f"{stopped}, and nothing was heard before that. Check the "
                          f"microphone and record again.{kept}")
            else:
                self._say(f"{exc}.{kept}")
            self._update_buttons()
            self.record.setFocus()
            return
        if stopped:
            seconds = len(self.clip) / self._takes.CLIP_RATE
            self._say(f"{stopped}. The {seconds:.1f} seconds recorded before that are here: "
                      "play them back, keep them, or record again once the microphone works.")
            self._update_buttons()
            self.keep.setFocus()
            return
        seconds = len(self.clip) / self._takes.CLIP_RATE
        if self._takes.clipped(take.samples):
            # Said after the take too: the meter's warning lasts one block, easily missed.
            self._say(f"Recorded {seconds:.1f} seconds, but parts were too loud and sound "
                      "distorted. Move back a little and record again, or keep it anyway.")
            self._update_buttons()
            self.record.setFocus()
            return
        if raised_db > self._takes.QUIET_TAKE_RAISED_DB:
            # Said plainly: a take raised this much brings the room's hiss up with it.
            self._say(f"Recorded {seconds:.1f} seconds, but it was very quiet, so it was made "
                      f"{raised_db:.0f} dB louder, and any background noise with it. Move "
                      "closer to the microphone or raise its input level, and record again; "
                      "or keep it anyway.")
            self._update_buttons()
            self.record.setFocus()
            return
        self._say(f"Recorded {seconds:.1f} seconds. Play it back, keep it, or record again.")
        self._update_buttons()
        self.keep.setFocus()

    def play_back(self) -> None:
        if self.clip is None:
            return
        try:
            self._rec_module.play_samples(self.clip)
        except self._rec_module.RecorderUnavailable as exc:
            self._say(f"Cannot play it back: {exc}.")

    def keep_take(self) -> None:
        """Save the take; when the step already has a recording there, ask first (the old
        one is gone once replaced, even if the script's changes are then dropped)."""
        if self.clip is None:
            return
        if self.target.exists() and not self._replacing:
            from painease.ui.therapist.forms import question_box
            from painease.ui.therapist.step_narration import already_has, also_used

            self.replace_question = question_box(
                self, "replace-question", "Replace the recording",
                f"{already_has(self.target)} {also_used(self.shared_with)}Replace it with "
                "this take?",
                "Replace it", self._replace, "Keep the old one")
            return
        self._rec_module.stop_playback()
        self._show_saving()
        try:
            saved, failed = self._takes.save_opus(self.target, self.clip,
                                                  made=RECORDED), None
        except (OSError, RuntimeError) as exc:  # written whole or not at all: nothing changed
            saved, failed = None, exc
        finally:
            self._saving = False
            QGuiApplication.restoreOverrideCursor()
            self.cancel.setEnabled(True)  # the others as the take allows
            self._update_buttons()
        if saved is None:
            self._say(f"The take could not be saved ({failed}). The step's recording is as "
                      "it was; your take is still here, so try Keep again.")
            self.keep.setFocus()  # turned off while saving, so the focus had moved on
            return
        self.saved = saved
        # The note of its words comes second: if it cannot be written, an older note may
        # call the new take out of date (a false alarm), never the other way round.
        try:
            remember_words(saved, self.step_text)
        except OSError as exc:
            self.note = not_noted("The take", exc)
        self.accept()

    def _show_saving(self) -> None:
        """Before the save: encoding a long take takes seconds on the GUI thread, so say so,
        turn the buttons off and show a busy cursor, painted (input waits) before it starts.
        """
        self._saving = True
        for control in (self.record, self.stop, self.play, self.keep, self.cancel):
            control.setEnabled(False)
        QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        self._say("Saving the take…")
        QCoreApplication.processEvents(QEventLoop.ProcessEventsFlag.ExcludeUserInputEvents)

    def _replace(self) -> None:
        self._replacing = True
        self.keep_take()

    def reject(self) -> None:
        """Cancel, Esc or the window's close button. A take not yet kept is not dropped
        without asking: a recording still running is stopped first (so it becomes a take
        that can be kept), then the therapist chooses."""
        if self._saving:
            return  # the take is being written: it closes itself once saved
        if self.recorder.recording:
            self.stop_recording()
        if self.clip is None or self._closing_anyway:
            super().reject()
            return
        from painease.ui.therapist.forms import discard_question

        self.close_question = discard_question(
            self, "This take is not kept yet. Close without keeping it?",
            self._close_anyway, drop="Close without keeping")

    def _close_anyway(self) -> None:
        self._closing_anyway = True
        self.reject()

    def done(self, result: int) -> None:  # noqa: D401 - Qt override: every way of closing
        self.timer.stop()
        if self.recorder.recording:
            self.recorder.cancel()
        self._rec_module.stop_playback()
        super().done(result)

    # --- display --------------------------------------------------------------------------

    def showEvent(self, event) -> None:  # noqa: N802 - Qt override
        super().showEvent(event)
        # All the words in view if half the screen holds them (no scrolling while reading
        # aloud); the dialog grows to match, and never past the screen.
        room = screen_of(self).availableGeometry()
        needed = self.words.heightForWidth(self.words_area.viewport().width() - 8) + 8
        self.words_area.setMinimumHeight(max(self.words_area.minimumHeight(),
                                             min(needed, room.height() // 2)))
        self.resize(min(self.sizeHint().width(), room.width()),
                    min(self.sizeHint().height(), room.height()))

    def _tick(self) -> None:
        problem = self.recorder.problem()
        if problem is not None:
            self.stop_recording(problem)
            return
        level = self.recorder.level()
        self.meter.setValue(max(METER_FLOOR_DB, min(0, round(level.peak_dbfs))))
        left = self.recorder.count_in_left()
        # Said aloud only before the take: a screen reader speaking while the microphone
        # records would be in the take, and so in the patient's clip. The count-in's first
        # number is said (the rest shown), the take's messages only shown; after Stop the
        # take's outcome is said ("parts were too loud"…).
        if left > 0:
            self._say(f"Starting in {math.ceil(left)}…", once="count-in")  # 3.0 s left: 3
        elif level.clipping:
            self._say("Recording — that was too loud; move back a little.", aloud=False)
        else:
            self._say(f"Recording — {self.recorder.seconds_kept():.0f} s. Press Stop when "
                      "you have finished.", aloud=False)

    def _say(self, text: str, *, once: str | None = None, aloud: bool = True) -> None:
        """Show ``text`` as the status and send it to a screen reader as an alert: the
        focus moves on to a button (Keep, Record again), which is read instead otherwise.
        ``once``: a message set at each tick (30 a second) is alerted the first time in a
        take only. Not ``aloud``: shown only (while the microphone records, ``_tick``).
        Said after every take and every press, the rest are alerted each time."""
        self.status.setText(text)
        self.status.setAccessibleDescription(text)
        if not aloud:
            return
        if once is not None:
            if once in self._heard_this_take:
                return
            self._heard_this_take.add(once)
        QAccessible.updateAccessibility(QAccessibleEvent(self.status, QAccessible.Event.Alert))

    def _update_buttons(self) -> None:
        recording = self.recorder.recording
        self.record.setEnabled(not recording)
        again = self.clip is not None
        self.record.setText("&Record again" if again else "&Record")
        self.record.setAccessibleName("Record again" if again else "Record")
        self.stop.setEnabled(recording)
        self.play.setEnabled(self.clip is not None and not recording)
        self.keep.setEnabled(self.clip is not None and not recording)
