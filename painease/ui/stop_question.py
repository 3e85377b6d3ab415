"""``StopQuestion``: the player's "End this session now?" card, and the pause it holds.

While the question is open the session waits: a session playing when it was asked is
paused (the guide stops talking, the clock stops), so the patient decides in peace and
nothing plays past them. Answering "Keep going" carries on from exactly there; a session
that was already paused stays paused. Pressing Continue (or Space) while the question is
open is the patient's own choice: "Keep going" then leaves the session as they set it.
"End now" is the page's to act on (``PlayerPage._stop``): the session ends where it
stands, which the pause keeps where the question found it.

Main thread only.
"""

from __future__ import annotations

from painease.session import GuidedSession, Stage
from painease.ui.flow_row import FlowRow
from painease.ui.widgets import button, card, label


class StopQuestion:
    """The card (``card``, hidden until ``ask``) with its two buttons, over ``session``."""

    def __init__(self, session: GuidedSession):
        self.session = session
        self.card, layout = card("banner")
        self.card.setObjectName("stop-confirm")
        layout.addWidget(label("End this session now? Everything you rated so far is kept."))
        row = FlowRow()
        self.keep_going = button("Keep going", "keep-going", "Carry on with the session")
        self.confirm_stop = button("End now", "confirm-stop", "End the session and rate after")
        row.addWidget(self.keep_going)
        row.addWidget(self.confirm_stop)
        layout.addLayout(row)
        self.card.hide()
        self._resume = False  # the question paused the session: play on when answered

    @property
    def is_open(self) -> bool:
        return not self.card.isHidden()

    def ask(self) -> None:
        """Show the question and pause a session that is playing."""
        self.card.show()
        if self.session.stage is Stage.PLAYING:
            self.session.toggle()
            self._resume = True

    def patient_toggled(self) -> None:
        """The patient played or paused while the question was open: theirs to keep."""
        self._resume = False

    def close(self, *, carry_on: bool) -> None:
        """Hide the question; with ``carry_on``, play on if the question paused it."""
        self.card.hide()
        resume, self._resume = self._resume, False
        if carry_on and resume and self.session.stage is Stage.PAUSED:
            self.session.toggle()
