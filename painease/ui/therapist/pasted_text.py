"""Pasted text without the control characters that do not show (a word processor's
vertical tab or form feed, a terminal's escape). ``WordsEdit`` (a ``QPlainTextEdit``)
pastes and drops text without them, turning the line breaks among them (vertical tab,
form feed, next line) into new lines; ``LineEdit`` (a one-line ``QLineEdit``) leaves
them out of what every edit puts in (a paste, a drop, a middle click), the line breaks
becoming spaces, and keeps the cursor after what was put in. A cleaned paste is an edit
Qt records, as any paste is: Ctrl+Z takes back just it, and what was typed before stays
undoable. Both say what they left out (``cleaned``), for a ``PasteNote`` under them (in
the script editor, its line under a step's buttons) to show and a screen reader to hear.
Check refuses such characters in shown text (``painease.domain.script``), and they
cannot be found on screen, so a paste never brings them in. Text set by the program (a
script or set opened) is left as it is: Check says where. Main thread only.
"""

from __future__ import annotations

import re
import unicodedata

from PySide6.QtCore import QCoreApplication, QEvent, Qt, Signal
from PySide6.QtGui import QAccessible, QAccessibleEvent
from PySide6.QtWidgets import QLabel, QLineEdit, QPlainTextEdit

_BREAKS = "\x0b\x0c\x85"  # line breaks a word processor or an old file writes
_NEW_LINES = re.compile(r"\r\n|[\r\n]")


def without_controls(text: str) -> tuple[str, list[str]]:
    """``text`` with its vertical tabs, form feeds and next-line characters as new lines
    and its other control characters (tab and line breaks aside) left out; and the code
    points changed or left out ("U+000B"…), once each, in order."""
    found = dict.fromkeys(f"U+{ord(ch):04X}" for ch in text
                          if unicodedata.category(ch) == "Cc" and ch not in "\t\n\r")
    kept = "".join("\n" if ch in _BREAKS else ch for ch in text
                   if ch in _BREAKS or unicodedata.category(ch) != "Cc" or ch in "\t\n\r")
    return kept, list(found)


def on_one_line(text: str) -> tuple[str, list[str]]:
    """As ``without_controls``, every line break (those among the controls too) a space."""
    kept, changed = without_controls(text)
    return _NEW_LINES.sub(" ", kept), changed


def left_out(changed: list[str], one_line: bool = False) -> str:
    """What a paste that changed or left out the code points ``changed`` says."""
    breaks = ("in a one-line field line breaks become spaces" if one_line
              else "any line breaks among them are kept as new lines")
    return f"Pasted without characters that do not show ({', '.join(changed)}); {breaks}."


class WordsEdit(QPlainTextEdit):
    cleaned = Signal(str)  # what a paste left out, in words

    def insertFromMimeData(self, source) -> None:  # noqa: N802 - Qt's paste and drop
        if not source.hasText():
            super().insertFromMimeData(source)
            return
        kept, changed = without_controls(source.text())
        # An undo step of its own, as Qt's paste is: ``insertPlainText`` merged it into
        # the words typed before it, and Ctrl+Z took both back.
        cursor = self.textCursor()
        cursor.beginEditBlock()
        cursor.insertText(kept)
        cursor.endEditBlock()
        self.setTextCursor(cursor)
        self.ensureCursorVisible()
        if changed:
            self.cleaned.emit(left_out(changed))


class LineEdit(QLineEdit):
    cleaned = Signal(str)  # what an edit left out, in words

    def __init__(self, *args):
        super().__init__(*args)
        self._redoing = False  # while ``_clean`` takes an edit back to put it in again
        # Every edit by the person (QLineEdit's paste is not virtual; a drop or the
        # selection's middle click paste too), never ``setText``.
        self.textEdited.connect(self._clean)

    def _clean(self, text: str) -> None:
        """Put the edit just made in again without its controls, as an edit Qt records:
        Ctrl+Z takes back just it, and the history before it stays (``setText`` empties
        it). Only what the edit put in is cleaned: text the program set stays as it is."""
        if self._redoing or on_one_line(text)[0] == text or not self.isUndoAvailable():
            return
        after = _index(text, self.cursorPosition())
        self._redoing = True
        try:
            self.undo()  # back to just before the edit, its selection chosen again
            before = self.text()
            start = _index(before, self.selectionStart() if self.hasSelectedText()
                           else self.cursorPosition())
            put_in = text[start:after]
            placed = (start <= after and before[:start] + put_in
                      + before[start + len(self.selectedText()):] == text)
            kept, changed = on_one_line(put_in)
            if placed and kept != put_in:
                self.insert(kept)  # in place of the selection; the cursor after it
            else:  # it brought none (typing beside some the program set), or it is not
                self.redo()  # known where it went: as it was
                changed = []
        finally:
            self._redoing = False
        if changed:
            self.cleaned.emit(left_out(changed, one_line=True))


def _index(text: str, position: int) -> int:
    """Qt's cursor ``position`` in ``text`` (counted in UTF-16 units: an emoji is two) as
    a Python index (counted in characters: an emoji is one)."""
    return len(text.encode("utf-16-le")[:2 * position].decode("utf-16-le", "ignore"))


class PasteNote(QLabel):
    """A short line under fields that says what a paste into them left out (``say``,
    for their ``cleaned``): hidden until then; ``clear`` hides it again."""

    def __init__(self, name: str):
        super().__init__()
        self.setObjectName(name)
        self.setProperty("role", "muted")
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setWordWrap(True)
        self.hide()

    def say(self, text: str) -> None:
        """Show ``text``, scrolled into sight and sent to a screen reader as an alert; the
        focus stays in the field pasted into."""
        from painease.ui.focus_in_view import show_unfocused

        self.setText(text)
        self.show()
        for _ in range(3):  # laid out with its words (the label, its column, a scroll area)
            QCoreApplication.sendPostedEvents(None, QEvent.Type.LayoutRequest)
        show_unfocused(self)
        QAccessible.updateAccessibility(QAccessibleEvent(self, QAccessible.Event.Alert))

    def clear(self) -> None:
        super().clear()
        self.hide()
