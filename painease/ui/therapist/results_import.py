"""The Patients page's import of a results file (therapist side), as a mixin of
``PatientsPage`` (``patients_page``), which supplies ``store``, ``message``, ``list``,
``import_button`` and ``refresh``.

``ask_import`` asks for a ``*.painease-results`` file; ``import_file(path)`` reads it with
this install's identity (``painease.packs.results``) and merges it into that patient's
own database, saying the one-line outcome (or error) in ``message``. A file signed with a
known patient's key that gives another name than their latest results did waits for the
therapist's yes (``name_question``). Another import running in the same data folder
(another window, or ``painease results import``) is never waited for on the GUI thread:
the page says "Waiting for another import to finish…", tries the lock again every
``RETRY_MS`` from a timer (``import_wait``; Import results… is off meanwhile) and gives
up, saying so, after ``painease.packs.import_lock.WAIT_SECONDS``, writing nothing.
Closing the main window meanwhile asks first, then drops the waiting merge
(``window_in_use.may_close``): nothing of it is written, and the file can be imported again.
When the wait ends by itself (merged, given up, failed) after ``message`` says how,
``wait_over`` (set by whoever asked about the wait, e.g. that close question) is called
once: a question about a waiting import is stale then.
This install's own database failing during an import (locked by another program,
damaged) is said in ``message`` and in a dialog (``problem_box``, with what to do next:
``painease.ui.import_refused``): nothing is merged then
(the import writes the patient's copy in one transaction, the list last), and the file
stays as it was.

Main thread only.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QFileDialog, QMessageBox

from painease.ui.therapist.forms import question_box
from painease.ui.widgets import file_dialog, note_box

RESULTS_FILTER = "painease results (*.painease-results)"
KEY_ROLE = 256  # Qt.ItemDataRole.UserRole: a patient's key id on their list row
RETRY_MS = 100  # while another import holds the lock: try again this often
WAITING = "Waiting for another import to finish…"


class ImportsResults:
    """Import results… for a page with ``store``, ``message``, ``list``, ``import_button``
    and ``refresh``."""

    import_dialog: QFileDialog | None = None
    name_question: QMessageBox | None = None  # asked before a file under another name
    problem_box: QMessageBox | None = None  # your own database stopped an import
    import_wait: QTimer | None = None  # tries a merge again while another import runs
    _waiting: tuple | None = None  # (opened, accept_name, give-up time) while it waits
    wait_over: Callable[[], None] | None = None  # called once when the wait ends by itself

    def ask_import(self) -> None:
        self.import_dialog = file_dialog(self, "Import results", "results-import-dialog",
                                         RESULTS_FILTER, self.import_file)

    def import_file(self, path: Path) -> bool:
        """Import the results file ``path``; True once imported. A file signed with a known
        patient's key that gives another name than their latest results did is not
        imported yet: the therapist is asked first (``name_question``), and it is imported
        only on their yes (False is returned meanwhile; nothing is written before).
        False too while it waits for another import to finish (see the module doc)."""
        from painease.packs.identity import IdentityError, load_or_create_identity
        from painease.packs.results import ResultsError, name_change_in, read_results
        from painease.storage import StoreError

        try:
            # The Therapist page is a therapist's: a file for another key is explained so.
            opened = read_results(path, load_or_create_identity(), therapist=True)
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
        """Merge ``opened`` now; True once merged. While another import holds the lock,
        False: the merge is tried again from ``import_wait`` (see the module doc)."""
        from painease.packs import import_lock

        self.stop_waiting()
        return self._try_merge(opened, accept_name,
                               time.monotonic() + import_lock.WAIT_SECONDS)

    def _try_merge(self, opened, accept_name: bool, give_up: float) -> bool:
        from painease.packs.results import ImportBusy, ResultsError, import_opened
        from painease.storage import StoreError

        try:  # wait=0: one try at the lock, never a wait on this (the GUI) thread
            result = import_opened(opened, self.store, accept_name=accept_name, wait=0)
        except ImportBusy as exc:
            if time.monotonic() < give_up:
                self._wait_and_retry((opened, accept_name, give_up))
                return False
            self.stop_waiting()
            self.message.setText(f"Not imported: {exc}.")
            return False
        except ResultsError as exc:
            self.stop_waiting()
            self.message.setText(f"Not imported: {exc}.")
            return False
        except StoreError as exc:
            self.stop_waiting()
            self._store_problem(exc)
            return False
        self.stop_waiting()
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

    def _wait_and_retry(self, waiting: tuple) -> None:
        if self.import_wait is None:
            self.import_wait = QTimer(self)
            self.import_wait.setSingleShot(True)
            self.import_wait.setInterval(RETRY_MS)
            self.import_wait.timeout.connect(self._retry_merge)
        if self._waiting is None:
            self.message.setText(WAITING)
            self.import_button.setEnabled(False)  # one import waiting at a time
        self._waiting = waiting
        self.import_wait.start()

    def _retry_merge(self) -> None:
        if self._waiting is not None:
            self._try_merge(*self._waiting)
            if self._waiting is None and self.wait_over is not None:  # ended, and said
                over, self.wait_over = self.wait_over, None
                over()

    def import_waiting(self) -> bool:
        """Whether a merge waits for another import to finish (nothing written yet)."""
        return self._waiting is not None

    def stop_waiting(self) -> None:
        """Drop a merge waiting for another import (none: nothing to do). Nothing of it
        was written, and the file is as it was."""
        if self.import_wait is not None:
            self.import_wait.stop()
        if self._waiting is not None:
            self._waiting = None
            self.import_button.setEnabled(True)

    def _store_problem(self, error) -> None:
        """Say (message line and a dialog) that this install's own database stopped the
        import: nothing was merged (the patient's copy in one transaction, the list last)."""
        from painease.ui.import_refused import results_step

        said = f"These results could not be imported: {error.reason}."
        self.message.setText(f"Not imported: {error.reason}.")
        self.problem_box = note_box(
            "results-import-problem", "Results not imported", said,
            f"Nothing was added, and the file is as it was. {results_step(error)}",
            "Close this note", warning=True, parent=self)
        self.problem_box.open()
