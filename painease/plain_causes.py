"""Why the system refused a file or folder, in plain words: the one table from the
system's error number to its cause ("the disk is full"), and what to do about it at a
command line (``command_line_step``).

The commands' one-line errors (``painease.commands``, the data folder the store could not
make in ``painease.storage.database``) say the cause as it is here; the settings' "not
saved" note (``painease.settings``) says each cause in a patient's words, keyed by the
causes here. An error number not in the table has no plain cause (None): the system's own
words are said instead.

``painease.settings`` imports this only when a save fails, so it is not on the start's
path; it imports nothing but ``errno`` (built in) all the same. No Qt.
"""

from __future__ import annotations

import errno

NOT_ALLOWED = "permission denied"
TOO_LONG = "its path is longer than the system allows"
READ_ONLY = "the disk is read-only"
DISK_FULL = "the disk is full"

_CAUSES = {
    errno.EACCES: NOT_ALLOWED,
    errno.EPERM: NOT_ALLOWED,
    errno.ENAMETOOLONG: TOO_LONG,
    errno.EROFS: READ_ONLY,
    errno.ENOSPC: DISK_FULL,
    errno.EDQUOT: DISK_FULL,  # the person's share of the disk: full for them all the same
}

_STEPS = {
    TOO_LONG: "choose another {elsewhere} with a shorter path",
    READ_ONLY: "choose another {elsewhere} on a disk that can be written",
    DISK_FULL: "free some space, or choose another {elsewhere}",
}


def plain_cause(error: OSError) -> str | None:
    """``error``'s cause in plain words ("the disk is full"), or None when it has none."""
    return _CAUSES.get(error.errno)


def command_line_step(error: OSError, write: bool = False,
                      elsewhere: str = "--data-dir") -> str | None:
    """What someone at a command line can do about ``error``, refused on a folder named
    beside it: make the folder reachable (``write``: writable), free some space, or choose
    another folder (``elsewhere``: the option that names it, or "folder for --csv"); None
    when ``error`` has no plain cause."""
    cause = plain_cause(error)
    if cause != NOT_ALLOWED:
        step = _STEPS.get(cause)
        return None if step is None else step.format(elsewhere=elsewhere)
    reach = ("make sure you may write in that folder and open each folder above it" if write
             else "make sure you may open that folder and each folder above it")
    return f"{reach}, or choose another {elsewhere}"
