"""``StopQuestion``: the player's "End this session now?" card, and the pause it holds.

While the question is open the session waits: a session playing when it was asked is
paused (the guide stops talking, the clock stops), so the patient decides in peace and
nothing plays past them. Answering "Keep going" carries on from exactly there; a session
that was already paused stays paused. Pressing Continue (or Space) while the question is
open is the patient's own choice: "Keep going" then leaves the session as they set it.
"End now" is the page's to act on (``PlayerPage._stop``): the session ends where it
stands, which the pause keeps where the question found it.

Which answer Enter or Space gives is plain to see: while the question is open its button
with focus is drawn as the primary one (filled, with the focus ring), and the page's own
primary button (the player's Pause/Continue) is drawn plain. A focus ring alone, a thin
accent outline, read as weaker than the filled Continue beside it, which has no focus.

Main thread only.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QPushButton

from painease.session import GuidedSession, Stage
from painease.ui.flow_row import FlowRow
from painease.ui.widgets import button, card, label, set_role


def _draw_primary(widget: QPushButton, primary: bool) -> None:
    """Draw ``widget`` as the primary button or as a plain one."""
    set_role(widget, "primary" if primary else None)


class StopQuestion(QObject):
    """The card (``card``, hidden until ``ask``) with its two buttons, over ``session``.
    ``page_primary``, the page's own primary button, is drawn plain while it asks."""

    def __init__(self, session: GuidedSession, page_primary: QPushButton):
        super().__init__()
        self.session = session
        self.page_primary = page_primary
        self.card, layout = card("banner")
        self.card.setObjectName("stop-confirm")
        layout.addWidget(label("End this session now? Everything you rated so far is kept."))
        row = FlowRow()
        self.keep_going = button("Keep going", "keep-going", "Carry on with the session")
        self.confirm_stop = button("End now", "confirm-stop", "End the session and rate after")
        row.addWidget(self.keep_going)
        row.addWidget(self.confirm_stop)
        layout.addLayout(row)
        for answer in (self.keep_going, self.confirm_stop):
            answer.installEventFilter(self)  # the one with focus is drawn primary
        self.card.hide()
        self._resume = False  # the question paused the session: play on when answered

    @property
    def is_open(self) -> bool:
        return not self.card.isHidden()

    def ask(self) -> None:
        """Show the question and pause a session that is playing."""
        _draw_primary(self.page_primary, False)
        self.card.show()
        for answer in (self.keep_going, self.confirm_stop):
            _draw_primary(answer, answer.hasFocus())
        if self.session.stage is Stage.PLAYING:
            self.session.toggle()
            self._resume = True

    def patient_toggled(self) -> None:
        """The patient played or paused while the question was open: theirs to keep."""
        self._resume = False

    def close(self, *, carry_on: bool) -> None:
        """Hide the question; with ``carry_on``, play on if the question paused it."""
        self.card.hide()
        for answer in (self.keep_going, self.confirm_stop):
            _draw_primary(answer, False)
        _draw_primary(self.page_primary, True)
        resume, self._resume = self._resume, False
        if carry_on and resume and self.session.stage is Stage.PAUSED:
            self.session.toggle()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt
        kind = event.type()
        if kind in (QEvent.Type.FocusIn, QEvent.Type.FocusOut):
            _draw_primary(watched, kind is QEvent.Type.FocusIn and self.is_open)
        return False
