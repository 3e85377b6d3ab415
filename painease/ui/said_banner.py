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
still pauses). A card not yet on screen (its page still being built) is said once it is,
and not scrolled to: the page opens with its focused control in sight.

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
        self._with_page = False  # up before its page was on screen (see follow)
        card.hide()

    def follow(self, words: str | None, name: str) -> bool:
        """Up with ``words`` (down when None), the card named ``name`` for screen readers.
        Said when newly up on screen, or when its words change; True when it is also to be
        brought into sight. A card already up as its page opens is said once the page
        shows but not scrolled to: the page opens with its focused control in sight (Play
        at 200 % text is below the banners), and the alert says the card's words."""
        if words is None:
            self.card.hide()
            self._said, self._with_page = None, False
            return False
        if self.text.text() != words:
            self.text.setText(words)
        self.card.show()
        if words == self._said:
            return False
        if not self.card.isVisible():
            self._with_page = self._said is None  # its page is not shown yet
            return False
        self._said = words
        self.card.setAccessibleName(name)
        self.card.setAccessibleDescription(words)
        QAccessible.updateAccessibility(QAccessibleEvent(self.card, QAccessible.Event.Alert))
        with_page, self._with_page = self._with_page, False
        return not with_page
