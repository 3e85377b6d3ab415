"""Before and After: pain and the sense of threat on two large scales, and a note.

``RatingPage("pre")`` asks before the session (optional note kept with the rating);
``RatingPage("post")`` asks afterwards, with "What did you notice?" kept as a journal
entry. Continue is enabled once both scales have a value (a rating is both numbers: half
of one is not stored). Skip leaves the ratings out but not the note: the flow stores a
note that is not blank either way, and a line above the buttons (``rules``) says so, and
what Continue still waits for (on Before, only while it waits). The page only emits what
the patient chose; the flow hands it to the session, which stores it. Esc is Back on
Before; on After it moves focus to Skip and does nothing more (Skip stores: that stays the
patient's own press).

``save_question`` is what closing the window on the After page asks when something on it
is not saved yet (see ``SessionFlow.closing_question``).

Main thread only.
"""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut, QTextCursor
from PySide6.QtWidgets import (
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QSizePolicy,
    QWidget,
)

from painease.domain.vocabulary import (
    PAIN_ANCHORS,
    PAIN_NAME,
    PAIN_QUESTION,
    THREAT_ANCHORS,
    THREAT_NAME,
    THREAT_QUESTION,
)
from painease.storage.notes import NOTE_LIMIT
from painease.ui.flow_row import FlowRow
from painease.ui.rating_scale import RatingScale
from painease.ui.widgets import button, card, fill, label, scrolling_page

FULL_NOTE = (f"This note is as long as a note can be ({NOTE_LIMIT:,} characters), so no "
             "more can be added.")
TEXT = {
    "pre": ("Before you begin",
            "Take a moment to check in. There are no right answers; a rough guess is fine.",
            "Continue and start the session"),
    "post": ("How is it now?",
             "Notice how things are after the session. Whatever you find is useful to know.",
             "See what changed"),
}


class NoteBox(QPlainTextEdit):
    """The After page's "What did you notice?": as tall as ``LINES`` lines of its own
    text (at least ``MIN_LINES``), at any text size. A fixed 120 px showed about two lines
    at 200 % text. Longer notes scroll inside it.

    It holds at most ``NOTE_LIMIT`` characters (as a results file counts them): what is
    typed or pasted past that is left out, at the place it went in, and the text around
    it stays as it was (``NoteLine`` does the same for the Before page)."""

    LINES, MIN_LINES = 6, 4

    def __init__(self):
        super().__init__()
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.textChanged.connect(self._hold_to_limit)

    def _hold_to_limit(self) -> None:
        cursor = self.textCursor()
        cut = over_the_limit(self.toPlainText(), cursor.position())
        if cut is None:
            return
        cursor.setPosition(cut[0])
        cursor.setPosition(cut[1], QTextCursor.MoveMode.KeepAnchor)
        cursor.removeSelectedText()  # emits textChanged again: then within the limit
        self.setTextCursor(cursor)

    def lines_high(self, lines: int) -> int:
        margins = self.contentsMargins()
        return (lines * self.fontMetrics().lineSpacing()
                + round(2 * self.document().documentMargin()) + margins.top()
                + margins.bottom())

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt override
        return QSize(super().sizeHint().width(), self.lines_high(self.LINES))

    def minimumSizeHint(self) -> QSize:  # noqa: N802 - Qt override
        return QSize(super().minimumSizeHint().width(), self.lines_high(self.MIN_LINES))


class NoteLine(QLineEdit):
    """The Before page's note, on one line: it holds ``NOTE_LIMIT`` characters as
    ``NoteBox`` does. (A ``maxLength`` of the limit counted Qt's UTF-16 units: a note of
    emoji, two units each, stopped at half the limit, short of the "full" line.)"""

    def __init__(self):
        super().__init__()
        self.setMaxLength(2 * NOTE_LIMIT)  # room for any NOTE_LIMIT characters; cut here
        self.textChanged.connect(self._hold_to_limit)

    def _hold_to_limit(self) -> None:
        cut = over_the_limit(self.text(), self.cursorPosition())
        if cut is None:
            return
        self.setSelection(cut[0], cut[1] - cut[0])
        self.del_()  # emits textChanged again: then within the limit (undone as one edit)


class RatingPage(QWidget):
    """Emits ``submitted(pain, fear, note)``; ``back`` (pre) or ``skipped`` (post)."""

    submitted = Signal(int, int, str)
    back = Signal()
    skipped = Signal()

    def __init__(self, moment: str, title: str = "", stopped_early: bool = False):
        super().__init__()
        self.moment = moment
        heading, intro, go = TEXT[moment]
        if moment == "post" and stopped_early:
            intro = ("You ended the session early, and that is completely fine. If you like, "
                     "rate how things are now, or skip this.")
        area, layout = scrolling_page(name=heading)
        self.area = area
        fill(self, area)

        layout.addWidget(label(heading, "title"))
        if title:
            layout.addWidget(label(title, "muted"))
        layout.addWidget(label(intro))
        self.pain = RatingScale(PAIN_QUESTION, PAIN_ANCHORS, PAIN_NAME)
        self.pain.setObjectName(f"{moment}-pain")
        # Stored as "fear" (hence its name, kept for automation); shown as what it asks.
        self.fear = RatingScale(THREAT_QUESTION, THREAT_ANCHORS, THREAT_NAME)
        self.fear.setObjectName(f"{moment}-fear")
        layout.addWidget(self.pain)
        layout.addWidget(self.fear)

        if moment == "pre":
            self.note = NoteLine()
            self.note.setPlaceholderText("Anything you want to remember (optional)")
            layout.addWidget(label("A note, if you like", "muted"))
        else:
            self.note = NoteBox()
            self.note.setPlaceholderText("What did you notice? A sensation that moved, a "
                                         "feeling, a thought… (optional)")
            self.note.setTabChangesFocus(True)
            layout.addWidget(label("What did you notice?", "heading"))
        if isinstance(self.note, QLineEdit):  # one line: Enter goes on, as Continue does
            self.note.returnPressed.connect(self._submit)
        self.note.setObjectName(f"{moment}-note")
        self.note.setAccessibleName("Note" if moment == "pre" else "What did you notice?")
        self.note_says = (f"Optional, up to {NOTE_LIMIT:,} characters. It stays on this "
                          "computer unless you choose to share your notes.")
        self.note.setAccessibleDescription(self.note_says)
        layout.addWidget(self.note)
        # Said under the box once the note is as long as a note can be (entry stops there).
        self.note_full = label(FULL_NOTE, "muted", name=f"{moment}-note-limit")
        self.note_full.setAccessibleDescription("The note has reached the longest a note "
                                                "can be")
        layout.addWidget(self.note_full)
        self.note_full.hide()
        self.note.textChanged.connect(self._note_changed)

        # Said here when the ratings could not be saved (a full disk…); they stay on the
        # page, and Continue tries again.
        self.problem, problem_layout = card("banner")
        self.problem.setObjectName(f"{moment}-problem")
        self.problem_text = label("", name=f"{moment}-problem-text")
        problem_layout.addWidget(self.problem_text)
        self.problem.hide()
        layout.addWidget(self.problem)
        # What Continue needs and what Skip keeps, said before either is pressed.
        self.rules = label("", "muted", name=f"{moment}-rules")
        layout.addWidget(self.rules)  # parent first: a parentless show() opens a window

        row = FlowRow(last_at_right=True)  # one above the other when 200 % text needs it
        if moment == "pre":
            self.other = button("Back", "pre-back", "Go back without starting the session")
            self.other.clicked.connect(self.back)
        else:
            self.other = button("Skip", "post-skip", "Skip the ratings after the session; "
                                "a note you wrote here is still saved")
            self.other.clicked.connect(self.skipped)
        self.go_says = "Saves your ratings" + (" and starts the audio" if moment == "pre"
                                               else " and shows the summary")
        self.go = button(go, f"{moment}-continue", self.go_says, primary=True, wrap=True)
        self.go.setEnabled(False)
        self.go.clicked.connect(self._submit)
        row.addWidget(self.other)
        row.addWidget(self.go)
        layout.addLayout(row)
        layout.addStretch(1)

        self.pain.valueChanged.connect(self._update)
        self.fear.valueChanged.connect(self._update)
        self._update()
        # Tab follows the page: pain, fear, note, back/skip, continue.
        for first, second in ((self.pain, self.fear), (self.fear, self.note),
                              (self.note, self.other), (self.other, self.go)):
            QWidget.setTabOrder(first, second)
        # Esc, wherever focus is on the page (see ``_escape``); held down, one press.
        escape = QShortcut(QKeySequence(Qt.Key.Key_Escape), self)
        escape.setContext(Qt.ShortcutContext.WindowShortcut)
        escape.setAutoRepeat(False)
        escape.activated.connect(self._escape)

    def showEvent(self, event) -> None:  # noqa: N802 - Qt override
        super().showEvent(event)
        self.pain.setFocus()

    def _escape(self) -> None:
        """Esc on Before is Back: nothing is stored yet, so nothing is lost but two numbers
        not yet saved. On After it only moves focus to Skip (in sight): skipping stores the
        session without the numbers chosen here, so Esc never does it by itself; Enter or
        Space on Skip then does, as the patient chooses."""
        if self.moment == "pre":
            self.back.emit()
            return
        self.other.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.area.ensureWidgetVisible(self.other)

    def _update(self) -> None:
        rated = self.rated()
        self.go.setEnabled(all(rated))
        # Before says what starting waits for only while it waits; After always says what
        # its buttons keep.
        rules = rules_text(*rated) if self.moment == "post" else start_rules_text(*rated)
        self.rules.setText(rules)
        self.rules.setVisible(bool(rules))
        # The rules line is no Tab stop: Continue says it too, while it is waiting.
        self.go.setAccessibleDescription(
            self.go_says if all(rated) else f"{self.go_says}. {rules}")

    def _note_changed(self) -> None:
        widget = self.note
        text = widget.text() if isinstance(widget, QLineEdit) else widget.toPlainText()
        full = len(text) >= NOTE_LIMIT
        if full != self.note_full.isVisibleTo(self):
            self.note_full.setVisible(full)
            # Said with the box too, for someone who hears it rather than sees the line.
            widget.setAccessibleDescription(f"{self.note_says} {FULL_NOTE}" if full
                                            else self.note_says)

    def rated(self) -> tuple[bool, bool]:
        """Whether the pain and the sense-of-threat scales have a number."""
        return self.pain.value() is not None, self.fear.value() is not None

    def note_text(self) -> str:
        widget = self.note
        text = widget.text() if isinstance(widget, QLineEdit) else widget.toPlainText()
        return text.strip()

    def show_problem(self, text: str, *, focus: bool = True) -> None:
        """Say why the ratings were not saved; they stay as chosen, for another try (the
        focus goes to the button that tries again, unless ``focus`` is False)."""
        self.problem_text.setText(text)
        self.problem.show()
        if focus:
            self.go.setFocus()

    def _submit(self) -> None:
        if self.go.isEnabled():
            self.submitted.emit(self.pain.value(), self.fear.value(), self.note_text())


def over_the_limit(text: str, cursor: int) -> tuple[int, int] | None:
    """What to leave out of a note's ``text`` longer than ``NOTE_LIMIT`` characters, as
    (start, end) in Qt's text positions; None when it is not too long. ``cursor`` (Qt's
    position) ends what was just typed or pasted: its last characters go. Text set with
    the cursor before them loses its end instead. Qt counts UTF-16 units, Python code
    points (an emoji is two units, one character)."""
    over = len(text) - NOTE_LIMIT
    if over <= 0:
        return None
    end = len(text.encode("utf-16-le")[:2 * cursor].decode("utf-16-le"))
    start = max(end - over, 0)
    if end < over:
        start, end = NOTE_LIMIT, len(text)
    return _units(text[:start]), _units(text[:end])


def _units(text: str) -> int:
    """How many UTF-16 units (Qt's text positions) ``text`` is."""
    return len(text.encode("utf-16-le")) // 2


def start_rules_text(pain: bool, fear: bool) -> str:
    """The Before page's line on what starting waits for, for which scales have a number;
    empty once both have one (the button can be pressed: nothing to explain)."""
    if pain and fear:
        return ""
    if pain or fear:
        missing = THREAT_NAME.lower() if pain else PAIN_NAME.lower()
        return f"Choose a number for the {missing} too, to start. A rough guess is fine."
    return "Choose a number on both scales to start. A rough guess is fine."


def rules_text(pain: bool, fear: bool) -> str:
    """The After page's line on what Continue needs and what Skip keeps, for which scales
    have a number."""
    if pain and fear:
        return f"“{TEXT['post'][2]}” saves your ratings, and your note if you wrote one."
    if pain or fear:
        missing = THREAT_NAME.lower() if pain else PAIN_NAME.lower()
        return (f"Choose a number for the {missing} too, to save your ratings. With Skip, "
                "no ratings are saved; your note still is.")
    return ("To save your ratings, choose a number on both scales. Skip leaves the ratings "
            "out; a note you write here is still saved.")


def save_question(parent: QWidget, pain: bool, fear: bool, note: bool, save, drop) -> QMessageBox:
    """Open (window-modal, not blocking) "Save what you entered?" for an After page whose
    scales ``pain``/``fear`` have a number and whose ``note`` is not blank (at least one).

    Save (the default; only when something can be saved: both numbers, or a note) runs
    ``save()``; Don't save runs ``drop()``; Cancel (also Esc) changes nothing. Every button
    is named for screen readers."""
    box = QMessageBox(parent)
    box.setObjectName("save-after-question")
    box.setIcon(QMessageBox.Icon.Question)
    box.setWindowTitle("Save what you entered?")
    box.setText("Save what you entered?")
    rated = pain and fear
    if rated:
        what = "Your ratings after the session and your note are" if note else \
            "Your ratings after the session are"
        box.setInformativeText(f"{what} not saved yet.")
    elif note:
        box.setInformativeText("Your note is not saved yet." + (
            " Ratings are saved when both scales have a number." if pain or fear else ""))
    else:
        which = PAIN_NAME.lower() if pain else THREAT_NAME.lower()
        box.setInformativeText(f"Only the {which} has a number. Ratings are saved when both "
                               "scales have one: choose Cancel to finish rating.")
    buttons = QMessageBox.StandardButton
    choices = [(buttons.Discard, "Don't save", "save-after-drop",
                "Close painease; what you entered on this page is not kept"),
               (buttons.Cancel, "Cancel", "save-after-cancel",
                "Go back to the page without closing")]
    if rated or note:
        kept = "your ratings and your note" if rated and note else (
            "your ratings" if rated else "your note")
        choices.insert(0, (buttons.Save, "Save", "save-after-save",
                           f"Save {kept}, then close painease"))
    for role, text, name, description in choices:
        found = box.addButton(role)
        found.setText(text)
        found.setObjectName(name)
        found.setAccessibleName(text)
        found.setAccessibleDescription(description)
    box.setDefaultButton(buttons.Save if rated or note else buttons.Cancel)
    box.setEscapeButton(buttons.Cancel)
    if rated or note:
        box.button(buttons.Save).clicked.connect(save)
    box.button(buttons.Discard).clicked.connect(drop)
    box.open()
    return box
