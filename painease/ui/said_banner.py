"""``SaidBanner``: a banner card of the player (the sound one, the one for what could not
be saved) whose words are said to a screen reader when it comes up, and reached with Tab.

The player looks at the session ~30 times a second and puts each banner up or down at
every look; a banner only seen said nothing to a listener with their eyes closed, and its
label was no Tab stop. Now its label is a Tab stop (``widgets.reachable_text``, in the
player's order: where it is on the page), and when the card comes up, or its words change,
the card is named, described by its words and sent once as an alert
(``QAccessible.Event.Alert``), as the damaged-clip note is (``clip_notice``); the same
words at the next look or flush are not said again. ``follow`` returns True then, so the
page brings the card into sight without moving the focus (the session plays on, Space
still pauses). A card not yet on screen (its page still being built) is said once it is.

Main thread only.
"""

from __future__ import annotations

from PySide6.QtGui import QAccessible, QAccessibleEvent
from PySide6.QtWidgets import QFrame, QLabel

from painease.ui.widgets import reachable_text


class SaidBanner:
    """``card`` and its ``text`` label (made a Tab stop here), hidden until ``follow``."""

    def __init__(self, card: QFrame, text: QLabel) -> None:
        self.card, self.text = card, reachable_text(text)
        self._said: str | None = None  # the words last said; None while down
        card.hide()

    def follow(self, words: str | None, name: str) -> bool:
        """Up with ``words`` (down when None), the card named ``name`` for screen readers.
        True when it is said now: newly up on screen, or its words changed."""
        if words is None:
            self.card.hide()
            self._said = None
            return False
        if self.text.text() != words:
            self.text.setText(words)
        self.card.show()
        if words == self._said or not self.card.isVisible():
            return False
        self._said = words
        self.card.setAccessibleName(name)
        self.card.setAccessibleDescription(words)
        QAccessible.updateAccessibility(QAccessibleEvent(self.card, QAccessible.Event.Alert))
        return True
