"""The set builder: a titled set of sessions for a patient, saved here and exported as a pack.

A set (``painease.domain.programs.Program``) is a title, the therapist's name and ordered
items: a script at one of its lengths, a schedule (N times a week for W weeks, from a
given week; or explicit dates) and an optional note the patient sees on Home. Items are
listed and edited in ``SetSessions`` (``set_sessions.py``: the list, add/remove/move, and
the chosen item's form); every change is validated by building the real ``ProgramItem``
(its one-line ``ProgramError`` is shown as is).

Save stores the set in this install's database (``ProgramStore``, origin "own"), the one
place its sets live; Open set file… and Save as set file… bring a set in from, and write
it as, the set file ``painease pack build`` takes (``set_file_actions``: an opened set
keeps its id and version, so its next export is the next version of the same set). Export
pack…
asks where to write, saves, and hands the set to ``painease.packs.set_export``, which
decides the versions: a set that changed since it was last stored gets the next version, so
the patient's import sees an update; so does a set exported again whose scripts or
recordings changed since its last export (the result names the sessions that changed).
A version this builder made is used up only once it is written out as a pack or set file:
until then a change keeps it (an export refused, then fixed, still sends version 1).
The pack is signed with this install's key only when the set names the therapist its key
is recorded for (``set_export.signer_for``, as ``pack build`` signs): otherwise nothing is
written and the result says both names and the two fixes; the key is never renamed.
The fingerprint of this install's identity (``load_or_create_identity``) is shown so the
patient can check it.
Main thread only.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QSizePolicy, QVBoxLayout, QWidget

from painease.catalog import Catalog
from painease.domain.file_names import file_name_part
from painease.domain.programs import Program, ProgramError, check_shown_names
from painease.packs.set_export import KeyNameDiffers, export_set, version_to_store
from painease.storage import SessionStore, StoreError
from painease.storage.programs import ProgramStore
from painease.ui.flow_row import FlowRow
from painease.ui.therapist.forms import (
    ElidingCombo,
    ReflowColumns,
    chosen,
    form_layout,
    named,
    question_box,
    reachable,
    unless_unsaved,
)
from painease.ui.therapist.pasted_text import LineEdit, PasteNote
from painease.ui.therapist.set_file_actions import SetFileActions
from painease.ui.therapist.set_item_form import build_item, item_from_program
from painease.ui.therapist.set_sessions import SetSessions
from painease.ui.widgets import button, card, file_dialog, label

PACK_SUFFIX = ".painease"
DRAFT_ID = "00000000-0000-4000-8000-000000000000"
NO_SESSIONS = "add a session to the set: press Add session"
COLUMNS_MIN_CHARS = 90  # narrower than this many characters: one column
SAVE_WHAT = "Keep the set on this computer"
EXPORT_WHAT = ("Write the set, with your own scripts and recordings, as a signed pack file "
               "for the patient")
SAVE_FILE_WHAT = ("Save the set, then write it as a set file (TOML) that painease pack build "
                  "takes")


class SetBuilder(SetFileActions, QWidget):
    def __init__(self, catalog: Catalog, store: SessionStore):
        super().__init__()
        self.catalog, self.store = catalog, store
        self.programs = ProgramStore(store)
        self.program_id: str | None = None
        self.version = 1
        # The stored version this builder made and has not written out since (as a pack
        # or a set file): a change keeps it (``version_to_store``'s ``unsent``).
        self.unsent: int | None = None
        self.export_dialog: QFileDialog | None = None
        self.last_export: Path | None = None

        # Side by side when there is room; at 200 % text the check and Export move under
        # the sessions, so no form has to scroll sideways.
        self.columns = ReflowColumns(COLUMNS_MIN_CHARS,
                                     names=("Set and its sessions", "Check and save"))
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(self.columns)
        left = self.columns.first
        left.addWidget(label("Sets of sessions", "title"))
        # A line that wraps: the two buttons go under the list of sets when there is no
        # room (side by side, the row was 805 px at 200 % text, the Sets tab's widest).
        opener = FlowRow(fill=True)
        self.open_choice = named(ElidingCombo(), "set-open", "Open a saved set",
                                 "Choose one of the sets you saved before")
        self.open_button = button("&Open", "set-open-button", "Load the chosen set")
        self.new_button = button("New set", "set-new", "Start a new, empty set")
        self.open_file_button = button(
            "Open set &file…", "set-open-file", "Open a set file made for painease pack "
            "build; the set keeps its id, so its next pack updates the patient's copy")
        # It shares the line's spare room (a flowing line keeps the others' widths).
        self.open_choice.setSizePolicy(QSizePolicy.Policy.Expanding,
                                       QSizePolicy.Policy.Fixed)
        for widget in (self.open_choice, self.open_button, self.new_button):
            opener.addWidget(widget)
        left.addLayout(opener)
        left.addWidget(self.open_file_button)
        self.open_button.clicked.connect(lambda: self.unless_unsaved(self._open_chosen))
        self.new_button.clicked.connect(lambda: self.unless_unsaved(self.new_set))
        self.open_file_button.clicked.connect(lambda: self.unless_unsaved(self.ask_open_file))

        form = form_layout()
        self.title = named(LineEdit(), "set-title-edit", "Set title",
                           "The name the patient sees, e.g. First two weeks")
        self.therapist = named(LineEdit(), "set-therapist", "Your name",
                               "Shown to the patient with the set and its notes")
        form.addRow("&Title", self.title)
        form.addRow("Your &name", self.therapist)
        left.addLayout(form)
        self.paste_note = PasteNote("set-paste-note")  # what a paste into them left out
        left.addWidget(self.paste_note)
        self.title.cleaned.connect(self.paste_note.say)
        self.therapist.cleaned.connect(self.paste_note.say)

        self.set_sessions = SetSessions(catalog)
        self.set_sessions.changed.connect(self.validate)
        s = self.set_sessions  # its parts, by the names tests and callers use
        self.item_list, self.item_form = s.item_list, s.item_form
        self.add_item, self.remove_item, self.up, self.down = s.add_item, s.remove_item, \
            s.up, s.down
        f = self.item_form  # its fields, likewise
        self.script, self.length, self.schedule_kind, self.note = f.script, f.length, \
            f.schedule_kind, f.note
        self.times, self.weeks, self.start_week, self.dates = f.times, f.weeks, f.start_week, \
            f.dates
        left.addWidget(self.set_sessions)
        left.addStretch(1)

        right = self.columns.second
        box, status = card()
        status.addWidget(label("Check", "heading"))
        # A Tab stop that says its words, described by its heading: when Save set and
        # Export pack are off, Tab passes them by, and this says why.
        self.problems = reachable(label(""), "set-problems", "Check", "What needs fixing")
        status.addWidget(self.problems)
        right.addWidget(box)
        self.fingerprint = label("", "muted", name="set-fingerprint")
        right.addWidget(self.fingerprint)
        self.save_button = button("Sa&ve set", "set-save", SAVE_WHAT)
        self.export_button = button("E&xport pack…", "set-export", EXPORT_WHAT, primary=True)
        self.delete_button = button("&Delete set…", "set-delete",
                                    "Remove this saved set from this computer (asks first); "
                                    "patients who imported it keep their copy")
        self.save_file_button = button("Save &as set file…", "set-save-file", SAVE_FILE_WHAT)
        self.save_button.clicked.connect(self.save)
        self.save_file_button.clicked.connect(self.ask_save_file)
        self.export_button.clicked.connect(self.ask_export)
        self.delete_button.clicked.connect(self.ask_delete)
        self.delete_question = None  # the question Delete set… asks, while open
        self.result = label("", name="set-result")
        right.addWidget(self.result)
        right.addWidget(self.save_button)
        right.addWidget(self.export_button)
        right.addWidget(self.save_file_button)
        right.addWidget(self.delete_button)
        right.addStretch(1)

        self.title.textChanged.connect(self.validate)
        self.therapist.textChanged.connect(self.validate)
        self.refresh_catalog(catalog)
        self.new_set()

    # --- catalog and loading ------------------------------------------------------------

    def refresh_catalog(self, catalog: Catalog) -> None:
        self.catalog = catalog
        self.set_sessions.set_catalog(catalog)
        self.open_choice.clear()
        for stored in self.programs.programs(origin="own"):
            self.open_choice.addItem(f"{stored.program.title} (version "
                                     f"{stored.program.version})", stored.program.id)

    def new_set(self) -> None:
        self.program_id, self.version, self.unsent = None, 1, None
        self.paste_note.clear()  # said of another set
        self.title.setText("")
        from painease.packs.identity import IdentityError, load_or_create_identity

        try:
            identity = load_or_create_identity()
        except IdentityError as exc:
            self.therapist.setText("")
            self.fingerprint.setText(f"Your signing key cannot be used: {exc}.")
        else:
            self.therapist.setText(identity.name)
            self.fingerprint.setText(f"Your key's fingerprint: {identity.fingerprint}. "
                                     "A patient can compare it with you when importing.")
        self.set_sessions.fill([])  # the therapist adds the first session: none chosen for them
        self._clean = self._snapshot()
        self.delete_button.setEnabled(False)  # nothing saved to delete yet

    def load_set(self, program_id: str) -> None:
        self._show(self.programs.program(program_id).program)

    def _show(self, program: Program, version: int | None = None) -> None:
        """Fill the form with the stored set ``program`` (or, with ``version``, a set
        file's sessions as unsaved changes to that stored version)."""
        self.program_id, self.version = program.id, version or program.version
        self.unsent = None  # it may have been sent before: its next change is a new version
        self.paste_note.clear()
        self.title.setText(program.title)
        self.therapist.setText(program.therapist_name)
        self.set_sessions.fill([item_from_program(item) for item in program.items])
        self._clean = self._snapshot() if version is None else ""  # "": not saved yet
        self.delete_button.setEnabled(True)

    @property
    def items(self) -> list[dict]:
        """The set's sessions as the form holds them (``SetSessions``)."""
        return self.set_sessions.items

    def _snapshot(self) -> str:
        """What the form holds, to tell unsaved changes from none."""
        return json.dumps([self.title.text(), self.therapist.text(), self.items],
                          sort_keys=True, default=str)

    @property
    def dirty(self) -> bool:
        """True when the form differs from the set as last started, opened or saved."""
        return self._snapshot() != self._clean

    def unless_unsaved(self, then) -> None:
        """Run ``then`` now, or after the therapist agrees to drop unsaved changes (as the
        script editor asks: once New and Open dropped them without a word)."""
        self.discard_question = unless_unsaved(
            self, self.dirty, self.title.text().strip() or "this set", then)

    def _open_chosen(self) -> None:
        if chosen(self.open_choice):
            self.load_set(chosen(self.open_choice))

    # --- the set ------------------------------------------------------------------------

    def program(self) -> Program:
        """The set as the form shows it; ``ProgramError`` (one line) if something is wrong."""
        if not self.items:  # (the set's own words, "between 1 and 100 items", are not ours)
            raise ProgramError(NO_SESSIONS)
        items = []
        for position, data in enumerate(self.items, start=1):
            try:
                items.append(build_item(position, data))
            except ProgramError as exc:
                text = str(exc)
                raise ProgramError(text if text.startswith("item ") else
                                   f"session {position}: {text}") from None
        # A set not stored yet gets its real id when it is first saved.
        return check_shown_names(Program(
            self.program_id or DRAFT_ID, self.version, self.title.text().strip(),
            self.therapist.text().strip(), tuple(items)))

    def validate(self) -> bool:
        try:
            self.program()
        except ProgramError as exc:
            self.problems.setText(str(exc)[:1].upper() + str(exc)[1:] + ".")
            ok = False
        else:
            missing = [d["script_id"] for d in self.items
                       if d["script_id"] not in self.catalog.entries]
            if missing:
                self.problems.setText(f"The script {missing[0]!r} is not in your library.")
            else:
                self.problems.setText("No problems: the set is ready." + self._past_note())
            ok = not missing
        for widget, what in ((self.save_button, SAVE_WHAT), (self.export_button, EXPORT_WHAT),
                             (self.save_file_button, SAVE_FILE_WHAT)):
            widget.setEnabled(ok)
            # Off, a button is still read in a screen reader's review: it says why.
            widget.setAccessibleDescription(
                what if ok else f"{what}. Not possible yet: {self.problems.text()}")
        return ok

    def _past_note(self) -> str:
        """A note on dates already gone by: allowed (a set may be sent late), but the
        patient's app counts each as missed on the day the pack arrives."""
        from painease.domain.programs import past_dates_note  # (shared with pack build)

        note = past_dates_note(self.program(), date.today())
        return f" Note: {note}." if note else ""

    def save(self) -> Program | None:
        """Store the set (a new version if it changed since it was stored); None if invalid."""
        if not self.validate():
            return None
        program = version_to_store(self.programs, self.program(), self.program_id,
                                   self.unsent)
        self.programs.save_program(program, origin="own")
        if self.program_id is None or program.version != self.version:
            self.unsent = program.version  # made here: not used up until it is written out
        self.program_id, self.version = program.id, program.version
        self._clean = self._snapshot()
        self.result.setText(f"Saved “{program.title}” (version {program.version}).")
        self.refresh_catalog(self.catalog)
        self.delete_button.setEnabled(True)
        return program

    def ask_delete(self) -> None:
        """Ask (window-modal; "Keep it" is the default) before removing the opened saved
        set; removed, the form starts a new set."""
        if self.program_id is None:
            return
        title = self.programs.program(self.program_id).program.title
        self.delete_question = question_box(
            self, "set-delete-question", "Delete set",
            f"Delete the set “{title}” from this computer? Patients who already imported it "
            "keep their copy, and their results can still be read.", "Delete", self._delete,
            "Keep it")

    def _delete(self) -> None:
        program_id = self.program_id
        if program_id is None:
            return
        title = self.programs.program(program_id).program.title
        try:
            self.programs.delete_program(program_id)
        except StoreError as exc:
            self.result.setText(f"Not deleted: {exc}.")
            return
        self.new_set()
        self.refresh_catalog(self.catalog)
        self.result.setText(f"Deleted “{title}”.")

    def _file_name(self) -> str:
        """A file name from the title: its words joined by dashes ("Weeks 1/2: calm" once
        suggested a sub-folder and a colon), at most 60 bytes (``file_name_part``)."""
        return file_name_part(self.title.text().lower(), 60) or "set"

    def ask_export(self) -> None:
        if not self.validate():
            return
        self.export_dialog = file_dialog(self, "Export pack", "set-export-dialog",
                                         f"painease packs (*{PACK_SUFFIX})", self.export_pack,
                                         save_as=f"{self._file_name()}{PACK_SUFFIX}")

    def export_pack(self, out: Path) -> Path | None:
        """Save the set, then write it as a signed pack to ``out``; None (and why) on error."""
        from painease.packs.identity import IdentityError
        from painease.packs.pack import PackError

        program = self.save()
        if program is None:
            return None
        try:
            exported = export_set(program, self.programs, out, self.catalog, self._revised)
        except KeyNameDiffers as exc:
            self.result.setText(
                f"The pack was not written: the set names the therapist “{exc.set_name}”, "
                f"but your key is recorded for “{exc.key_name}”; patients would see this key "
                f"under two names. To fix it, write “{exc.key_name}” in Your name; or, if "
                "the key's name is the wrong one, change it with: painease identity --name "
                '"…" (then export again).')
            return None
        except (PackError, IdentityError, StoreError, OSError) as exc:
            self.result.setText(f"The pack was not written: {exc}.")
            return None
        program = exported.program
        self.last_export, self.unsent = exported.path, None  # this version is used up
        told = exported.told  # the pack is fine even when it could not be noted
        self.result.setText(f"Exported “{program.title}” (version {program.version}"
                            f"{exported.note}) to {exported.path}. Give this file to your "
                            "patient; they open it with Import pack… on their Home page."
                            + (f" {told}" if told else ""))
        return exported.path

    def _revised(self, program: Program) -> None:
        """The export stored the set again with the next version (``export_set``)."""
        self.version = self.unsent = program.version  # used up once its pack is written
        self.refresh_catalog(self.catalog)  # the list names the new version
