"""The notes ``painease.ui.app.run_app`` shows when the window's data file cannot be used
at start: ``store_problem_box`` (the file cannot be opened: painease closes) and
``store_busy_box`` (another program is writing to it right now: Try again or Quit).

Each says one thing: a busy file is not a damaged one, so its note gives neither the
full-disk nor the "ask for help" advice; a full disk's remedy is said once; and the
command-line advice a ``StoreError`` may carry (move the file away, ``--data-dir``) is
never in a note, which gives its own. The cause is said in plain words with no path (a
remedy may name the one file to move: another program's log); the error's whole line, with
the path, is kept in the note's details, out of the way, for whoever helps. Loaded only
when a note is shown (not on the start's path). Main thread.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QMessageBox, QPushButton

from painease.ui.widgets import note_box, set_role

if TYPE_CHECKING:
    from painease.storage import StoreError

KEEP_IT = "painease does not delete or replace the file."


def store_problem_words(problem: StoreError) -> str:
    """The note's second part: why, and what the person can do about it (once), in plain
    words with no path (``data_file_words``). The error's own line, which names the file,
    is in the note's details (``store_problem_box``), for whoever helps."""
    from painease.ui.data_file_words import data_file_words, known_cause

    if problem.remedy:  # a full or failing disk: the cause, then its remedy, said once
        return (f"The reason: {problem.cause}. {KEEP_IT} {problem.remedy[:1].upper()}"
                f"{problem.remedy[1:]}, then open painease again.")
    kind = data_file_words(problem, ", then open painease again.")
    if kind is not None:  # damaged, or a folder painease may not write
        cause, step = kind
        return (f"The reason: {cause}. {step}" if problem.damaged  # its step keeps the file
                else f"The reason: {cause}. {KEEP_IT} {step}")
    cause = known_cause(problem)
    keep = (f"{KEEP_IT} Please keep the file (it is in your painease data folder) and ask "
            "for help with it.")
    if cause is not None:
        return f"The reason: {cause}. {keep}"
    return f"{keep} Whoever helps can read what went wrong under Show Details."


def store_problem_box(problem: StoreError) -> QMessageBox:
    """The note that says why the saved sessions cannot be opened; OK, Enter or Esc closes
    it (and with it painease)."""
    box = note_box(
        "store-problem", "painease cannot open your data",
        "painease cannot open the file that keeps your sessions and ratings, so it will close "
        "now rather than lose anything you enter.",
        store_problem_words(problem), "Close this note and painease.", warning=True)
    box.setDetailedText(f"painease: {problem}")
    from painease.ui.question_text import fit_note  # not at start: only once a note shows

    return fit_note(box)


def store_busy_box(problem: StoreError) -> QMessageBox:
    """The note that says another program is using the data file right now. Its buttons
    are "Try again" (the default; ``chose_to_try_again``) and "Quit" (Esc)."""
    text = ("Another program is using the file that keeps your sessions and ratings right "
            "now, so painease cannot open it yet.")
    more = ("This can be a painease command running in a terminal, or a backup copying your "
            "files. painease has changed nothing. When the other program has finished, "
            "choose Try again. Or choose Quit, and open painease again later.")
    box = QMessageBox()
    box.setObjectName("store-busy")
    box.setIcon(QMessageBox.Icon.Information)
    box.setWindowTitle("Your painease data is in use")
    box.setText(text)
    box.setInformativeText(more)
    box.setDetailedText(f"painease: {problem}")
    box.setAccessibleName("Your painease data is in use")
    box.setAccessibleDescription(f"{text} {more}")
    retry = box.addButton("Try again", QMessageBox.ButtonRole.AcceptRole)
    retry.setObjectName("store-busy-retry")
    retry.setAccessibleDescription("Open your data again, and painease with it.")
    set_role(retry, "primary")  # seen as the default choice (already styled: set_role)
    leave = box.addButton("Quit", QMessageBox.ButtonRole.RejectRole)
    leave.setObjectName("store-busy-quit")
    leave.setAccessibleDescription("Close this note and painease.")
    box.setDefaultButton(retry)
    box.setEscapeButton(leave)
    from painease.ui.question_text import fit_note  # not at start: only once a note shows

    return fit_note(box)


def chose_to_try_again(box: QMessageBox) -> bool:
    """Whether ``store_busy_box``'s "Try again" closed it."""
    return box.clickedButton() is box.findChild(QPushButton, "store-busy-retry")
