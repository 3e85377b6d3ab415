"""Pasted text without the control characters that do not show (a word processor's
vertical tab or form feed, a terminal's escape): ``WordsEdit`` (a ``QPlainTextEdit``)
pastes and drops text without them, turning the line breaks among them (vertical tab,
form feed, next line) into new lines, and says what it left out (``cleaned``). Check
refuses such characters in shown text (``painease.domain.script``), and they cannot be
found on screen, so a paste never brings them in. Main thread only.
"""

from __future__ import annotations

import unicodedata

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QPlainTextEdit

_BREAKS = "\x0b\x0c\x85"  # line breaks a word processor or an old file writes


def without_controls(text: str) -> tuple[str, list[str]]:
    """``text`` with its vertical tabs, form feeds and next-line characters as new lines
    and its other control characters (tab and line breaks aside) left out; and the code
    points changed or left out ("U+000B"…), once each, in order."""
    found = dict.fromkeys(f"U+{ord(ch):04X}" for ch in text
                          if unicodedata.category(ch) == "Cc" and ch not in "\t\n\r")
    kept = "".join("\n" if ch in _BREAKS else ch for ch in text
                   if ch in _BREAKS or unicodedata.category(ch) != "Cc" or ch in "\t\n\r")
    return kept, list(found)


class WordsEdit(QPlainTextEdit):
    cleaned = Signal(str)  # what a paste left out, in words

    def insertFromMimeData(self, source) -> None:  # noqa: N802 - Qt's paste and drop
        if not source.hasText():
            super().insertFromMimeData(source)
            return
        kept, changed = without_controls(source.text())
        self.insertPlainText(kept)
        if changed:
            self.cleaned.emit(
                f"Pasted without characters that do not show ({', '.join(changed)}); any "
                "line breaks among them are kept as new lines.")
