"""Reading a painease database in a folder that cannot be written.

A probe ran ``export`` and ``report`` on a data folder its user may read but not write
(mode 0500): both failed with "attempt to write a readonly database". In WAL mode even a
read needs the write-ahead log's index (``-shm``) beside the file, and SQLite makes it
when it is missing; in such a folder it cannot.

Contract
--------
``open_read_only(path)`` (``open_database(read_only_ok=True)`` falls back to it when the
normal open fails because the file or its folder cannot be written, or the disk is full:
a read needs no room, but the normal open makes the log's index) opens the file with
SQLite's ``mode=ro``, or, when even that cannot work (no ``-shm`` and no way to make one),
as ``immutable=1``: the file alone, read as it is on disk. It refuses (``StoreError``):

* a file that is not ours, or newer than this painease (as ``open_database`` does);
* a file an older painease made: this one would update it first, and cannot;
* a write-ahead log (``-wal``) with changes in it that cannot be read (no ``-shm``): the
  file alone would leave the latest sessions out without a word.

The connection is ``query_only``: any write fails. ``Database.read_only`` tells the stores,
so the insights compute the phase shifts they would otherwise cache. ``immutable`` assumes
nobody changes the file meanwhile; nobody can through this folder, but its owner might:
a read then may fail, never write. Thread rules as ``open_database``.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from painease.storage.database import StoreError, inspect, refusal, translate_error
from painease.storage.migrations import SCHEMA_VERSION


def cannot_write(error: sqlite3.Error) -> bool:
    """Whether ``error`` says the file or its folder cannot be written (or the log's
    index cannot be made), so a read-only open may still work."""
    name = getattr(error, "sqlite_errorname", "") or ""
    text = str(error).lower()
    return (name.startswith(("SQLITE_READONLY", "SQLITE_CANTOPEN", "SQLITE_PERM"))
            or "readonly" in text or "unable to open" in text)


def open_read_only(path: Path, full: bool = False) -> sqlite3.Connection:
    """Open ``path`` for reading only (see the module doc); every failure is a StoreError.
    ``full``: it cannot be written because the disk is full (not for want of rights), and
    a refusal says so."""
    path = Path(path)
    unwritable = ("the disk is full" if full
                  else f"{path.parent} cannot be written")
    remedy = ("free some space on the disk and try again" if full else
              "open painease once as a user who may write to that folder, or copy the "
              "folder{} and use --data-dir with the copy")
    uri = path.resolve().as_uri()
    try:
        conn = _connect(f"{uri}?mode=ro")
    except sqlite3.Error as exc:
        log = path.with_name(path.name + "-wal")
        if log.exists() and log.stat().st_size > 0:
            raise StoreError(
                f"cannot read {path}: its latest changes are in {log}, which can only be "
                f"read where its index ({path.name}-shm) can be made, and {unwritable} "
                f"({exc})", remedy.format(" (with that file)")) from exc
        try:
            conn = _connect(f"{uri}?immutable=1")
        except sqlite3.Error as again:
            raise translate_error(again, path, "open the database") from again
    try:
        state = inspect(conn)
        problem = refusal(state, path)
        if problem is not None:
            raise problem
        if state.version < SCHEMA_VERSION:
            raise StoreError(
                f"{path} was saved by an older painease (schema {state.version}); this "
                f"one must update it before reading it, and it cannot be updated here: "
                + ("the disk is full" if full
                   else f"{path.parent} or the file cannot be written"), remedy.format(""))
        conn.execute("PRAGMA query_only = ON")
        conn.execute("PRAGMA foreign_keys = ON")
    except BaseException as exc:
        conn.close()
        if isinstance(exc, sqlite3.Error):
            raise translate_error(exc, path, "open the database") from exc
        raise
    return conn


def _connect(uri: str) -> sqlite3.Connection:
    """Connect and read the schema, which is when SQLite finds out what it cannot open."""
    conn = sqlite3.connect(uri, uri=True, timeout=5.0, isolation_level=None)
    try:
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except BaseException:
        conn.close()
        raise
    return conn
