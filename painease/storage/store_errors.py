"""The database's errors: ``StoreError``, the one exception every store raises, and how a
``sqlite3`` error is said as one (``translate_error``, ``disk_full``).

Contract
--------
* ``StoreError(reason, advice=None, cause=None, remedy=None)``: one plain line (see the
  class), with flags for its kind (``busy``, ``replaced``, ``damaged``, ``unwritable``);
  ``painease.storage.database`` and ``painease.storage`` give it under their names too,
  as they always did.
* ``translate_error(exc, path, action, what=None)`` turns a ``sqlite3`` exception on the
  database ``path`` into a ``StoreError`` a patient can act on: a full disk, a failed
  read or write, a file that is not a database or is damaged, one that cannot be written,
  one in use by another program.
* ``folder_replaced(path, what)``: the write of ``what`` refused, the file at ``path`` no
  longer being the one the store opened (``replaced``; cause ``FOLDER_REPLACED``).
* ``disk_full(exc, path)``: whether the error comes of a full disk (an I/O error counts
  when the disk has less than a megabyte free).

No state; any thread.
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path


class StoreError(Exception):
    """The database file cannot be used or written; the message is one plain line.

    Some errors carry ``advice`` for someone at a command line (move the file away, point
    ``--data-dir`` elsewhere): the message is then "reason; advice", and ``reason`` alone
    is what a window shows beside advice of its own (see ``painease.ui.app``).

    A failed write whose cause is plain also carries ``cause`` ("the disk is full"), and
    ``remedy`` ("free some space on the disk") when the person can do something about it:
    neither names the data that was not saved, so a page that says that in its own words
    says the cause and the remedy once (the rating pages).

    ``busy``: another program holds the file's write lock (SQLite's busy timeout ran
    out): nothing is wrong with the file, and trying again later can work.

    ``replaced``: the file at the store's path is no longer the one it opened (the data
    folder was moved, removed or restored from a backup while it was open:
    ``folder_replaced``); only a new start saves into the folder as it is now."""

    def __init__(self, reason: str, advice: str | None = None, *, cause: str | None = None,
                 remedy: str | None = None, busy: bool = False, replaced: bool = False,
                 damaged: bool = False, unwritable: bool = False):
        super().__init__(f"{reason}; {advice}" if advice else reason)
        self.reason = reason
        self.advice = advice
        self.cause = cause
        self.remedy = remedy
        self.busy = busy
        self.replaced = replaced
        self.damaged = damaged
        self.unwritable = unwritable

    @classmethod
    def from_any(cls, error: Exception) -> StoreError:
        """``error`` itself when it is a StoreError; otherwise one naming the unexpected
        failure, for a window that must say why the data cannot be used."""
        if isinstance(error, cls):
            return error
        return cls(f"the data could not be opened ({type(error).__name__}: {error})")


FOLDER_REPLACED = "the data folder was moved or replaced while painease was open"


def folder_replaced(path: Path, what: str) -> StoreError:
    """The write of ``what`` refused: the file at ``path`` is not the one the store opened
    (``Database.check_in_place``). No ``remedy``: the pages say what to do in words of
    their own (closing painease and opening it again), as trying again helps only once
    the same file is back."""
    were = "were" if " and " in what or what.endswith("s") else "was"  # as translate_error
    # As translate_error's full disk: the cause, what was not saved, then the folder for
    # whoever reads a command line; a patient's page says ``cause`` alone.
    return StoreError(f"{FOLDER_REPLACED}, so {what} {were} not saved ({path.parent})",
                      "start painease again", cause=FOLDER_REPLACED, replaced=True)


def _nearly_full(folder: Path) -> bool:
    """Less than a megabyte free where the database lives (False if that cannot be told)."""
    import shutil

    try:
        return shutil.disk_usage(folder).free < 1_000_000
    except OSError:
        return False


def disk_full(exc: sqlite3.Error, path: Path) -> bool:
    """Whether ``exc`` (on the database ``path``) comes of a full disk. It often shows as
    an I/O error rather than SQLITE_FULL (e.g. when the write-ahead log's index cannot be
    made), so for those the free space decides."""
    name = getattr(exc, "sqlite_errorname", "") or ""
    lowered = str(exc).lower()
    io_error = name.startswith("SQLITE_IOERR") or "disk i/o error" in lowered
    return (name == "SQLITE_FULL" or "disk is full" in lowered
            or (io_error and _nearly_full(path.parent)))


def translate_error(
    exc: sqlite3.Error, path: Path, action: str, what: str | None = None
) -> StoreError:
    """Turn a sqlite3 exception into a one-line StoreError a patient can act on.

    ``action`` says what was being done ("open the database"); ``what`` names the data a
    failed write did not save ("the rating"; several things joined by "and", or a name in
    the plural ending in "s", take "were"),
    so the message can say so plainly.
    """
    name = getattr(exc, "sqlite_errorname", "") or ""
    text = str(exc)
    lowered = text.lower()
    # Several things joined by "and", or one named in the plural ("the imported results",
    # "the phase marks"), take "were".
    were = "were" if what and (" and " in what or what.endswith("s")) else "was"
    # Not "painease cannot …": a command line says "painease: " before it already.
    lost = f"{what} {were} not saved" if what else f"it was not possible to {action}"
    io_error = name.startswith("SQLITE_IOERR") or "disk i/o error" in lowered
    if disk_full(exc, path):
        return StoreError(f"the disk is full, so {lost} ({path}); free some space and try again",
                          cause="the disk is full", remedy="free some space on the disk")
    if io_error:
        return StoreError(f"a read or write on the disk failed, so {lost} ({path}: {text});"
                          " check that the disk is still connected and try again",
                          cause="a read or write on the disk failed",
                          remedy="check that the disk is still connected")
    if name == "SQLITE_NOTADB" or "not a database" in lowered:
        return StoreError(f"{path} is not a painease database ({text})",
                          "move it away or choose another --data-dir", damaged=True)
    if name.startswith("SQLITE_CORRUPT") or "malformed" in lowered:
        # The advice apart, as ``health.damaged`` gives it: a window says its own.
        return StoreError(f"{path} is damaged ({text})", "restore a backup or move it away",
                          damaged=True)
    if name.startswith(("SQLITE_READONLY", "SQLITE_CANTOPEN", "SQLITE_PERM")) or (
        "readonly" in lowered or "unable to open" in lowered
    ):
        if path.parent.is_dir() and not os.access(path.parent, os.W_OK):
            return StoreError(f"cannot write to {path.parent}: the folder is read-only, so "
                              "nothing can be saved there",
                              "give it write permission again (chmod u+w) or choose another"
                              " --data-dir", unwritable=True)
        return StoreError(f"cannot write to {path} ({text})",
                          "check the folder's permissions or choose another --data-dir",
                          unwritable=True)
    if name.startswith(("SQLITE_BUSY", "SQLITE_LOCKED")) or "locked" in lowered:
        # Not "close other painease windows": a window holds the single-window lock, so
        # the holder is a painease command in a terminal, a backup, or the like.
        return StoreError(f"{path} is in use by another program ({text})",
                          "wait until it has finished and try again",
                          cause="another program is using painease's data file",
                          remedy="wait until the other program has finished", busy=True)
    if "closed database" in lowered:
        return StoreError(f"cannot {action}: the store is already closed")
    if "thread" in lowered:
        return StoreError(f"cannot {action}: a store must be used from the thread that opened it")
    return StoreError(f"cannot {action} in {path}: {text}")
