"""The patient's side of working with a therapist: Import pack… and Send results….

``TherapistCard`` (on Home) names the therapists whose packs were imported and offers:

* **Import pack…** -- choose a ``*.painease`` file; ``painease.packs.install.import_pack``
  checks its signature and contents and installs it (its set becomes the current set).
  The message names the signer's key fingerprint once (as ``therapist init`` shows it), and
  asks the patient to check it with their therapist when the key is new here.
  When the pack is signed by a different key than this therapist's earlier packs (or than
  a name that reads the same, "Dr. Lee" for "Dr Lee": both names said), the patient is
  asked, with both fingerprints, before anything is written. Emits
  ``pack_imported`` after a pack was written, or a new key accepted for a set already here
  (Home and Library reload their scripts, and the set card names the key).
Home lists the senders of the patient's sets, one per key (``painease.packs.senders``),
and says when names that read the same came with different keys. A set that cannot be
read (edited or damaged outside painease) is left out of that list and said, by its title
when that can be read, with what to do (``unreadable_words``): the card and its two
actions stay (one damaged set once took the whole card off Home, saying nothing).

* **Send results to my therapist…** -- ``SendResultsDialog``
  (``painease.ui.send_results``, importable from here too): which therapist, the period,
  whether to include the journal, then a file sealed so only that therapist can open it.

Nothing leaves the computer by itself: both only read or write a file the patient chose.
Main thread only; the packs modules (and PyNaCl) load on first use, never at start-up.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QFileDialog,
    QFrame,
    QMessageBox,
    QVBoxLayout,
)

from painease.storage import SessionStore
from painease.ui.flow_row import FlowRow
from painease.ui.send_results import SendResultsDialog as SendResultsDialog  # re-exported
from painease.ui.therapist.forms import named
from painease.ui.widgets import button, file_dialog, label

PACK_FILTER = "painease packs (*.painease)"


def unreadable_words(unreadable: list) -> str:
    """What Home's card says of the imported sets it could not read
    (``senders.UnreadableSet``): which, by title when that can be read; that the rest is
    kept; and who can help."""
    one = len(unreadable) == 1
    titles = [f"“{u.title}”" for u in unreadable if u.title]
    if one:
        which = (f"Your set {titles[0]}" if titles
                 else "One of your sets from your therapist")
    else:
        which = f"{len(unreadable)} of your sets from your therapist" + (
            f" ({', '.join(titles)})" if titles else "")
    it = "it" if one else "them"
    return (f"{which} could not be read, so {it} {'is' if one else 'are'} left out of this "
            "card. Your sessions and ratings are kept. If you need "
            f"{'that set' if one else 'those sets'}, please ask your therapist, or whoever "
            f"helps you with your computer, to look at {it} with you.")


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

        unreadable: list = []  # the imported sets that cannot be read, left out of ``who``
        who = found(store, unreadable)
        known = [s.words for s in who]
        if known:
            layout.addWidget(label(f"Sets from: {'; '.join(known)}", "muted",
                                   name="therapist-known"))
        else:
            layout.addWidget(label("If your therapist gave you a pack file with a set of "
                                   "sessions, import it here.", "muted"))
        if look_alike_note(who):  # one name on two keys: said, not left to the digits
            layout.addWidget(label(look_alike_note(who), name="therapist-look-alike"))
        if unreadable:
            self._say_unreadable(layout, unreadable)
        row = FlowRow()  # at 200 % text the two do not fit side by side in a narrow window
        self.import_button = button("Import pack…", "import-pack",
                                    "Open a pack file from your therapist")
        self.send_button = button("Send results to my therapist…", "send-results",
                                  "Save your sessions to a file only your therapist can open",
                                  wrap=True)
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

    def _say_unreadable(self, layout: QVBoxLayout, unreadable: list) -> None:
        """The sets left out, in plain words, then for whoever helps: which value of the
        first one could not be read (as the set card's ``helper_words`` says it), when
        that is known: never a path or an error's name."""
        from painease.ui.set_card import helper_words

        layout.addWidget(label(unreadable_words(unreadable), name="therapist-set-unreadable"))
        where = next((u.problem for u in unreadable if getattr(u.problem, "where", None)),
                     None)
        if where is not None:
            layout.addWidget(label(helper_words(where), "muted",
                                   name="therapist-set-unreadable-detail"))

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
        except StoreError as exc:  # the set could not be saved (a full disk…): no path
            from painease.ui.import_refused import pack_refused_words

            self.say(pack_refused_words(exc))
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
