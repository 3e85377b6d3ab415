"""The notes about the data folder's instance lock (``painease.ui.app``'s start): another
window holds it (``already_open_box``), a painease command holds it
(``command_at_work_box``: no window exists, so it says what to wait for), or locking is
not possible here (``lock_note``, Home's banner). Imported only when one is shown, not by
every start. Main thread.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from painease.ui.widgets import note_box

if TYPE_CHECKING:
    from PySide6.QtWidgets import QMessageBox

ALREADY_OPEN = "painease is already open in another window."
COMMAND_AT_WORK = "“{command}” is writing into this data folder."  # a command holds the lock


def lock_note(problem: str) -> str:
    """Home's banner when this start could not check for another painease window."""
    return ("Please keep only one painease window open at a time. painease could not check "
            "for another window on this computer, and a second window would mark a session "
            f"still running in the first one as interrupted. (The reason: {problem}.)")


def already_open_box() -> QMessageBox:
    """The plain note a second start shows; OK, Enter or Esc closes it."""
    from painease.ui.question_text import fit_note  # not at start: only once a note shows

    return fit_note(note_box(
        "already-open", "painease is already open", ALREADY_OPEN,
        "Please use that window: your sessions and ratings are all there. If you cannot "
        "find it, look in your taskbar or window list (Alt+Tab shows open windows). If it "
        "seems stuck, closing it and opening painease again is safe: every rating you "
        "confirmed is kept.",
        "Close this note; the other window stays open.", warning=False))


def command_at_work_box(command: str) -> QMessageBox:
    """The note a start shows while a painease command (``command``: "demo-data") holds
    the data folder: no window is open, so it says what to wait for."""
    from painease.ui.question_text import fit_note  # not at start: only once a note shows

    return fit_note(note_box(
        "command-at-work", "painease is busy with your data",
        COMMAND_AT_WORK.format(command=f"painease {command}"),
        "Please wait for it to finish, then open painease again. Nothing was opened or "
        "changed.",
        "Close this note.", warning=False))
