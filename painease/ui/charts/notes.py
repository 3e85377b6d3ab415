"""The notes of the session chosen in the Insights session list, shown beneath it.

``SessionNotesPanel(voice)`` shows one session's words (``painease.storage.notes``): the
note before it, the note after it and what was noticed (its journal entries), each as
plain text (never read as markup), wrapping at any text size, selectable, and reachable
with Tab so keyboard and screen-reader users can read them too. ``show_notes(notes)``
fills it for a session (None: the session has none, said in words);
``show_session(store, id)`` reads them first (a read that fails is said in words). With a
patient's
voice (a therapist reading imported results) the words are about the patient, and
"no notes" says that notes come only when the patient chooses to send them.

Main thread only.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from painease.domain.voice import YOU, Voice
from painease.storage import StoreError
from painease.storage.notes import SessionNotes, session_notes
from painease.ui.widgets import label


def note_lines(notes: SessionNotes | None, voice: Voice = YOU) -> list[tuple[str, str]]:
    """(what, text) for each kind of note of a session, in the order lived: before, after,
    then what was noticed (journal entries, a blank line between two); empty when there
    are none."""
    if notes is None:
        return []
    lines = []
    if notes.before:
        lines.append(("Before the session", notes.before))
    if notes.after:
        lines.append(("After the session", notes.after))
    if notes.journal:
        lines.append((f"What {voice.who()} noticed", "\n\n".join(notes.journal)))
    return lines


def no_notes_text(voice: Voice = YOU) -> str:
    if voice.own:
        return "No notes with this session."
    return (f"No notes with this session. Notes are in the results only when {voice.who()} "
            "chooses to send them.")


class SessionNotesPanel(QWidget):
    """A heading and a selectable label for each kind of note of the chosen session.

    The labels are made once and only filled and shown or hidden after: labels added to a
    page on show left its layout unsettled when the page said it was filled."""

    def __init__(self, voice: Voice = YOU):
        super().__init__()
        self.setObjectName("session-notes")
        self.voice = voice
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addWidget(label("Notes", "heading", name="session-notes-heading"))
        # Before, after, noticed; the last one also says "no notes" (muted) when none.
        self.notes = [self._note(index) for index in range(3)]
        for widget in self.notes:
            layout.addWidget(widget)
        self.show_notes(None)

    def show_notes(self, notes: SessionNotes | None) -> None:
        """Show ``notes`` (None: a session without any)."""
        lines = note_lines(notes, self.voice)
        for index, widget in enumerate(self.notes):
            if index < len(lines):
                what, text = lines[index]
                self._fill(widget, what, f"{what}: {text}", text, muted=False)
            elif index == 0 and not lines:
                said = no_notes_text(self.voice)
                self._fill(widget, "Notes", said, said, muted=True)
            else:
                widget.setText("")
                widget.setVisible(False)

    def show_session(self, store, session_id: int) -> None:
        """Read session ``session_id``'s notes from ``store`` and show them."""
        try:
            notes = session_notes(store, [session_id]).get(session_id)
        except StoreError as exc:
            self.show_notes(None)
            said = f"The notes of this session could not be read: {exc}"
            self._fill(self.notes[0], "Notes", said, said, muted=True)
            return
        self.show_notes(notes)

    def texts(self) -> list[str]:
        """What the panel says, one entry per label shown (for tests and readers)."""
        return [widget.text() for widget in self.notes if not widget.isHidden()]

    @staticmethod
    def _note(index: int) -> QLabel:
        widget = label("", name=f"session-note-{index}")
        widget.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByKeyboard
                                       | Qt.TextInteractionFlag.TextSelectableByMouse)
        widget.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        return widget

    @staticmethod
    def _fill(widget: QLabel, what: str, shown: str, words: str, muted: bool) -> None:
        widget.setText(shown)
        # A Tab stop is named; the words themselves are its description, so a screen
        # reader says what kind of note it is, then the note.
        widget.setAccessibleName(what)
        widget.setAccessibleDescription(words)
        if widget.property("role") != ("muted" if muted else None):
            widget.setProperty("role", "muted" if muted else None)
            widget.style().unpolish(widget)
            widget.style().polish(widget)
        widget.setVisible(True)
