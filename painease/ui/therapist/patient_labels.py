"""Rename… and Group… on the Patients page: the therapist's own name and group for a
patient, kept in this install's database (``painease.storage.patients``).

A database that cannot be read when asked (locked, damaged) or written when the answer
is saved is said in a plain dialog and on the message line; nothing is raised out of a
Qt slot and nothing is lost: the file and the list stay as they were, and the name or
group typed is given back in the dialog, to type again once the database is put right.
The question's field pastes without control characters, and says under it what it left
out (``LabelQuestion``). A name over 200 characters, or a group's over 100, is said under
it as it is typed, OK off until it is short enough (the field does not cut it: a paste
cut to fit, two long groups alike in their first 100 characters were one); the store
refuses one asked for anyway, said on the message line.

``LabelsPatients`` is a mixin for ``PatientsPage``: it uses the page's ``store``,
``message``, ``current_key`` and ``refresh``. Main thread only.
"""

from __future__ import annotations

import sqlite3

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLayout,
    QMessageBox,
    QVBoxLayout,
    QWidget,
)

from painease.storage import SessionStore, StoreError
from painease.ui.therapist.forms import named
from painease.ui.therapist.pasted_text import LineEdit, PasteNote
from painease.ui.widgets import label, note_box

# What reading this install's database may raise: the store's StoreError, and a raw
# sqlite3 error from a read that has no guard of its own.
READ_ERRORS = (StoreError, sqlite3.Error)


def read_reason(error: Exception, store: SessionStore) -> str:
    """The plain reason a read of ``store`` failed: a ``StoreError``'s own, or what a raw
    ``sqlite3`` error that got past the store's guards means."""
    from painease.storage.database import translate_error

    if not isinstance(error, StoreError):
        error = translate_error(error, store.path, "read the patients")
    return error.reason


class LabelQuestion(QDialog):
    """Rename…'s and Group…'s question: its words, a one-line field that pastes without
    control characters (``LineEdit``; a plain field kept them), what a paste left out said
    under it (``PasteNote``), and OK (the default) and Cancel. As ``QInputDialog`` was:
    ``setTextValue``, ``textValue``, and ``textValueSelected`` once OK is pressed. The
    field, named ``NAME-text``, and the buttons, ``NAME-ok`` and ``NAME-cancel``, have
    accessible names and descriptions. Its size follows its words (their wrapped height
    as the text size and a paste note change it), and it is deleted once answered.
    ``check(text)``, if given, is why the text typed cannot be saved (None: it can): said
    under the field (``limit_note``) while it holds, OK off and its description saying it."""

    textValueSelected = Signal(str)  # noqa: N815 - as QInputDialog's

    def __init__(self, parent: QWidget, name: str, window_title: str, question: str,
                 value: str, title: str, description: str, check=None):
        super().__init__(parent)
        self.setObjectName(name)
        self.setWindowTitle(window_title)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)  # done() deletes it
        column = QVBoxLayout(self)
        # As tall as its wrapped words need at its width, again when the paste note shows:
        # a window keeps the height it opened with, and the question (at 200 % text) and
        # the note were cut off.
        column.setSizeConstraint(QLayout.SizeConstraint.SetFixedSize)
        asked = label(question)
        self.field = named(LineEdit(value), f"{name}-text", title, description)
        asked.setBuddy(self.field)
        self.paste_note = PasteNote(f"{name}-paste-note")
        self.field.cleaned.connect(self.paste_note.say)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self.ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok.setDefault(True)
        self._ok_what = f"Save the {title.lower()}"
        named(self.ok, f"{name}-ok", "OK", self._ok_what)
        named(buttons.button(QDialogButtonBox.StandardButton.Cancel), f"{name}-cancel",
              "Cancel", "Close without changing anything")
        # Why what is typed cannot be saved (too long), under it while it holds.
        self.limit_note = PasteNote(f"{name}-limit-note")
        self._check = check
        self.field.textChanged.connect(self._checked)
        for widget in (asked, self.field, self.limit_note, self.paste_note, buttons):
            column.addWidget(widget)
        self._checked(value)

    def _checked(self, text: str) -> None:
        problem = self._check(text) if self._check else None
        if problem is None:
            self.limit_note.clear()
        else:
            problem = problem[:1].upper() + problem[1:] + "."
            if self.limit_note.isHidden():
                self.limit_note.say(problem)  # shown and said once; then kept up to date
            else:
                self.limit_note.setText(problem)
        self.ok.setEnabled(problem is None)
        self.ok.setAccessibleDescription(self._ok_what if problem is None
                                         else f"{self._ok_what}. Not possible yet: {problem}")

    def textValue(self) -> str:  # noqa: N802 - as QInputDialog's
        return self.field.text()

    def setTextValue(self, text: str) -> None:  # noqa: N802 - as QInputDialog's
        self.field.setText(text)

    def ask(self) -> None:
        """Open (window-modal, not blocking), the field's words chosen to type over."""
        self.open()
        self.field.setFocus()
        self.field.selectAll()

    def done(self, result: int) -> None:
        super().done(result)
        if result == QDialog.DialogCode.Accepted:
            self.textValueSelected.emit(self.field.text())


class LabelsPatients:
    """Rename… (``ask_rename``/``rename``) and Group… (``ask_group``/``set_group``)."""

    label_problem: QMessageBox | None = None  # the last "not renamed"/"not changed" note

    def ask_rename(self) -> None:
        from painease.storage.patients import NAME_LIMIT, too_long

        key = self.current_key()
        name = self._current_label(key, "rename", "Not renamed", lambda p: p.name)
        if name is None:
            return
        dialog = LabelQuestion(self, "patient-rename-dialog", "Rename patient",
                               "The name this patient is shown by on this computer:", name,
                               "Name", "The name this patient is shown by on this computer",
                               lambda typed: too_long("a name", typed, NAME_LIMIT))
        dialog.textValueSelected.connect(lambda typed: self.rename(key, typed))
        dialog.finished.connect(lambda _: setattr(self, "rename_dialog", None))
        self.rename_dialog = dialog
        dialog.ask()

    def rename(self, key: str, name: str) -> bool:
        """Save ``name`` for the patient ``key``; False (said) if it cannot be."""
        from painease.storage.patients import PatientStore

        try:
            PatientStore(self.store).rename(key, name.strip())
        except ValueError as exc:
            self.message.setText(f"Not renamed: {exc}.")
            return False
        except READ_ERRORS as exc:
            self._label_problem("rename", "Not renamed", exc,
                                f"The name you typed, “{name.strip()}”, was not saved: "
                                "type it again once the database is put right.")
            return False
        self.message.setText("")  # an earlier "Not renamed" no longer holds
        self.refresh()
        return True

    def ask_group(self) -> None:
        from painease.storage.patients import GROUP_LIMIT, too_long

        key = self.current_key()
        group = self._current_label(key, "group", "Group not changed",
                                    lambda p: p.group or "")
        if group is None:
            return
        dialog = LabelQuestion(self, "patient-group-dialog", "Patient's group",
                               "Your group for this patient, for the Outcomes tab (leave "
                               "empty for none):", group, "Group",
                               "The group's name; empty for no group",
                               lambda typed: too_long("a group's name", typed, GROUP_LIMIT))
        dialog.textValueSelected.connect(lambda typed: self.set_group(key, typed))
        dialog.finished.connect(lambda _: setattr(self, "group_dialog", None))
        self.group_dialog = dialog
        dialog.ask()

    def set_group(self, key: str, group: str) -> bool:
        """Put the patient ``key`` in ``group``; False (said) if it cannot be done."""
        from painease.storage.patients import PatientStore

        try:
            PatientStore(self.store).set_group(key, group)
        except ValueError as exc:
            self.message.setText(f"Group not changed: {exc}.")
            return False
        except READ_ERRORS as exc:
            typed = " ".join(group.split())
            kept = (f"The group you typed, “{typed}”, was not saved" if typed
                    else "The patient was not taken out of their group")
            self._label_problem("group", "Group not changed", exc,
                                f"{kept}: try again once the database is put right.")
            return False
        self.message.setText("")  # an earlier "Group not changed" no longer holds
        self.refresh()
        return True

    def _current_label(self, key: str | None, action: str, title: str, value) -> str | None:
        """``value(patient)`` for the chosen patient, or None (said, if the database could
        not be read) when there is nothing to ask about."""
        from painease.storage.patients import PatientStore

        if key is None:
            return None
        try:
            return value(PatientStore(self.store).patient(key))
        except ValueError as exc:  # gone since the list was read
            self.message.setText(f"{title}: {exc}.")
        except READ_ERRORS as exc:
            self._label_problem(action, title, exc, "")
        return None

    def _label_problem(self, action: str, title: str, error: Exception, kept: str) -> None:
        reason = read_reason(error, self.store)
        self.message.setText(f"{title}: {reason}.")
        self.label_problem = note_box(
            f"patient-{action}-problem", title,
            f"This install's database cannot be used just now: {reason}.",
            " ".join(filter(None, ["Nothing was changed or deleted.", kept])),
            "Close this note", warning=True, parent=self)
        self.label_problem.open()
