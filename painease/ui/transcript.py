"""``Transcript``: the player's list of the session's lines, the one playing highlighted,
that a keyboard and a screen reader can browse without moving the session.

Two places in it, kept apart: the line **playing** (the session's, shown highlighted: the
list's selection, set by the player only) and the **reading place** (the list's current
item, with a focus frame while the list has the focus; a screen reader reads it). It is a
Tab stop. With the focus on it, ↑/↓, Home, End, Page Up/Down move the reading place only;
Enter (or a click) goes to the line read, and the session plays from there. The player's
other keys stay the page's: Space pauses and continues, Esc ends, and ←/→ move the session
a step, the reading place going with it (see ``follow``). While the page asks "End this
session now?" a line chosen here is not gone to and ←/→ move no step (the page's
``_go_to_line``, ``stayed``). The live rating's ↑/↓ are the transcript's while it has
the focus, as a focused slider's are.

Main thread only.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QItemSelectionModel, Qt, Signal
from PySide6.QtWidgets import QAbstractItemView, QListWidget

READING_KEYS = frozenset({Qt.Key.Key_Up, Qt.Key.Key_Down, Qt.Key.Key_Home, Qt.Key.Key_End,
                          Qt.Key.Key_PageUp, Qt.Key.Key_PageDown})
GO_KEYS = frozenset({Qt.Key.Key_Return, Qt.Key.Key_Enter})
STEP_KEYS = frozenset({Qt.Key.Key_Left, Qt.Key.Key_Right})
_KEEP = QItemSelectionModel.SelectionFlag.NoUpdate


class Transcript(QListWidget):
    """The session's ``lines``. Emits ``chosen(row)`` when a line is asked for (Enter on
    it, a click); the player seeks there and then calls ``follow``."""

    chosen = Signal(int)

    def __init__(self, lines: list[str]):
        super().__init__()
        self.setObjectName("transcript")
        self.setAccessibleName("Transcript")
        self.setAccessibleDescription(
            "Every line of the session, the one playing highlighted. The up and down arrows "
            "move through the lines; Enter goes to the line you are on.")
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)  # Tab and a click
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.addItems(lines)
        self._playing = -1
        self._step_pressed = False  # ←/→ pressed here: the reading place goes along
        self.itemClicked.connect(lambda item: self.chosen.emit(self.row(item)))

    def playing_row(self) -> int:
        return self._playing

    def follow(self, row: int) -> None:
        """Show ``row`` as the line playing. The reading place comes along unless the
        person is reading elsewhere (focus here, on another line) and did not just move
        the session with ←/→."""
        if row == self._playing or not 0 <= row < self.count():
            return
        reading_along = (not self.hasFocus() or self.currentRow() in (-1, self._playing)
                         or self._step_pressed)
        self._playing, self._step_pressed = row, False
        index = self.model().index(row, 0)
        self.selectionModel().select(index, QItemSelectionModel.SelectionFlag.ClearAndSelect)
        if reading_along:
            self.selectionModel().setCurrentIndex(index, _KEEP)
        else:
            self.scrollTo(index)  # the line playing stays in sight too, when it can

    def stayed(self) -> None:
        """The page's ←/→ did not move the session (the stop question is open): the
        reading place stays put when the session next moves on by itself."""
        self._step_pressed = False

    def selectionCommand(self, index, event=None):  # noqa: N802 - Qt override
        # Keys and clicks move the reading place only; the highlight is the session's.
        return _KEEP

    def event(self, event) -> bool:
        if (event.type() == QEvent.Type.ShortcutOverride and event.key() in READING_KEYS
                and not event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier):
            event.accept()  # ↑/↓ read here, not the live rating's window-wide keys
            return True
        if event.type() == QEvent.Type.ShortcutOverride and event.key() in STEP_KEYS:
            self._step_pressed = True  # the page's ←/→ are about to move the session
        return super().event(event)

    def keyPressEvent(self, event) -> None:  # noqa: N802 - Qt override
        key = event.key()
        if event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier:
            event.ignore()
        elif key in READING_KEYS:
            self._step_pressed = False
            super().keyPressEvent(event)  # the current item moves, the selection stays
        elif key in GO_KEYS and self.currentRow() >= 0:
            self.chosen.emit(self.currentRow())
        else:
            event.ignore()  # a letter typed, Tab...: not the list's, on to the page
