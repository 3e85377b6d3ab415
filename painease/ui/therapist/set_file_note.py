"""The note the set builder shows when a set file cannot be opened: the file's name and
every problem found (``set_file.SetFileError``), one a line. Main thread only."""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox, QWidget

from painease.ui.therapist.set_file import SetFileError
from painease.ui.widgets import note_box


def problems_note(error: SetFileError, parent: QWidget) -> QMessageBox:
    """Open (window-modal, not blocking) and return the note, named ``set-file-problems``."""
    problems = [f"{p[:1].upper()}{p[1:]}{'' if p.endswith('.') else '.'}"
                for p in error.problems]
    found = "" if len(problems) == 1 else f" ({len(problems)} problems)"
    box = note_box(
        "set-file-problems", "Set file not opened",
        f"The set file “{error.path.name}” could not be opened{found}:",
        "\n".join(f"• {p}" for p in problems) + f"\n\nThe file: {error.path}\n"
        "Nothing in the set builder changed. Fix the file and open it again.",
        "Close this note", warning=True, parent=parent)
    box.open()
    return box
