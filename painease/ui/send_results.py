"""Send results to my therapist… (from Home's ``TherapistCard``: ``patient_actions``).

``SendResultsDialog`` asks which therapist (every sender with a key, by name and
fingerprint, the current set's chosen first, and a look-alike name said under the
choice), the period (from ``default_start``: the day the current set was started),
whether to include the notes ("Include my notes", off unless ticked: they are private; a
line under the box says plainly whether the therapist will be able to read them), then a
file to save;
``painease.packs.results_export.export_results`` seals it so only that therapist can open
it. Nothing leaves the computer by itself. When the sets cannot be read, no file can be
made: that is said first, in plain words (``SETS_UNREADABLE``, where focus starts, and the
dialog's description), with what could not be read in a muted line for whoever helps
(``helper_words``: no row ids, no stored bytes). Main thread only; the packs modules (and
PyNaCl) load on first use.
"""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

from PySide6.QtCore import QDate, QLocale
from PySide6.QtWidgets import (
    QCheckBox,
    QDateEdit,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLineEdit,
    QVBoxLayout,
)

from painease.storage import SessionStore
from painease.storage.programs import ProgramStore
from painease.ui.eliding_combo import ElidingCombo
from painease.ui.screens import screen_of
from painease.ui.set_card import helper_words
from painease.ui.therapist.forms import chosen, form_layout, named
from painease.ui.widgets import button, file_dialog, label, reachable_text

RESULTS_SUFFIX = ".painease-results"
NOTES_KEPT = ("Your notes stay on this computer: the file has your ratings only. Tick the "
              "box to send your notes too.")
NOTES_SENT = ("Your therapist will be able to read your notes: what you wrote before and "
              "after your sessions.")
SETS_UNREADABLE = ("Your sets of sessions can't be read just now, so no results file can be "
                   "saved. Your sessions and ratings are kept.")


def default_start(store: SessionStore, today: date) -> date:
    """The day the current set was started, else four weeks ago."""
    current = ProgramStore(store).current()
    if current is not None and current.started_on is not None and current.started_on <= today:
        return current.started_on
    return today - timedelta(days=28)


class SendResultsDialog(QDialog):
    """Period, therapist, journal or not; then a file. ``saved_to`` after a file is written."""

    def __init__(self, store: SessionStore, parent=None, today: date | None = None):
        super().__init__(parent)
        self.store = store
        self.saved_to: Path | None = None
        self.file_dialog: QFileDialog | None = None
        self.setObjectName("send-results-dialog")
        self.setWindowTitle("Send results to my therapist")
        self.setAccessibleName("Send results to my therapist")
        self.setAccessibleDescription("Choose what to send; it is saved to a file that only "
                                      "your therapist can open")
        today = today or date.today()
        layout = QVBoxLayout(self)
        # When the sets cannot be read, that comes first, and focus starts on it (made
        # first, so first in the Tab order): the form under it can do nothing.
        self.unreadable = reachable_text(label("", name="send-unreadable"))
        self.unreadable.setAccessibleDescription("Why no results can be saved")
        self.unreadable_detail = label("", "muted", name="send-unreadable-detail")
        for widget in (self.unreadable, self.unreadable_detail):
            widget.hide()
            layout.addWidget(widget)
        layout.addWidget(label("Your ratings from the period you choose are saved in a file "
                               "sealed to your therapist's key: only they can open it. You "
                               "then send the file to them yourself."))
        form = form_layout()
        self.therapist = named(ElidingCombo(), "send-therapist", "Therapist",
                               "Who the results are for")
        from painease.packs.senders import recipients
        from painease.storage import StoreError

        unreadable: StoreError | None = None
        try:
            # Every sender with a key (a look-alike name on its own key too), told apart by
            # fingerprint; the current set's sender chosen first (painease.packs.senders).
            self.recipients = recipients(store)
            current = ProgramStore(store).current()
            start = default_start(store, today)
        except StoreError as exc:  # a set's value damaged outside painease: said below
            self.recipients, current, start = [], None, today - timedelta(days=28)
            unreadable = exc
        for sender in self.recipients:
            self.therapist.addItem(sender.words, sender.key)
        if current is not None and current.signer_key:
            self.therapist.setCurrentIndex(max(0, self.therapist.findData(current.signer_key)))
        self.since = named(QDateEdit(QDate(start.year, start.month, start.day)),
                           "send-from", "From", "The first day to include")
        self.until = named(QDateEdit(QDate(today.year, today.month, today.day)), "send-to",
                           "To", "The last day to include")
        from painease.local_time import EARLIEST_DAY, LATEST_DAY

        # painease's words are English, so are its months ("Dec", never the system's
        # "Dez"); the calendar's weeks still start on the system's first day.
        english, week_start = QLocale(QLocale.Language.English), QLocale().firstDayOfWeek()
        for edit in (self.since, self.until):
            edit.setDateRange(QDate(EARLIEST_DAY), QDate(LATEST_DAY))  # days that can be counted
            edit.setLocale(english)
            edit.setCalendarPopup(True)
            edit.calendarWidget().setFirstDayOfWeek(week_start)
            edit.setDisplayFormat("d MMM yyyy")
        self.name = named(QLineEdit(), "send-name", "Your name",
                          "How your therapist will see you named")
        # "Notes", the patient's word (the Before and After pages', Insights' report
        # choice): stored as the journal, a word the patient never meets.
        self.journal = named(QCheckBox("Include my notes"), "send-journal",
                             "Include my notes in the results file",
                             "Off unless you tick it: the notes you wrote before and after "
                             "your sessions stay private otherwise")
        form.addRow("&Therapist", self.therapist)
        form.addRow("&From", self.since)
        form.addRow("T&o", self.until)
        form.addRow("Your &name", self.name)
        form.addRow("", self.journal)
        layout.addLayout(form)
        # A name that reads as another key's: said beside the choice, not left to the digits.
        self.look_alike = label("", name="send-look-alike")
        layout.addWidget(self.look_alike)
        self.therapist.currentIndexChanged.connect(self._say_look_alike)
        self._say_look_alike(self.therapist.currentIndex())
        # Said in words, not only by the tick: whether the therapist will read the notes.
        self.notes_said = label("", "muted", name="send-notes-said")
        layout.addWidget(self.notes_said)
        self.journal.toggled.connect(self._say_notes)
        self._say_notes(self.journal.isChecked())
        self.message = label("", name="send-message")
        layout.addWidget(self.message)
        row = QHBoxLayout()
        self.save = button("&Save results file…", "send-save",
                           "Choose where to save the sealed results file", primary=True)
        self.close_button = button("Close", "send-close", "Close without saving")
        self.save.clicked.connect(self.ask_file)
        self.close_button.clicked.connect(self.reject)
        row.addStretch(1)
        row.addWidget(self.close_button)
        row.addWidget(self.save)
        layout.addLayout(row)
        from painease.packs.identity import IdentityError, load_or_create_identity

        try:
            self.name.setText(load_or_create_identity().name)
        except IdentityError as exc:
            self.say(f"Your key cannot be used: {exc}.")
            self.save.setEnabled(False)
        if unreadable is not None:  # no file can be made without the sets: said, not raised
            self.unreadable.setText(SETS_UNREADABLE)
            self.unreadable_detail.setText(helper_words(unreadable))
            for widget in (self.unreadable, self.unreadable_detail):
                widget.show()
            self.setAccessibleDescription(SETS_UNREADABLE)
            self.save.setEnabled(False)
            self.unreadable.setFocus()

    def _say_look_alike(self, index: int) -> None:
        text = self.recipients[index].look_alike_text if index >= 0 else ""
        self.look_alike.setText(text)
        self.look_alike.setAccessibleDescription(text)
        self.look_alike.setVisible(bool(text))
        if self.isVisible():
            self.fit_height()

    def _say_notes(self, included: bool) -> None:
        self.notes_said.setText(NOTES_SENT if included else NOTES_KEPT)

    # --- size -----------------------------------------------------------------------------

    def say(self, text: str) -> None:
        """Show ``text`` under the fields, the dialog growing to hold all of it."""
        self.message.setText(text)
        self.message.setAccessibleDescription(text)
        self.fit_height()

    def fit_height(self) -> None:
        """Be at least as tall as the wrapped texts need at the present width (up to the
        screen's height). Qt sizes a window by its layout's minimum, which does not count
        wrapped lines: a long message (or 200 % text) squashed the fields to half height.
        When the screen is not tall enough, the dialog first grows wider (up to the
        screen's width), so the wrapped texts take fewer lines."""
        layout = self.layout()
        layout.activate()
        screen = screen_of(self)
        room, width = None, self.width()
        if screen is not None:
            available = screen.availableGeometry()
            frame = self.frameGeometry()
            room = available.height() - (frame.height() - self.height())
            widest = available.width() - (frame.width() - self.width())
            while layout.totalHeightForWidth(width) > room and width < widest:
                width = min(widest, width + 60)
            if width != self.width():
                self.resize(width, self.height())
        need = layout.totalHeightForWidth(width)
        if room is not None:
            need = min(need, room)
        if need > 0 and need != self.minimumHeight():
            self.setMinimumHeight(need)
        if self.height() < need:
            self.resize(width, need)

    def showEvent(self, event) -> None:  # noqa: N802 - Qt override
        super().showEvent(event)
        self.fit_height()

    def resizeEvent(self, event) -> None:  # noqa: N802 - Qt override
        super().resizeEvent(event)
        if event.size().width() != event.oldSize().width():
            self.fit_height()  # narrower: more lines

    def sent_name(self) -> str:
        """The name typed, each run of spaces one space (as the therapist's side reads it)."""
        return " ".join(self.name.text().split())

    def ask_file(self) -> None:
        """Choose where to save, once there is a name: a blank one is asked for here (a
        name the therapist can tell the results by; blank once sent the name kept before,
        unseen)."""
        if not self.sent_name():
            self.say("Please type your name first, so your therapist knows whose results "
                     "these are.")
            self.name.setFocus()
            return
        self.file_dialog = file_dialog(
            self, "Save results", "send-file-dialog", f"painease results (*{RESULTS_SUFFIX})",
            self.save_to,
            save_as=f"my-results-{self.until.date().toPython():%Y-%m-%d}{RESULTS_SUFFIX}")

    def save_to(self, out: Path) -> Path | None:
        from painease.domain.vocabulary import counted
        from painease.packs.identity import IdentityError, load_or_create_identity
        from painease.packs.results import ResultsError
        from painease.packs.results_export import export_results
        from painease.storage import StoreError

        key = chosen(self.therapist)
        if not key:
            self.say("Import a pack from your therapist first.")
            return None
        name = self.sent_name()
        if not name:
            self.ask_file()  # says what is missing
            return None
        self.name.setText(name)
        try:
            identity = load_or_create_identity(name=name)
            summary = export_results(self.store, key, identity, out,
                                     self.since.date().toPython(), self.until.date().toPython(),
                                     include_journal=self.journal.isChecked(),
                                     patient_name=name)
        except (ResultsError, IdentityError, OSError) as exc:
            self.say(f"Not saved: {exc}.")
            return None
        except StoreError as exc:  # a value it needs cannot be read: said, with its place
            from painease.ui.data_file_words import store_cause

            self.say(f"Not saved: {store_cause(exc)}.")
            return None
        self.saved_to = summary.path
        sessions = counted(summary.sessions, "session", "sessions")
        journal = ", with your notes," if self.journal.isChecked() else ""
        said = "".join(f" {text}" for text in (summary.sets_text, summary.ahead_text,
                                                summary.left_out_text) if text)
        self.say(f"Saved {sessions}{journal} to {summary.path}.{said} Send this file "
                 f"to {self.recipients[self.therapist.currentIndex()].name}; only they can "
                 "open it.")
        return summary.path
