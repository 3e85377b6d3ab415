"""The first look at an existing database file: is it ours, before anything is written?

A probe put another program's write-ahead log (``painease.sqlite3-wal``, same page size)
beside a painease database and ran ``painease export``: SQLite read the log as the file's
own, so the file looked like the other program's and was refused; but the refusing
connection was a writer, and SQLite folds the log into the file when the last writer
closes. The 116 sessions became the other program's table, and the log was gone.

Contract
--------
``first_look(path)`` (``open_database`` calls it for a file that exists, before its own
connection) opens ``path`` read-only (``mode=ro``: such a connection never writes the log
into the file, on close or otherwise), reads what ``inspect`` reads and raises the
``StoreError`` ``refusal`` gives, or returns None when the file may be opened. When the
file looks like another program's only because of the log beside it (the file alone
carries painease's application id, read from its header), the refusal says that plainly:
the log is not the file's, move it away, nothing was changed. So too when the file and
the log that was beside it read as malformed though the file alone reads: the log may not
be the file's (not "the file is damaged"). The index (``-shm``) and empty log a read-only
connection makes beside a file it then refuses are removed again (only those it made). A
``path`` that is a link is looked at where it leads, as SQLite does: the log and index are
beside the real file, and the refusal names those. When the read-only connection itself
fails otherwise (a damaged file, a folder that cannot be written), it says nothing:
``open_database`` finds the same and says it in its words (or falls back to reading,
``painease.storage.read_only``).

A file looked at and passed in this process is not looked at again while no log is
beside it (at every app start the start-up worker opens the store and closes it, and the
window opens its own moments later, on the GUI thread). Without a log the look reads just
what the store's own open reads first, read-only too (``inspect``), and that open refuses
it in the same words; and with no log there is nothing a refusing writer could fold in. A
log that appeared in between (another program's, dropped there) is looked at as the first
time. A log dropped after the look and before the store's own read is missed either way.

A look that cannot tell (busy, a damaged file) leaves the index and empty log it made:
the store's own open that follows uses them, and removes them when it closes as the last
connection. When it is not the last, another connection has the file open and may be using
that index; removing it then could give the file two indexes that disagree, so it is left.

A stale log of painease's own (an older state of this very file, beside a restored copy)
cannot be told apart from a current one; the docs on restoring a copy say to move the
``-wal`` and ``-shm`` beside it away first. Its one state is the set of files passed; any
thread (its own connection).
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

from painease.storage.database import BUSY_PATIENCE, StoreError, inspect, refusal
from painease.storage.migrations import APPLICATION_ID

_MAGIC = b"SQLite format 3\x00"  # a SQLite file's first 16 bytes
_passed: set[Path] = set()  # the real paths looked at and passed in this process


def first_look(path: Path) -> None:
    """Raise the ``StoreError`` that says why ``path`` must not be opened (see the module
    doc); return when it may be, or when a read-only look cannot tell."""
    # Through a link, SQLite keeps the log and index beside the real file: so does this.
    real = path.resolve()
    log, index = _beside(real, "-wal"), _beside(real, "-shm")
    if real in _passed and not os.path.lexists(log):
        return  # passed, and no log beside it since: see the module doc
    had = log.exists(), index.exists()
    try:
        conn = sqlite3.connect(f"{real.as_uri()}?mode=ro", uri=True,
                               timeout=BUSY_PATIENCE, isolation_level=None)
    except sqlite3.Error:
        return  # the normal open says why
    problem, read = None, False
    try:
        problem, read = _look(conn, path, real, log, had_log=had[0])
    finally:
        conn.close()  # read-only: the log is not written into the file
        if problem is not None:
            _tidy(log, index, had)
    if problem is not None:
        _passed.discard(real)
        raise problem
    if read:
        _passed.add(real)


def _look(conn: sqlite3.Connection, path: Path, real: Path, log: Path, *,
          had_log: bool) -> tuple[StoreError | None, bool]:
    """The refusal for what ``conn`` (read-only, on ``real``) reads, or None; and whether
    it could be read."""
    try:
        state = inspect(conn)
    except sqlite3.OperationalError:
        return None, False  # busy, or cannot be read now: the normal open says why
    except sqlite3.DatabaseError:
        # Malformed with the log that was beside it, though the file alone reads as
        # painease's: the log, not the file, is what does not fit. Else: damage, said
        # by the normal open.
        if had_log and _ours_alone(real) and _reads_alone(real):
            return foreign_log(real, log, sure=False), False
        return None, False
    problem = refusal(state, path)
    if problem is not None and state.foreign and _ours_alone(real):
        return foreign_log(real, log), True
    return problem, True


def foreign_log(path: Path, log: Path, sure: bool = True) -> StoreError:
    """The refusal for a painease file with another program's log beside it (``sure``:
    the two read as another program's file; else they cannot be read together)."""
    whose = ("belongs to another program, not to it" if sure
             else "may not belong to it: the two cannot be read together")
    return StoreError(
        f"{path} is a painease database, but the file beside it, {log.name}, {whose}; "
        "nothing was changed",
        f"move {log} out of that folder, then try again",
        cause=(f"a file beside it, {log.name}, "
               + ("belongs to another program" if sure else "may not belong to it")),
        remedy=(f"move {log} out of that folder (for example to your desktop); "
                "do not delete it before you know whose it is"))


def _ours_alone(path: Path) -> bool:
    """Whether the file itself (its header, without any log) carries painease's id."""
    try:
        with open(path, "rb") as file:
            header = file.read(72)
    except OSError:
        return False
    return (len(header) == 72 and header.startswith(_MAGIC)
            and int.from_bytes(header[68:72], "big") == APPLICATION_ID)


def _reads_alone(path: Path) -> bool:
    """Whether the file without its log reads (``immutable``: SQLite then reads no log or
    index and makes none)."""
    try:
        conn = sqlite3.connect(f"{path.as_uri()}?immutable=1", uri=True,
                               isolation_level=None)
    except sqlite3.Error:
        return False
    try:
        inspect(conn)
    except sqlite3.Error:
        return False
    finally:
        conn.close()
    return True


def _beside(path: Path, suffix: str) -> Path:
    return path.with_name(path.name + suffix)


def _tidy(log: Path, index: Path, had: tuple[bool, bool]) -> None:
    """Remove the index and the empty log the read-only look made (never one it found)."""
    try:
        if not had[1]:
            index.unlink(missing_ok=True)
        if not had[0] and log.exists() and log.stat().st_size == 0:
            log.unlink()
    except OSError:
        pass  # only tidying: a leftover index or empty log holds nothing
