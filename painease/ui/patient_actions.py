"""The patient's side of working with a therapist: Import pack… and Send results….

``TherapistCard`` (on Home) names the therapists whose packs were imported and offers:

* **Import pack…** -- choose a ``*.painease`` file; ``painease.packs.install.import_pack``
  checks its signature and contents and installs it (its set becomes the current set).
  The message names the signer's key fingerprint once (as ``therapist init`` shows it), and
  asks the patient to check it with their therapist when the key is new here.
  When the pack is signed by a different key than this therapist's earlier packs, the
  patient is asked, with both fingerprints, before anything is written. Emits
  ``pack_imported`` after a pack was written, or a new key accepted for a set already here
  (Home and Library reload their scripts, and the set card names the key).
Home lists the senders of the patient's sets, one per key (``painease.packs.senders``),
and says when names that read the same came with different keys.

* **Send results to my therapist…** -- ``SendResultsDialog``: which therapist (every
  sender with a key, by name and fingerprint, the current set's chosen first, and a
  look-alike name said under the choice), the period,
  whether to include the journal (off unless ticked: it is private; a line under the box
  says plainly whether the therapist will be able to read the notes), then a file to save;
  ``painease.packs.results_export.export_results`` seals it so only that therapist can open
  it.

Nothing leaves the computer by itself: both only read or write a file the patient chose.
Main thread only; the packs modules (and PyNaCl) load on first use, never at start-up.
"""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

from PySide6.QtCore import QDate, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QFileDialog,
    QFrame,
    QHBoxLayout,
    QLineEdit,
    QMessageBox,
    QVBoxLayout,
)

from painease.storage import SessionStore
from painease.storage.programs import ProgramStore
from painease.ui.flow_row import FlowRow
from painease.ui.therapist.forms import chosen, form_layout, named
from painease.ui.widgets import button, file_dialog, label

PACK_FILTER = "painease packs (*.painease)"
RESULTS_SUFFIX = ".painease-results"
NOTES_KEPT = ("Your notes stay on this computer: the file has your ratings only. Tick the "
              "box to send your notes too.")
NOTES_SENT = ("Your therapist will be able to read your notes: what you wrote before and "
              "after your sessions, and your journal.")


def senders(store: SessionStore) -> list[str]:
    """Each sender of the patient's sets, by name with the fingerprint of the key their
    sets are on record with ("Dr. Sam Lee (fingerprint a5ef …)"), sorted by name: one per
    key, whatever the case of the names on it; different keys are different senders even
    under one name (``painease.packs.senders``). Light: no PyNaCl at start-up."""
    from painease.packs.senders import senders as found

    return [s.words for s in found(store)]


def default_start(store: SessionStore, today: date) -> date:
    """The day the current set was started, else four weeks ago."""
    current = ProgramStore(store).current()
    if current is not None and current.started_on is not None and current.started_on <= today:
        return current.started_on
    return today - timedelta(days=28)


class TherapistCard(QFrame):
    """Home's card for packs and results. ``pack_imported`` after a pack was installed."""

    pack_imported = Signal()

    def __init__(self, store: SessionStore):
        super().__init__()
        self.store = store
        self.setProperty("role", "card")
        self.setObjectName("therapist-card")
        self.file_dialog: QFileDialog | None = None
        self.key_question: QMessageBox | None = None
        self.send_dialog: SendResultsDialog | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(18, 14, 18, 14)
        layout.addWidget(label("Working with a therapist", "heading"))
        # From the stored sets, not the packs modules: PyNaCl would add ~60 ms to start-up.
        from painease.packs.senders import look_alike_note
        from painease.packs.senders import senders as found

        who = found(store)
        known = [s.words for s in who]
        if known:
            layout.addWidget(label(f"Sets from: {'; '.join(known)}", "muted",
                                   name="therapist-known"))
        else:
            layout.addWidget(label("If your therapist gave you a pack file with a set of "
                                   "sessions, import it here.", "muted"))
        if look_alike_note(who):  # one name on two keys: said, not left to the digits
            layout.addWidget(label(look_alike_note(who), name="therapist-look-alike"))
        row = FlowRow()  # at 200 % text the two do not fit side by side in a narrow window
        self.import_button = button("Import pack…", "import-pack",
                                    "Open a pack file from your therapist")
        self.send_button = button("Send results to my therapist…", "send-results",
                                  "Save your sessions to a file only your therapist can open")
        self.send_button.setEnabled(bool(known))
        if not known:  # said in words too: a keyboard never reaches a disabled button
            why = ("Sending results becomes possible once a pack from your therapist is "
                   "here: it holds the key your results are sealed to.")
            self.send_button.setToolTip(why)
            self.send_button.setAccessibleDescription(why)
            layout.addWidget(label(why, "muted", name="send-results-why"))
        self.import_button.clicked.connect(self.ask_import)
        self.send_button.clicked.connect(self.open_send)
        row.addWidget(self.import_button)
        row.addWidget(self.send_button)
        layout.addLayout(row)
        self.message = label("", name="import-message")
        layout.addWidget(self.message)

    # --- import ---------------------------------------------------------------------------

    def ask_import(self) -> None:
        self.file_dialog = file_dialog(self, "Import pack", "import-pack-dialog", PACK_FILTER,
                                       self.import_file)

    def import_file(self, path: Path, accept_new_key: bool = False) -> str | None:
        """Import ``path``; returns the status ('new', 'key_changed'…) or None on error."""
        from painease.packs.install import import_pack
        from painease.packs.pack import PackError
        from painease.storage import StoreError

        try:
            result = import_pack(path, self.store, accept_new_key=accept_new_key)
        except PackError as exc:
            self.say(f"Not imported: {exc}.")
            return None
        except StoreError as exc:  # the set could not be saved (a full disk…)
            self.say(f"Not imported: {exc.reason}.")
            return None
        found = [result.adopted] if result.adopted else []  # sets found again first
        if result.status == "key_changed":
            self._ask_about_key(path, result)
            self.say(" ".join([*found, result.message[:1].upper() + result.message[1:] + "."]))
            return result.status
        # The signer's fingerprint, written as ``therapist init`` shows it to the therapist,
        # so the two can be compared over the phone; a key new here asks for that check.
        said = [*found, result.message[:1].upper() + result.message[1:] + ".",
                *self._no_longer_counted(result),
                f"Signed with the key whose fingerprint is {result.signer_fingerprint}."]
        self.say(" ".join(said + ([result.check_text] if result.check_text else [])))
        if result.written or result.key_accepted or found:  # a new key: the set card names it
            self.pack_imported.emit()
        return result.status

    def _no_longer_counted(self, result) -> list[str]:
        """After a new version of the set, why progress went down, if it did."""
        from painease.storage import StoreError
        from painease.storage.set_changes import why_progress_fell
        from painease.storage.zones import own_zone

        try:  # the import went through: a store it cannot read leaves the sentences out
            return (why_progress_fell(self.store, result.program, own_zone(self.store), True)
                    if result.status == "updated" else [])
        except StoreError:
            return []

    def _ask_about_key(self, path: Path, result) -> None:
        box = QMessageBox(self)
        box.setObjectName("pack-key-question")
        box.setIcon(QMessageBox.Icon.Question)
        box.setWindowTitle("A different key")
        earlier = (f"the packs from {result.pinned_name}, a name that reads the same"
                   if result.pinned_name else "their earlier packs")
        box.setText(f"This pack says it is from {result.program.therapist_shown}, but it was "
                    f"signed with a different key than {earlier}.")
        box.setInformativeText(
            f"Before: {result.pinned_fingerprint}\nNow: {result.signer_fingerprint}\n\n"
            "Import it only if your therapist told you their key changed (for example, a "
            "new computer). If unsure, ask them to read their fingerprint to you.")
        box.setStandardButtons(QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No)
        box.setDefaultButton(QMessageBox.StandardButton.No)
        for role, name, words, what in (
                (QMessageBox.StandardButton.Yes, "pack-key-yes", "Import with the new key",
                 "Trust the new key for this therapist and import the pack"),
                (QMessageBox.StandardButton.No, "pack-key-no", "Don't import",
                 "Change nothing; the key trusted before stays")):
            box.button(role).setText(words)
            named(box.button(role), name, words, what)
        box.accepted.connect(lambda: self.import_file(path, accept_new_key=True))
        self.key_question = box
        box.open()

    def say(self, text: str) -> None:
        """Show ``text`` under the buttons (Home keeps the last import's across rebuilds)."""
        self.message.setText(text)
        self.message.setAccessibleDescription(text)

    # --- results --------------------------------------------------------------------------

    def open_send(self) -> None:
        self.send_dialog = SendResultsDialog(self.store, self)
        self.send_dialog.open()


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
        layout.addWidget(label("Your ratings from the period you choose are saved in a file "
                               "sealed to your therapist's key: only they can open it. You "
                               "then send the file to them yourself."))
        form = form_layout()
        self.therapist = named(QComboBox(), "send-therapist", "Therapist",
                               "Who the results are for")
        from painease.packs.senders import recipients

        # Every sender with a key (a look-alike name on its own key too), told apart by
        # fingerprint; the current set's sender chosen first (painease.packs.senders).
        self.recipients = recipients(store)
        current = ProgramStore(store).current()
        for sender in self.recipients:
            self.therapist.addItem(sender.words, sender.key)
        if current is not None and current.signer_key:
            self.therapist.setCurrentIndex(max(0, self.therapist.findData(current.signer_key)))
        start = default_start(store, today)
        self.since = named(QDateEdit(QDate(start.year, start.month, start.day)),
                           "send-from", "From", "The first day to include")
        self.until = named(QDateEdit(QDate(today.year, today.month, today.day)), "send-to",
                           "To", "The last day to include")
        from painease.local_time import EARLIEST_DAY, LATEST_DAY

        for edit in (self.since, self.until):
            edit.setDateRange(QDate(EARLIEST_DAY), QDate(LATEST_DAY))  # days that can be counted
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("d MMM yyyy")
        self.name = named(QLineEdit(), "send-name", "Your name",
                          "How your therapist will see you named")
        self.journal = named(QCheckBox("Include my journal and notes"), "send-journal",
                             "Include my journal and notes",
                             "Off unless you tick it: your journal and the notes with your "
                             "ratings stay private otherwise")
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
        screen = self.screen()
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
        self.saved_to = summary.path
        sessions = counted(summary.sessions, "session", "sessions")
        journal = (" and " + counted(summary.journal_entries, "journal entry", "journal entries")
                   if self.journal.isChecked() else "")
        said = "".join(f" {text}" for text in (summary.sets_text, summary.ahead_text,
                                                summary.left_out_text) if text)
        self.say(f"Saved {sessions}{journal} to {summary.path}.{said} Send this file "
                 f"to {self.recipients[self.therapist.currentIndex()].name}; only they can "
                 "open it.")
        return summary.path
