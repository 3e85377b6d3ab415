"""The player page's note of a damaged recording: said once per clip, the session goes on.

The player says a clip it met damaged in ``status().problems`` ("step 2: the clip … holds
1.00 s but its header says 2.00 s; …"): cut short, peaking past full scale, holding
samples that are not numbers, or not playable at all. The patient reads what it means for
them in plain words, in the banner style; the player's own words (the file and what is
wrong) follow in a muted line, for whoever helps them. The card's accessible name and
description carry the same, so a screen reader hears it: when a clip is newly said the card
sends one alert (``QAccessible.Event.Alert``), and ``follow`` returns True so the page can
bring the card into sight (it may be above the part of the page scrolled to).

The player reads seconds ahead of what is heard, so it may say a clip damaged before its
step plays. The note waits for the step: a clip is said once the audio clock has been in
its step, so "is damaged" is about what the patient hears now or heard. The page looks
~30 times a second (``follow``); a step shorter than that, played straight through between
two looks, was played all the same: ``PlayedSteps`` tells playing from jumping by the
player's two counters, the clock (``position_frames``) and how much has played
(``played_frames``, to which a seek adds nothing). A step skipped over (Next, a line
clicked, the progress bar) is not said until it plays.

The player says a clip's problem as "step N: what is wrong"; that is parsed once
(``clip_problems``), and both lines are built from its parts. A problem naming no step
("ambience: …", "playing silently: …") is not a clip's and is not said here (the page's
sound banner says the silent one).

The player numbers steps as the script does; a shorter session leaves steps out, so that
number is not where the patient sees the step. The patient reads the line of the
transcript instead ("line 2", its first words); the script's step number stays in the
technical line.

Main thread only.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Mapping
from typing import TYPE_CHECKING

from PySide6.QtGui import QAccessible, QAccessibleEvent
from PySide6.QtWidgets import QFrame

from painease.ui.widgets import card, label

if TYPE_CHECKING:  # the player (numpy, soundfile) loads when a session starts
    from painease.audio.player import Player, PlayerStatus
    from painease.domain.timeline import Timeline

# "step 2: the clip … holds 1.00 s …": the script's step (1 up), then what is wrong. The
# player's words have this form; a capital or other spacing still names the step.
_STEP = re.compile(r"\s*step\s+(\d+)\s*:\s*", re.IGNORECASE)
# Between two looks at the clock, a move forward by at most what played (plus this, for
# the audio thread counting a block between the two reads) is playing, not a jump; so a
# jump shorter than this counts as played.
_SLACK_SECONDS = 0.1

# What a problem means for the patient, by the player's words for it (first match wins).
_MEANINGS = (
    (("cut short", "stops decoding"),
     "it was cut short, so the words are shown but not all are heard"),
    (("past full scale",),
     "it was recorded too loud, so parts of it may sound rough; the words are shown"),
    (("not numbers",),
     "parts of it cannot be played, so you may hear short gaps; the words are shown"),
)
_NOT_PLAYED = "it could not be played, so this step is quiet; its words are shown"
_FIRST_WORDS = 6  # of a line's caption, to name it


def meaning(problem: str) -> str:
    """What the player's ``problem`` (one clip's) means for the patient, in plain words."""
    for marks, words in _MEANINGS:
        if any(mark in problem for mark in marks):
            return words
    return _NOT_PLAYED


def clip_problems(problems: tuple[str, ...]) -> dict[int, list[str]]:
    """The player's problems that are a clip's, by step number (1 up), in order said: what
    each says is wrong, the words after "step N:" (a problem naming no step is left out)."""
    by_step: dict[int, list[str]] = {}
    for problem in problems:
        found = _STEP.match(problem)
        if found is not None:
            by_step.setdefault(int(found.group(1)), []).append(problem[found.end():].strip())
    return by_step


def technical_line(by_step: dict[int, list[str]]) -> str:
    """The player's words for each problem (``clip_problems``'), for whoever helps, each
    named by the script's own step number: they find the step in the script."""
    said = []
    for step, found in by_step.items():
        for wrong in found:
            wrong = wrong.rstrip(". ")
            said.append(f"Script step {step}: {wrong}." if wrong else f"Script step {step}.")
    return "For whoever helps you: " + " ".join(said)


class PlayedSteps:
    """The script steps (0 up) the audio clock has been in since the last look, from the
    player's clock and how much has played (both in the timeline's frames).

    Moved forward by no more than what played since: it played from the last look to now,
    so every step in between counts, however short. Otherwise (a seek, Next, a line clicked,
    a step back) only the step it is in now: what it jumped over was not heard. A session
    starts at its start with nothing played."""

    def __init__(self) -> None:
        self._position = 0
        self._played = 0

    def since_last(self, timeline: Timeline, position: int, played: int) -> list[int]:
        moved, heard = position - self._position, played - self._played
        slack = round(_SLACK_SECONDS * timeline.samplerate)
        start = self._position if 0 <= moved <= heard + slack else position
        self._position, self._played = position, played
        segments = timeline.segments
        if not segments:
            return []
        starts = [segment.start for segment in segments]
        first = max(0, bisect.bisect_right(starts, start) - 1)
        last = max(0, bisect.bisect_right(starts, position) - 1)
        return list(dict.fromkeys(segment.step for segment in segments[first : last + 1]))


def first_words(caption: str) -> str:
    """The start of ``caption``, enough to know the line by: “Notice where the sensation
    is…”; a short caption whole."""
    words = caption.split()
    start = " ".join(words[:_FIRST_WORDS])
    return f"“{start}…”" if len(words) > _FIRST_WORDS else f"“{start}”"


def line_name(step: int, lines: Mapping[int, str]) -> str:
    """Script step ``step`` (1 up) as the patient sees it: its line in the transcript
    (``lines``: the caption by script step, 1 up, in transcript order) and its first words.
    A step with no line (no words) keeps its script number."""
    if step not in lines:
        return f"Step {step} of the script"
    row = list(lines).index(step) + 1
    return f"Line {row} ({first_words(lines[step])})"


def patient_words(by_step: dict[int, list[str]], lines: Mapping[int, str]) -> str:
    """One line per damaged clip, whatever number of problems it has, each named by its
    line in the transcript (see ``line_name``)."""
    said = {step: "; ".join(dict.fromkeys(meaning(p) for p in found))
            for step, found in by_step.items()}
    if len(said) == 1:
        ((step, words),) = said.items()
        name = line_name(step, lines)
        return (f"One recording in this session is damaged: {name[:1].lower()}{name[1:]}. "
                f"{words[:1].upper()}{words[1:]}. The session goes on.")
    lines_said = "\n".join(f"{line_name(step, lines)}: {words}." for step, words in said.items())
    return f"Some recordings in this session are damaged. The session goes on.\n{lines_said}"


class ClipNotice:
    """The card (objectName ``clip-banner``), hidden until a clip is said damaged and its
    step has played. ``lines``: each transcript line's caption by script step (0 up), in
    the transcript's order."""

    def __init__(self, lines: Mapping[int, str]) -> None:
        self._lines = {step + 1: caption for step, caption in lines.items()}
        self._reached: set[int] = set()  # script steps (1 up) the audio clock has been in
        self.card: QFrame
        self.card, layout = card("banner")
        self.card.setObjectName("clip-banner")
        self.text = label("", name="clip-banner-text")
        self.detail = label("", "muted", name="clip-banner-detail")
        self.detail.setAccessibleDescription("What is wrong with the recording, for whoever "
                                             "helps you with painease")
        layout.addWidget(self.text)
        layout.addWidget(self.detail)
        self.card.hide()
        self._shown: tuple[tuple[int, str], ...] = ()
        self._played = PlayedSteps()

    def follow(self, player: Player | None, status: PlayerStatus | None) -> bool:
        """One look at ``player`` (the page's poll): the problems of ``status``, the one
        status the poll read (so the page shows one moment, not two), each said once the
        audio clock has played its step (``PlayedSteps``). True when a clip is newly said."""
        if player is None or status is None:
            return False
        steps = self._played.since_last(player.timeline, player.position_frames,
                                        player.played_frames)
        return self.show_problems(status.problems, *steps)

    def show_problems(self, problems: tuple[str, ...], *played_steps: int) -> bool:
        """Show the clips ``problems`` (a player status's) says are damaged whose step
        has played: ``played_steps`` (0 up, as ``Segment.step``) are those the audio clock
        has been in since the last call. The text changes only when a new one is said;
        then a screen reader is alerted, once, and True is returned."""
        self._reached.update(step + 1 for step in played_steps)
        by_step = {step: found for step, found in clip_problems(problems).items()
                   if step in self._reached}
        found = tuple((step, wrong) for step, said in by_step.items() for wrong in said)
        if found == self._shown:
            return False
        self._shown = found
        if not found:
            self.card.hide()
            return False
        words = patient_words(by_step, self._lines)
        detail = technical_line(by_step)
        self.text.setText(words)
        self.detail.setText(detail)
        self.card.setAccessibleName("One recording in this session is damaged"
                                    if len(by_step) == 1
                                    else "Some recordings in this session are damaged")
        self.card.setAccessibleDescription(f"{words}\n{detail}")
        self.card.show()
        QAccessible.updateAccessibility(QAccessibleEvent(self.card, QAccessible.Event.Alert))
        return True
