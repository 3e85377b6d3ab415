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

A note written before notes had a limit can be longer than ``NOTE_LIMIT`` (a 200,000
character one took seconds to lay out in a label). Each label shows at most that much,
cut at a word and saying how much more there is; "Read the whole note…" then opens all of
the session's notes, whole, in a read-only text box (``whole_notes``), which lays out
long text quickly. Nothing is cut in the store.

``LooseNotesPanel(voice)``, in a card of its own (``loose_notes_card``), shows the
period's journal entries that belong to no session (``painease.storage.notes.loose_notes``:
on a therapist's side, an entry whose session was not in the results sent), each with the
day and time it was written, newest first, in one selectable label that Tab reaches
(shortened and opened whole as above). The page shows the card only when there are any.

Main thread only.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import tzinfo

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QLabel, QPlainTextEdit, QVBoxLayout, QWidget

from painease.domain.voice import YOU, Voice
from painease.local_time import when_text
from painease.storage import StoreError
from painease.storage.notes import NOTE_LIMIT, LooseNote, SessionNotes, session_notes
from painease.ui.data_file_words import read_failed
from painease.ui.widgets import button, card, label, reachable_text, set_role


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


def shortened(text: str, limit: int = NOTE_LIMIT) -> tuple[str, int]:
    """``text`` as a label shows it: whole when it is at most ``limit`` characters, else
    cut at the last space or line break of its last 200 characters (or at ``limit``), with
    the number of characters left out."""
    if len(text) <= limit:
        return text, 0
    cut = max(text.rfind(" ", limit - 200, limit), text.rfind("\n", limit - 200, limit))
    cut = cut if cut > 0 else limit
    return text[:cut].rstrip() + " …", len(text) - cut


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
        self.lines: list[tuple[str, str]] = []  # what is shown, whole
        self.whole = button("Read the whole note…", "session-notes-whole",
                            "Open this session's notes in full, in a box of their own")
        self.whole.clicked.connect(self.open_whole)
        self.whole_dialog: QDialog | None = None
        layout.addWidget(self.whole, 0, Qt.AlignmentFlag.AlignLeft)
        self.show_notes(None)

    def show_notes(self, notes: SessionNotes | None) -> None:
        """Show ``notes`` (None: a session without any)."""
        lines = self.lines = note_lines(notes, self.voice)
        cut_any = False
        for index, widget in enumerate(self.notes):
            if index < len(lines):
                what, text = lines[index]
                shown, left_out = shortened(text)
                if left_out:
                    cut_any = True
                    shown += (f" ({left_out:,} more characters: “Read the whole note” shows "
                              "all of it)")
                self._fill(widget, what, f"{what}: {shown}", muted=False)
            elif index == 0 and not lines:
                said = no_notes_text(self.voice)
                self._fill(widget, "Notes", said, muted=True)
            else:
                widget.setText("")
                widget.setVisible(False)
        self.whole.setVisible(cut_any)

    def open_whole(self) -> QDialog:
        """Open (not blocking) the session's notes in full; returns the dialog."""
        self.whole_dialog = whole_notes(self, self.lines)
        self.whole_dialog.open()
        return self.whole_dialog

    def show_session(self, store, session_id: int) -> None:
        """Read session ``session_id``'s notes from ``store`` and show them."""
        try:
            notes = session_notes(store, [session_id]).get(session_id)
        except StoreError as exc:
            self.show_notes(None)
            said = f"The notes of this session could not be read: {read_failed(exc)}"
            self._fill(self.notes[0], "Notes", said, muted=True)
            return
        self.show_notes(notes)

    def texts(self) -> list[str]:
        """What the panel says, one entry per label shown (for tests and readers)."""
        return [widget.text() for widget in self.notes if not widget.isHidden()]

    @staticmethod
    def _note(index: int) -> QLabel:
        return reachable_text(label("", name=f"session-note-{index}"))

    @staticmethod
    def _fill(widget: QLabel, what: str, shown: str, muted: bool) -> None:
        widget.setText(shown)
        # A Tab stop says its words (its name is its text, which begins with what kind of
        # note it is); what it is, in fixed words, is its description.
        widget.setAccessibleName("")
        widget.setAccessibleDescription(f"{what}, of the chosen session")
        set_role(widget, "muted" if muted else None)
        widget.setVisible(True)


def whole_notes(parent: QWidget, lines: list[tuple[str, str]],
                title: str = "The session's notes", name: str = "session-notes") -> QDialog:
    """A dialog ``title`` with ``lines`` ((what, text) pairs) whole in a read-only,
    selectable text box that Tab reaches (``name``-text), and a Close button (also Esc)."""
    dialog = QDialog(parent)
    dialog.setObjectName(f"{name}-dialog")
    dialog.setWindowTitle(title)
    dialog.setAccessibleName(title)
    layout = QVBoxLayout(dialog)
    box = QPlainTextEdit()
    box.setObjectName(f"{name}-text")
    box.setReadOnly(True)
    box.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByKeyboard
                                | Qt.TextInteractionFlag.TextSelectableByMouse)
    box.setTabChangesFocus(True)
    box.setAccessibleName(f"{title}, whole")
    box.setPlainText("\n\n".join(f"{what}:\n{text}" for what, text in lines))
    layout.addWidget(box)
    close = button("Close", f"{name}-close", "Close the notes")
    close.clicked.connect(dialog.accept)
    layout.addWidget(close, 0, Qt.AlignmentFlag.AlignRight)
    dialog.resize(640, 480)
    return dialog


def loose_intro(voice: Voice = YOU) -> str:
    if voice.own:
        return "Notes you wrote that are not linked to a session."
    return (f"Notes in {voice.whose()} results that are not linked to a session imported so "
            "far: the session they were written after may be in results not imported yet.")


class LooseNotesPanel(QWidget):
    """"Other notes": journal entries that belong to no session, newest first."""

    def __init__(self, voice: Voice = YOU):
        super().__init__()
        self.setObjectName("loose-notes")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addWidget(label("Other notes", "heading", name="loose-notes-heading"))
        self.intro = label(loose_intro(voice), "muted", name="loose-notes-intro")
        layout.addWidget(self.intro)
        self.entries = SessionNotesPanel._note(0)
        self.entries.setObjectName("loose-notes-text")
        # Its words are what a screen reader says; what they are, its description.
        self.entries.setAccessibleDescription("Other notes: notes not linked to a session")
        layout.addWidget(self.entries)
        self.lines: list[tuple[str, str]] = []
        self.whole = button("Read the whole notes…", "loose-notes-whole",
                            "Open these notes in full, in a box of their own")
        self.whole.clicked.connect(self.open_whole)
        self.whole_dialog: QDialog | None = None
        layout.addWidget(self.whole, 0, Qt.AlignmentFlag.AlignLeft)
        self.whole.hide()

    def show_entries(self, notes: Sequence[LooseNote], tz: tzinfo) -> None:
        """Show ``notes`` (oldest first, as read), their times on the clock ``tz``."""
        self.lines = [(when_text(note.written_at, tz, weekday=True), note.text)
                      for note in reversed(notes)]
        shown, left_out = shortened("\n\n".join(f"{when}: {text}"
                                                 for when, text in self.lines))
        if left_out:
            shown += (f" ({left_out:,} more characters: “Read the whole notes” shows all of "
                      "them)")
        self.entries.setText(shown)
        self.whole.setVisible(bool(left_out))

    def texts(self) -> list[str]:
        """The intro, then the notes as shown (for tests and readers)."""
        return [self.intro.text(), self.entries.text()]

    def open_whole(self) -> QDialog:
        """Open (not blocking) every note shown, in full; returns the dialog."""
        self.whole_dialog = whole_notes(self, self.lines, "Other notes", "loose-notes-whole")
        self.whole_dialog.open()
        return self.whole_dialog


def loose_notes_card(voice: Voice = YOU) -> tuple[QWidget, LooseNotesPanel]:
    """The card "Other notes" sits in (hidden until there are any) and its panel."""
    box, inner = card()
    box.setObjectName("loose-notes-card")
    panel = LooseNotesPanel(voice)
    inner.addWidget(panel)
    box.hide()
    return box, panel
