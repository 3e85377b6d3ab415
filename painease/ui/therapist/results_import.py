"""The Patients page's import of a results file (therapist side), as a mixin of
``PatientsPage`` (``patients_page``), which supplies ``store``, ``message``, ``list`` and
``refresh``.

``ask_import`` asks for a ``*.painease-results`` file; ``import_file(path)`` reads it with
this install's identity (``painease.packs.results``) and merges it into that patient's
own database, saying the one-line outcome (or error) in ``message``. A file signed with a
known patient's key that gives another name than their latest results did waits for the
therapist's yes (``name_question``). This install's own database failing during an
import (locked by another program, damaged) is said in ``message`` and in a dialog
(``problem_box``): nothing is merged then (the import writes in transactions, the list
last), and the file stays as it was.

Main thread only.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QMessageBox

from painease.ui.therapist.forms import question_box
from painease.ui.widgets import file_dialog, note_box

RESULTS_FILTER = "painease results (*.painease-results)"
KEY_ROLE = 256  # Qt.ItemDataRole.UserRole: a patient's key id on their list row


class ImportsResults:
    """Import results… for a page with ``store``, ``message``, ``list`` and ``refresh``."""

    import_dialog: QFileDialog | None = None
    name_question: QMessageBox | None = None  # asked before a file under another name
    problem_box: QMessageBox | None = None  # your own database stopped an import

    def ask_import(self) -> None:
        self.import_dialog = file_dialog(self, "Import results", "results-import-dialog",
                                         RESULTS_FILTER, self.import_file)

    def import_file(self, path: Path) -> bool:
        """Import the results file ``path``; True once imported. A file signed with a known
        patient's key that gives another name than their latest results did is not
        imported yet: the therapist is asked first (``name_question``), and it is imported
        only on their yes (False is returned meanwhile; nothing is written before)."""
        from painease.packs.identity import IdentityError, load_or_create_identity
        from painease.packs.results import ResultsError, name_change_in, read_results
        from painease.storage import StoreError

        try:
            opened = read_results(path, load_or_create_identity())
            change = name_change_in(opened, self.store)
        except (ResultsError, IdentityError) as exc:
            self.message.setText(f"Not imported: {exc}.")
            return False
        except StoreError as exc:  # your own database: locked, damaged, gone
            self._store_problem(exc)
            return False
        if change is None:
            return self._merge(opened)
        self.message.setText(f"Not imported yet: {change.text}")
        # Closed any way but "Import anyway" (the close button clicks no button), nothing
        # waits any more: "yet" would no longer be true.
        self.name_question = question_box(
            self, "results-name-question", "Another name in these results", change.question,
            "Import anyway", lambda: self._merge(opened, accept_name=True), "Don't import",
            otherwise=lambda: self.message.setText(
                f"Not imported: {change.text} The file is as it was; import it again when "
                "you know whose results they are."))
        return False

    def _merge(self, opened, accept_name: bool = False) -> bool:
        from painease.packs.results import ResultsError, import_opened
        from painease.storage import StoreError

        try:
            result = import_opened(opened, self.store, accept_name=accept_name)
        except ResultsError as exc:
            self.message.setText(f"Not imported: {exc}.")
            return False
        except StoreError as exc:
            self._store_problem(exc)
            return False
        imported = (f"Imported {result.message}."
                    + "".join(f" {warning}" for warning in result.warnings))
        self.message.setText(imported)
        if not self.refresh():  # imported whole; only the list cannot be read again (said)
            self.message.setText(f"{imported} {self.message.text()}")
            return True
        for row in range(self.list.count()):
            if self.list.item(row).data(KEY_ROLE) == result.patient.key_id:
                self.list.setCurrentRow(row)
        return True

    def _store_problem(self, error) -> None:
        """Say (message line and a dialog) that this install's own database stopped the
        import: nothing was merged (the import writes in transactions, the list last)."""
        said = f"These results could not be imported: {error.reason}."
        self.message.setText(f"Not imported: {error.reason}.")
        self.problem_box = note_box(
            "results-import-problem", "Results not imported", said,
            "Nothing was added, and the file is as it was: import it again once the problem "
            "is solved.", "Close this note", warning=True, parent=self)
        self.problem_box.open()
