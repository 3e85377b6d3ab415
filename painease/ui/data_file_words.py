"""What a patient's page says when painease's data file itself refused a save: a file
painease may not write (``StoreError.unwritable``), or a damaged one (``damaged``).

Those errors carry no ``cause`` a patient can read (their line names the file, for a
command line), so each page asks ``data_file_words(problem, then)`` for the kind in plain
words and the one next step, with no path and no colon: Home's import card
(``painease.ui.import_refused``), the Before and After pages and the question on closing
(``painease.ui.session_flow``), the player's banner (``painease.ui.store_banner``).

``store_cause(problem)`` is any ``StoreError``'s cause as a patient's page says it: its
known ``cause``, the two kinds above, a stored value that cannot be read (its own line,
which names a table and a row, never a path), else ``UNKNOWN``: an error with no known
cause (a closed store, the wrong thread, SQLite's own words) has only a line naming the
file, which goes to stderr, for whoever helps, and never to the page. ``known_cause`` is
the same but None for such an error, and says nothing on stderr: the note at start
(``painease.ui.store_notes``) keeps that line in its details.

* A file painease may not write: ask whoever looks after the computer to let it write
  there, and ``then`` (as fits the page: ", then press the button again.").
* A damaged file: trying again cannot help, so ``then`` is not said; painease keeps the
  file as it is, and the person is asked to keep it too and to ask for help with it.

No Qt; any thread.
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from painease.storage import StoreError

UNWRITABLE = "painease is not allowed to write to its data folder"
ASK_TO_WRITE = "Please ask whoever looks after this computer to let painease write there"
DAMAGED = "the file that keeps your sessions and ratings is damaged"
KEEP_THE_FILE = ("painease does not delete or replace the file. Please keep it as it is and "
                 "ask for help with it.")
UNKNOWN = "painease could not use the file that keeps your sessions and ratings"


def data_file_words(problem: StoreError, then: str) -> tuple[str, str] | None:
    """``(cause, step)`` for a data file painease may not write or a damaged one (see the
    top), or None for any other refusal. ``cause`` is a clause ("painease is not allowed
    to …"); ``step`` is whole sentences, ending with ``then`` for a file painease may not
    write (``then`` starts with its own joiner: ", then …" or "; the end is then …")."""
    if problem.unwritable:
        return UNWRITABLE, f"{ASK_TO_WRITE}{then}"
    if problem.damaged:
        return DAMAGED, KEEP_THE_FILE
    return None


_last_told = [""]  # the store's own line last sent to stderr by ``store_cause``


def known_cause(problem: StoreError) -> str | None:
    """Why ``problem`` happened, as a clause with no path, when that is known (see the
    top); None when it is not (the error's own line then names the file). Says nothing on
    stderr: for a note that keeps that line in its details (``painease.ui.store_notes``)."""
    from painease.storage.stored_values import UnreadableValue

    if problem.cause:
        return problem.cause
    kind = data_file_words(problem, "")
    if kind is not None:
        return kind[0]
    if isinstance(problem, UnreadableValue):
        return problem.reason  # "a value in the database cannot be read: the … table, row …"
    return None


def store_cause(problem: StoreError) -> str:
    """Why ``problem`` happened, as a clause with no path (see the top); the
    store's own line goes to stderr when the page cannot say it."""
    known = known_cause(problem)
    if known is not None:
        return known
    line = f"painease: {problem}"
    if line != _last_told[0]:  # a banner rebuilt every few seconds tells it once
        _last_told[0] = line
        print(line, file=sys.stderr)
    return UNKNOWN


def read_failed(error: Exception) -> str:
    """Why a read failed, for a page (Insights): a ``StoreError`` as ``store_cause`` says
    it; anything else in its own words."""
    from painease.storage import StoreError

    return store_cause(error) if isinstance(error, StoreError) else str(error)
