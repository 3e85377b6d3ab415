"""The player page's note of a damaged recording: said once per clip, the session goes on.

The player says a clip it met damaged in ``status().problems`` ("step 2: the clip … holds
1.00 s but its header says 2.00 s; …"): cut short, peaking past full scale, holding
samples that are not numbers, or not playable at all. The patient reads what it means for
them in plain words, in the banner style; the player's own words (the file and what is
wrong) follow in a muted line, for whoever helps them. The card's accessible name and
description carry the same, so a screen reader hears it.

Main thread only.
"""

from __future__ import annotations

import re

from PySide6.QtWidgets import QFrame

from painease.ui.widgets import card, label

_STEP = re.compile(r"step (\d+): ")

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


def meaning(problem: str) -> str:
    """What the player's ``problem`` (one clip's) means for the patient, in plain words."""
    for marks, words in _MEANINGS:
        if any(mark in problem for mark in marks):
            return words
    return _NOT_PLAYED


def clip_problems(problems: tuple[str, ...]) -> dict[int, list[str]]:
    """The player's problems that are a clip's, by step number (1 up), in order said."""
    by_step: dict[int, list[str]] = {}
    for problem in problems:
        found = _STEP.match(problem)
        if found is not None:
            by_step.setdefault(int(found.group(1)), []).append(problem)
    return by_step


def patient_words(by_step: dict[int, list[str]]) -> str:
    """One line per damaged clip, whatever number of problems it has."""
    said = {step: "; ".join(dict.fromkeys(meaning(p) for p in found))
            for step, found in by_step.items()}
    if len(said) == 1:
        ((step, words),) = said.items()
        return (f"One recording in this session is damaged (step {step}): {words}. "
                "The session goes on.")
    lines = "\n".join(f"Step {step}: {words}." for step, words in said.items())
    return f"Some recordings in this session are damaged. The session goes on.\n{lines}"


class ClipNotice:
    """The card (objectName ``clip-banner``), hidden until a clip is said damaged."""

    def __init__(self) -> None:
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
        self._shown: tuple[str, ...] = ()

    def show_problems(self, problems: tuple[str, ...]) -> None:
        """Show the clips ``problems`` (a player status's) says are damaged; the text
        changes only when a new one is said."""
        by_step = clip_problems(problems)
        found = tuple(p for step in by_step.values() for p in step)
        if found == self._shown:
            return
        self._shown = found
        if not found:
            self.card.hide()
            return
        words = patient_words(by_step)
        detail = "For whoever helps you: " + " ".join(
            f"{p[:1].upper()}{p[1:]}." for p in found)
        self.text.setText(words)
        self.detail.setText(detail)
        self.card.setAccessibleName(words.split("\n", 1)[0].split(" (", 1)[0])
        self.card.setAccessibleDescription(f"{words}\n{detail}")
        self.card.show()
