"""The set builder's way in and out through set files: Open set file… and Save as set
file… (``SetFileActions``, mixed into ``SetBuilder``). A set file is read and written by
``set_file`` (the TOML ``painease pack build`` takes): an opened set keeps its id and
version, so its next export is the next version of the same set; a file that cannot be
used leaves the form as it was and a note lists every problem (``set_file_note``).

The builder provides ``programs``, ``catalog``, ``result``, ``unsent`` (a set file written
uses up its version), ``save()``, ``validate()``, ``refresh_catalog()``, ``_show()`` and
``_file_name()``. Main thread only.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QMessageBox

from painease.storage import StoreError
from painease.ui.therapist.set_file import (
    SET_FILE_SUFFIX,
    SetFileError,
    read_set_file,
    set_file_text,
    take_in,
)
from painease.ui.therapist.set_file_note import problems_note
from painease.ui.widgets import file_dialog

SET_FILES = f"Set files (*{SET_FILE_SUFFIX});;All files (*)"


class SetFileActions:
    file_dialog: QFileDialog | None = None  # Open set file… / Save as set file…, while open
    file_problems: QMessageBox | None = None  # why a set file did not open, while shown

    def ask_open_file(self) -> None:
        self.file_dialog = file_dialog(self, "Open set file", "set-open-file-dialog",
                                       SET_FILES, self.open_set_file)

    def open_set_file(self, path: Path) -> bool:
        """Open the set file ``path`` (``set_file.take_in``); False, and a note listing
        every problem found, when it cannot be: the form is then left as it was."""
        try:
            opened = take_in(self.programs, read_set_file(path, self.catalog), path)
        except SetFileError as exc:
            self._say_file_problems(exc)
            return False
        except StoreError as exc:
            self.result.setText(f"The set file {path} was not opened: {exc}.")
            return False
        self._show(opened.program, opened.version if opened.unsaved else None)
        self.refresh_catalog(self.catalog)  # a set kept from the file is offered in the list
        self.result.setText(f"{opened.note} The file: {path}.")
        return True

    def _say_file_problems(self, error: SetFileError) -> None:
        self.result.setText(f"The set file “{error.path.name}” was not opened; the note "
                            "says why. Nothing here changed.")
        self.file_problems = problems_note(error, self)

    def ask_save_file(self) -> None:
        if not self.validate():
            return
        self.file_dialog = file_dialog(self, "Save as set file", "set-save-file-dialog",
                                       SET_FILES, self.save_set_file,
                                       save_as=f"{self._file_name()}{SET_FILE_SUFFIX}")

    def save_set_file(self, out: Path) -> Path | None:
        """Save the set, then write it to ``out`` as a set file for ``painease pack
        build`` (its id and version kept); None (and why) on error."""
        from painease.files import write_atomically

        program = self.save()
        if program is None:
            return None
        try:
            write_atomically(out, set_file_text(program).encode("utf-8"))
        except OSError as exc:
            self.result.setText(f"The set file was not written: {exc.strerror or exc} "
                                f"({exc.filename or out}).")
            return None
        self.unsent = None  # the file may be packed anywhere: its version is used up
        self.result.setText(f"Saved “{program.title}” (version {program.version}) as the "
                            f"set file {out}. painease pack build takes it; keep its id line, "
                            "so its packs stay one set for the patient.")
        return out
