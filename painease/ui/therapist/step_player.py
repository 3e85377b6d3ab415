"""Play one step of a script being edited: its words (clip or caption), through the Player.

The step is wrapped in a one-step script (no silence after it, no chime), fitted to its
own speaking time, and played by the app's real ``Player`` -- so what the therapist hears
is what a patient's session plays. A 30 Hz ``QTimer`` polls the player (the audio thread
never calls Qt) and reports in ``status``. Without a clip the step lasts its estimated
speaking time and only its caption is shown. Main thread only.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, QTimer, Signal

POLL_MS = 33


class StepPlayer(QObject):
    """``status(text)`` says what is playing, what ended, or why nothing can play."""

    status = Signal(str)

    def __init__(self, parent: QObject | None = None,
                 player_options: dict | Callable[[], dict] | None = None):
        """``player_options``: keyword arguments for ``Player``, or a function returning
        them at each play (so the current volume and device settings apply)."""
        super().__init__(parent)
        self.player_options = player_options or {}
        self.player = None
        self.number = 0
        self.caption = ""
        self._timer = QTimer(self)
        self._timer.setInterval(POLL_MS)
        self._timer.timeout.connect(self._poll)

    @property
    def playing(self) -> bool:
        return self.player is not None

    def play(self, step: dict, number: int, clip_root: Path) -> bool:
        """Play ``step`` (the editor's dict); False, with a status, if it cannot be played."""
        self.stop()
        from pydantic import ValidationError

        from painease.domain.script import Script
        from painease.domain.timeline import fit_to_frames, shortest_seconds

        data = {key: value for key, value in step.items() if value is not None}
        data["pause"] = 0.0
        data.pop("from_minutes", None)  # played here whatever the sessions it is for
        try:
            script = Script.model_validate({
                "format": 1, "id": "step-preview", "title": "Step preview",
                "kind": "relaxation", "summary": "-", "when_to_use": "-", "lengths": [1],
                "end_chime": False, "steps": [data]})
        except ValidationError:
            self.status.emit(f"Step {number} cannot be played yet: fix it first.")
            return False
        durations = {}
        if script.steps[0].clip:
            from painease.audio.clips import ClipError, clip_seconds

            try:
                durations[script.steps[0].clip] = clip_seconds(clip_root / script.steps[0].clip)
            except ClipError as exc:
                self.status.emit(f"Step {number} cannot be played: {exc}.")
                return False
        seconds = shortest_seconds(script, durations)
        timeline = fit_to_frames(script, round(seconds * 48_000), 48_000, durations)
        from painease.audio.player import Player

        options = self.player_options
        self.player = Player(timeline, clip_root, **(options() if callable(options) else options))
        self.number, self.caption = number, script.steps[0].text
        self.player.play()
        self._timer.start()
        self._poll()
        return True

    def stop(self) -> None:
        self._timer.stop()
        player, self.player = self.player, None
        if player is not None:
            player.close()

    def _poll(self) -> None:
        player = self.player
        if player is None:
            return
        if player.finished:
            self.stop()
            self.status.emit(f"Played step {self.number}.")
            return
        status = player.status()
        silent = f" (silently: {status.silent_reason})" if status.silent_reason else ""
        self.status.emit(f"Playing step {self.number}{silent}: {self.caption}")
