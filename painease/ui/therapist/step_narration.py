"""A step's narration in the script editor: where its clip goes, Record…, Render, Play step.

``clip_target`` names a step's clip file: ``<id>/step-NN.ogg`` in the user's audio
folder, or ``step-NN-2.ogg`` and on when a file is already there (a recording is never
replaced, unless it is the step's own clip). Replacing the step's own clip (Record…'s
Keep, or Render with voice) asks first, saying what is there (``already_has``: a recording
made with the microphone, or a rendering, as the clip notes it) and, from
``scripts_sharing``, which other scripts play it and will change too (``also_used``).
``StepNarration`` runs the three buttons of the step form for the editor, which hands it
the step's words and target: Record… opens a ``RecordDialog``; Render with voice starts a
``voice_render.VoiceJob`` on a worker thread; Play step plays the step through a
``StepPlayer``. It reports in signals, so it never reaches into the editor's fields:
``status`` for what is playing, ``notice`` for what the therapist must be told at once
(why a button did nothing, a render that failed, a note on a saved clip), which the editor
shows beside the buttons and says to a screen reader.
Main thread only.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QWidget

from painease.audio.clip_origin import RECORDED, RENDERED, made_by
from painease.ui.therapist import voice_render
from painease.ui.therapist.step_player import StepPlayer

SLUG = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
NO_ID = "Give the script a valid id of its own before {doing}: its clips are kept in a " \
        "folder named after it."


def clip_target(script_id: str, row: int, steps: list[dict], taken_ids: frozenset[str],
                audio: Path) -> tuple[str, Path] | None:
    """(clip path for the script, file) for step ``row``; None without a valid id, or when
    the id is another script's (``taken_ids``: its clips are in that folder). A new file
    never replaces one already there, unless it is this step's own clip."""
    if not SLUG.match(script_id) or script_id in taken_ids:
        return None
    others = {s.get("clip") for i, s in enumerate(steps) if i != row}
    own = steps[row].get("clip")
    base = f"{script_id}/step-{row + 1:02d}"
    candidates = [own] if own and own.startswith(f"{script_id}/") else []
    candidates += [f"{base}.ogg"] + [f"{base}-{n}.ogg" for n in range(2, 100)]
    clip = next((c for c in candidates
                 if c not in others and (c == own or not (audio / c).exists())), None)
    return (clip, audio / clip) if clip is not None else None


def scripts_sharing(catalog, clip: str, audio: Path, mine: Path | None) -> list[str]:
    """Titles of the catalog's scripts other than ``mine`` (a path) whose steps play
    ``clip`` from ``audio`` (the user's audio folder), in title order."""
    from painease.catalog import audio_dir_for

    audio, mine = Path(audio).resolve(), mine.resolve() if mine else None
    return sorted(entry.script.title for entry in catalog.entries.values()
                  if entry.path.resolve() != mine and audio_dir_for(entry.path) == audio
                  and any(step.clip == clip for step in entry.script.steps))


ALREADY = {RECORDED: "This step already has a recording made with the microphone.",
           RENDERED: "This step already has a rendering by the offline voice."}


def already_has(clip: Path) -> str:
    """What the step's existing ``clip`` is, said in the question before replacing it: how it
    was made when the clip notes it (``clip_origin``), else just that there is one."""
    return ALREADY.get(made_by(clip), "This step already has a recording.")


def also_used(titles: list[str]) -> str:
    """The sentence that says which other scripts play a clip about to be replaced."""
    if not titles:
        return ""
    names = [f"“{title}”" for title in titles]
    listed = names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"
    scripts, use = ("script", "uses") if len(names) == 1 else ("scripts", "use")
    return f"The {scripts} {listed} {use} it too, and would play the new one as well. "


class StepNarration(QObject):
    """``clip_ready(row, clip)`` once a recording or render of step ``row`` is saved as
    ``clip``; ``status(text)`` says what plays or what ended; ``notice(text)`` why nothing
    could start, what failed, or what the therapist should know of a saved clip."""

    clip_ready = Signal(int, str)
    status = Signal(str)
    notice = Signal(str)

    def __init__(self, owner: QWidget, *, player_options: dict | None = None,
                 recorder_options: dict | None = None):
        super().__init__(owner)
        self.owner = owner  # the dialogs' parent
        self.recorder_options = recorder_options
        self.record_dialog = None
        self.voice_job = None
        self.replace_question = None  # asked before a render replaces the step's clip
        # The titles of the other scripts that play a clip (the editor sets it).
        self.sharing: Callable[[str], list[str]] = lambda _clip: []
        self.player = StepPlayer(self, player_options)
        self.player.status.connect(self._player_said)
        self._last_said = ""  # the player's last status: why a step could not play

    def record(self, row: int, text: str, target: tuple[str, Path] | None) -> None:
        if target is None:
            self.notice.emit(NO_ID.format(doing="recording"))
            return
        from painease.ui.therapist.record_dialog import RecordDialog

        clip, path = target
        dialog = RecordDialog(text, path, self.owner, recorder_options=self.recorder_options,
                              shared_with=self.sharing(clip))
        dialog.accepted.connect(lambda: self._recorded(dialog, row, clip))
        self.record_dialog = dialog
        dialog.open()

    def _recorded(self, made, row: int, clip: str) -> None:
        """A take kept or a render done (``made``: the dialog or the job, with its note)."""
        self.clip_ready.emit(row, clip)
        if made.note:
            self.notice.emit(made.note)

    def render(self, row: int, text: str, target: tuple[str, Path] | None, language: str,
               *, synthesise=None) -> None:
        """Render with the offline voice (``synthesise``: see ``voice_render``)."""
        if target is None:
            self.notice.emit(NO_ID.format(doing="rendering"))
            return
        clip, path = target
        if path.exists():  # never over a recording unasked (as Keep does after Record…)
            from painease.ui.therapist.forms import question_box

            self.replace_question = question_box(
                self.owner, "render-replace-question", "Replace the recording",
                f"{already_has(path)} {also_used(self.sharing(clip))}Replace it with a new "
                "rendering by the offline voice?", "Replace it",
                lambda: self._start_render(row, text, clip, path, language, synthesise),
                "Keep the old one")
            return
        self._start_render(row, text, clip, path, language, synthesise)

    def _start_render(self, row: int, text: str, clip: str, path: Path, language: str,
                      synthesise) -> None:
        job = self.voice_job = voice_render.VoiceJob(self.owner, text, path, language,
                                                     synthesise=synthesise)
        job.done.connect(lambda: self._recorded(job, row, clip))  # this job's note
        job.failed.connect(self.notice)
        job.start()

    def play(self, step: dict, number: int, audio: Path) -> None:
        if not self.player.play(step, number, audio):  # it said why, in its status
            self.notice.emit(self._last_said)

    def _player_said(self, text: str) -> None:
        self._last_said = text
        self.status.emit(text)

    def stop(self) -> None:
        self.player.stop()
