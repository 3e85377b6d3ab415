"""The player page's note that the chosen sound output is not connected.

The patient chose an output in Settings (a headset) that PortAudio does not list now: the
player plays through the system's default output instead and names the choice in
``status().missing_output`` (see ``painease.audio.player``). The page says so plainly,
with the name the patient chose and not PortAudio's words, and where to choose another.
The choice is kept: once that output is connected again, the next session uses it.

Main thread only.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from painease.ui.widgets import card, label

if TYPE_CHECKING:  # the player (numpy) loads when a session starts
    from painease.audio.player import PlayerStatus


def missing_output_words(name: str) -> str:
    return (f"Your chosen sound output, {name}, is not connected, so sound plays through "
            "the usual output. You can choose another in Settings, under Sound output.")


class OutputNote:
    """A card (``card``, hidden until needed) that ``follow`` fills from a status."""

    def __init__(self):
        self.card, layout = card()
        self.card.setObjectName("output-note")
        self.text = label("", name="output-note-text")
        layout.addWidget(self.text)
        self.card.hide()

    def follow(self, status: PlayerStatus | None) -> None:
        missing = status.missing_output if status is not None else None
        if missing:
            words = missing_output_words(missing)
            if self.text.text() != words:
                self.text.setText(words)
                self.card.setAccessibleName(words)
        self.card.setVisible(bool(missing))
