"""Rename… and Group… on the Patients page: the therapist's own name and group for a
patient, kept in this install's database (``painease.storage.patients``).

A database that cannot be read when asked (locked, damaged) or written when the answer
is saved is said in a plain dialog and on the message line; nothing is raised out of a
Qt slot and nothing is lost: the file and the list stay as they were, and the name or
group typed is given back in the dialog, to type again once the database is put right.

``LabelsPatients`` is a mixin for ``PatientsPage``: it uses the page's ``store``,
``message``, ``current_key`` and ``refresh``. Main thread only.
"""

from __future__ import annotations

import sqlite3

from PySide6.QtWidgets import QInputDialog, QLineEdit, QMessageBox, QPushButton

from painease.storage import SessionStore, StoreError
from painease.ui.therapist.forms import named
from painease.ui.widgets import note_box

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


def name_input_dialog(dialog: QInputDialog, title: str, description: str) -> None:
    """Give an open ``QInputDialog``'s text field and buttons accessible names (Qt makes
    them when the dialog opens)."""
    field = dialog.findChild(QLineEdit)
    if field is not None:
        named(field, f"{dialog.objectName()}-text", title, description)
    for found in dialog.findChildren(QPushButton):
        text = found.text().replace("&", "")
        named(found, f"{dialog.objectName()}-{text.lower()}", text,
              f"Save the {title.lower()}" if found.isDefault() or text == "OK" else
              "Close without changing anything")


class LabelsPatients:
    """Rename… (``ask_rename``/``rename``) and Group… (``ask_group``/``set_group``)."""

    label_problem: QMessageBox | None = None  # the last "not renamed"/"not changed" note

    def ask_rename(self) -> None:
        key = self.current_key()
        name = self._current_label(key, "rename", "Not renamed", lambda p: p.name)
        if name is None:
            return
        dialog = QInputDialog(self)
        dialog.setObjectName("patient-rename-dialog")
        dialog.setWindowTitle("Rename patient")
        dialog.setLabelText("The name this patient is shown by on this computer:")
        dialog.setTextValue(name)
        dialog.textValueSelected.connect(lambda typed: self.rename(key, typed))
        self.rename_dialog = dialog
        dialog.open()
        name_input_dialog(dialog, "Name", "The name this patient is shown by on this "
                          "computer")

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
        key = self.current_key()
        group = self._current_label(key, "group", "Group not changed",
                                    lambda p: p.group or "")
        if group is None:
            return
        dialog = QInputDialog(self)
        dialog.setObjectName("patient-group-dialog")
        dialog.setWindowTitle("Patient's group")
        dialog.setLabelText("Your group for this patient, for the Outcomes tab (leave empty "
                            "for none):")
        dialog.setTextValue(group)
        dialog.textValueSelected.connect(lambda typed: self.set_group(key, typed))
        self.group_dialog = dialog
        dialog.open()
        name_input_dialog(dialog, "Group", "The group's name; empty for no group")

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
