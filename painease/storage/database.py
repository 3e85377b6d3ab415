"""Database: the painease database file, how it is opened and recognised, and the two ways
every store uses it.

Contract
--------
* ``open_database(path)`` creates the parent dir (0700) and the file (0600) if missing,
  refuses a file that is not ours or is newer than this code, sets WAL + ``synchronous=FULL``
  + foreign keys, migrates forward (``painease.storage.migrations``, which holds the schema)
  and returns the connection (autocommit mode). Every failure is a ``StoreError``;
  ``translate_error`` turns sqlite3 exceptions into one-liners (both are
  ``painease.storage.store_errors``'s, and importable from here as they always were).
* ``inspect()`` only reads: it tells a fresh file, a painease file and someone else's SQLite
  file apart, so the store can refuse the wrong file before writing a single byte to it.
  ``open_database`` first asks it through a read-only connection
  (``painease.storage.first_look``): a writer that refuses a file still folds a log
  (``-wal``) beside it into it on close, even another program's.
* How every store writes and reads a time (``db_time``, ``parse_db_time``) and reads any
  stored value (``read_stored``, ``UnreadableValue``) is ``painease.storage.stored_values``.
* ``Database(path)`` is one open file. ``SessionStore`` opens it; the stores that share its
  connection (sets, patients, results) reach it as ``store.database`` rather than through
  the session store's insides (``require_session`` is the check they share):

  * ``guard(action)`` turns any ``sqlite3`` error in its block into a ``StoreError`` (a
    plain line that names what could not be done);
  * ``write(what)`` first makes sure the file at ``path`` is still the one the connection
    opened (``check_in_place``), then runs its block as one ``IMMEDIATE`` transaction,
    committed when the block ends and rolled back on any error, so a failed write leaves
    nothing behind; a ``write`` inside another one's block is part of that transaction (a
    savepoint: its error undoes its own writes and goes on to the outer block), so
    several stores' writes can be made one, all or nothing (a results import:
    ``painease.packs.results``). An error that makes SQLite undo the whole transaction (a
    full disk, an I/O error, an interrupt, a trigger's RAISE(ROLLBACK)) undoes the outer
    block's writes too: when the outer block catches it and goes on, each later nested
    ``write`` is a ``StoreError`` (it would otherwise be committed on its own) and the
    outer block ends with one;
  * ``snapshot(action)`` runs a block of reads as one transaction, so they all see the
    database as it was at the first of them (WAL: writers are not held up meanwhile);
  * ``patience(seconds)``: writes in its block wait less than ``BUSY_PATIENCE`` for
    another program's hold on the file (a save on the window's thread, tried again later).

Thread rules: the functions work on a connection the caller owns; no module state. The
connection (``open_database``'s, and so a ``Database``'s) belongs to the thread that opened
it, and the stores keep the same rule.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import NamedTuple

from painease.storage.migrations import APPLICATION_ID, SCHEMA_VERSION, migrate
from painease.storage.store_errors import (
    StoreError,
    disk_full,
    folder_replaced,
    translate_error,
)

# How long a connection waits for another process's lock before it gives up (the busy
# timeout), and opening for another process that is switching a new file to the log.
BUSY_PATIENCE = 5.0


class FileState(NamedTuple):  # not a dataclass: see store.py on start-up
    """What ``inspect`` found: the schema version, and whether the file is someone else's."""

    version: int
    foreign: bool


def inspect(conn: sqlite3.Connection) -> FileState:
    """Read the header fields and table list; raises ``sqlite3.DatabaseError`` on garbage.

    ``conn`` must be in autocommit mode with no transaction open. The three reads share one
    read transaction: read one by one, another process that made a new file's schema
    between them left a file with tables but (as first read) no application id, and the
    new painease file was refused as another program's."""
    conn.execute("BEGIN")
    try:
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        app_id = conn.execute("PRAGMA application_id").fetchone()[0]
        has_objects = conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0] > 0
    finally:
        if conn.in_transaction:
            conn.execute("ROLLBACK")  # it only read
    # A file with no tables at version 0 is ours to initialise (a new or hand-made empty
    # file). Anything that already holds tables must carry our application id.
    foreign = (has_objects or version != 0) and app_id != APPLICATION_ID
    return FileState(version=version, foreign=foreign)


def refusal(state: FileState, path: Path) -> StoreError | None:
    """Why a file ``inspect`` read must not be used (someone else's, or newer), or None."""
    if state.foreign:
        return StoreError(f"{path} is not a painease database (it belongs to another program)",
                          "move it away or choose another --data-dir",
                          cause="the file where painease keeps your sessions belongs to "
                                "another program")
    if state.version > SCHEMA_VERSION:
        return StoreError(
            f"{path} was made by a newer painease (schema {state.version}, this version"
            f" reads up to {SCHEMA_VERSION}); update painease",
            cause="your sessions were saved by a newer version of painease",
            remedy="update painease to the newer version",
        )
    return None


def open_database(path: Path, check: bool = False,
                  read_only_ok: bool = False) -> sqlite3.Connection:
    """Open, identify, configure and migrate; every failure becomes a StoreError.

    ``check``: first make sure the file is whole (``painease.storage.health.start_check``),
    before anything is written to it; a damaged file is a StoreError.
    ``read_only_ok`` (a caller that only reads): when the file or its folder cannot be
    written, or the disk is full, open it read-only instead
    (``painease.storage.read_only``)."""
    try:
        if path.parent.exists() and not path.parent.is_dir():
            raise StoreError(f"cannot use {path}: {path.parent} is a file, not a folder",
                             "choose another --data-dir")
        if not path.parent.is_dir():  # another process may make it meanwhile: no error
            path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        if path.is_dir():
            raise StoreError(f"{path} is a directory, not a painease database")
        is_new = not path.exists()
        if not is_new:  # ours? asked read-only, so a refused file is left as it was
            from painease.storage.first_look import first_look

            first_look(path)
        # isolation_level=None: no hidden transactions; the store and migrate() own them.
        conn = sqlite3.connect(path, timeout=BUSY_PATIENCE, isolation_level=None)
    except OSError as exc:  # said with the next step, for a command line (a window: reason)
        from painease.plain_causes import command_line_step

        raise StoreError(f"cannot create {path.parent}: {exc.strerror or exc}",
                         command_line_step(exc, write=True)) from exc
    except sqlite3.Error as exc:
        raise translate_error(exc, path, "open the database") from exc
    try:
        if is_new:
            os.chmod(path, 0o600)  # health data: owner only (WAL files inherit this mode)
        state = inspect(conn)  # read-only, so a wrong file is left untouched
        problem = refusal(state, path)
        if problem is not None:
            raise problem
        if check and not is_new:
            from painease.storage.health import start_check

            damage = start_check(conn, path)
            if damage is not None:
                raise damage
        use_wal(conn)
        conn.execute("PRAGMA synchronous = FULL")  # WAL + FULL: fsync on every commit
        conn.execute("PRAGMA foreign_keys = ON")
        migrate(conn)
    except BaseException as exc:
        conn.close()
        if isinstance(exc, sqlite3.Error):
            from painease.storage.read_only import cannot_write, open_read_only

            # A full disk leaves no room for the log's index either; reading needs none.
            full = disk_full(exc, path)
            if read_only_ok and not is_new and (cannot_write(exc) or full):
                return open_read_only(path, full)
            raise translate_error(exc, path, "open the database") from exc
        if isinstance(exc, OSError):
            raise StoreError(f"cannot use {path}: {exc.strerror or exc}") from exc
        raise
    return conn


def use_wal(conn: sqlite3.Connection, patience: float = BUSY_PATIENCE) -> None:
    """Switch ``conn``'s file to the write-ahead log (nothing to do when it already is).

    A new file is still in rollback mode, and the switch writes its header. SQLite makes
    that write as an upgrade of the read it starts with, and an upgrade does not wait for
    the busy timeout: when another process holds the write lock (it is switching the same
    new file, or making its schema), SQLite says "database is locked" at once. So the
    switch is tried again, every 10 ms, for up to ``patience`` seconds."""
    import time

    deadline = time.monotonic() + patience
    while True:
        try:
            conn.execute("PRAGMA journal_mode = WAL")
            return
        except sqlite3.OperationalError as exc:
            busy = (getattr(exc, "sqlite_errorname", "") or "").startswith("SQLITE_BUSY")
            if not busy or time.monotonic() >= deadline:
                raise
            time.sleep(0.01)


def file_identity(path: Path) -> tuple[int, int] | None:
    """Which file is at ``path`` (device, inode), or None when there is none."""
    try:
        found = os.stat(path)
    except OSError:
        return None
    return found.st_dev, found.st_ino


def _undone(what: str) -> StoreError:
    """A write whose transaction SQLite already rolled back as a whole (an error in a
    nested write that the outer block caught: a full disk, an I/O error, an interrupt):
    nothing of it is kept, and nothing more may be written as part of it."""
    were = "were" if " and " in what or what.endswith("s") else "was"  # as translate_error
    they = "they" if were == "were" else "it"
    return StoreError(f"{what} {were} not saved: an earlier error undid the save {they}"
                      f" {were} part of; try again")


class Database:
    """The open file (``path``) and its connection (``conn``); ``StoreError`` if it cannot
    be opened, created or migrated (or, with ``check``, is damaged: see ``open_database``).
    ``read_only_ok``: a reader that accepts a read-only connection (``read_only``)."""

    def __init__(self, path: Path, check: bool = False, read_only_ok: bool = False) -> None:
        # Absolute once: a relative path read again after the working folder changed names
        # another file, and ``check_in_place`` took that for the data folder replaced.
        self.path = Path(path).absolute()
        self._writing = False  # a ``write`` block is running (the next one nests in it)
        self.conn = open_database(self.path, check=check, read_only_ok=read_only_ok)
        self._opened = file_identity(self.path)  # the file the connection holds
        # True when it could only be opened for reading (``painease.storage.read_only``).
        self.read_only = read_only_ok and self.conn.execute("PRAGMA query_only").fetchone()[0]

    def close(self) -> None:
        """Close the connection; safe to call twice. Everything was already committed."""
        self.conn.close()

    def require_session(self, session_id: int) -> str:
        """The session's outcome; ``ValueError`` if there is no such session."""
        row = self.conn.execute("SELECT outcome FROM sessions WHERE id = ?", (session_id,))
        row = row.fetchone()
        if row is None:
            raise ValueError(f"no session with id {session_id}")
        return row[0]

    def check_in_place(self, what: str) -> None:
        """``StoreError`` (``replaced``) when the file at ``path`` is no longer the one this
        connection opened: the data folder was moved, removed or restored from a backup
        meanwhile. SQLite would go on writing into the file it holds, gone from the
        folder, and nothing saved would be seen again. One ``stat`` per write
        transaction; the same file back at its path (moved back) saves again."""
        if self._opened is not None and file_identity(self.path) != self._opened:
            raise folder_replaced(self.path, what)

    @contextmanager
    def guard(self, action: str, what: str | None = None) -> Iterator[None]:
        """``sqlite3`` errors become ``StoreError``; ``action`` says what was being done
        ("read the sets"), ``what`` names the data a failed write did not save."""
        try:
            yield
        except sqlite3.Error as exc:
            raise translate_error(exc, self.path, action, what) from exc

    @contextmanager
    def snapshot(self, action: str) -> Iterator[None]:
        """One read transaction: every read in the block sees the same moment, whatever
        other connections commit meanwhile. No writes in the block."""
        with self.guard(action):
            self.conn.execute("BEGIN")
            try:
                yield
            finally:
                if self.conn.in_transaction:
                    self.conn.execute("ROLLBACK")  # nothing to keep: it only read

    @contextmanager
    def write(self, what: str, durable: bool = True) -> Iterator[None]:
        """One IMMEDIATE transaction, committed on success, rolled back on any error.

        ``durable=False`` commits without waiting for the disk to flush (WAL with
        ``synchronous=NORMAL`` for this transaction only): the write survives the app
        being killed or crashing, not a power cut, and the thread does not wait on the
        disk. Only for a mark the next write repeats anyway (a running session's
        position), never for anything the patient confirmed.
        """
        if self._writing:  # inside another write: part of its transaction (module doc)
            if not self.conn.in_transaction:  # an earlier error undid all of it
                raise _undone(what)
            with self.guard(f"save {what}", what), self._savepoint():
                yield
            return
        self.check_in_place(what)
        with self.guard(f"save {what}", what):
            if not durable:
                self.conn.execute("PRAGMA synchronous = NORMAL")
            try:
                # IMMEDIATE takes the write lock up front, so a busy file fails here (after
                # the busy timeout) rather than half-way through the batch.
                self.conn.execute("BEGIN IMMEDIATE")
                self._writing = True
                try:
                    yield
                    if not self.conn.in_transaction:  # not COMMIT: nothing is left to keep
                        raise _undone(what)
                    self.conn.execute("COMMIT")
                except BaseException:
                    # SQLite may already have rolled back by itself (e.g. after SQLITE_FULL).
                    if self.conn.in_transaction:
                        self.conn.execute("ROLLBACK")
                    raise
                finally:
                    self._writing = False
            finally:
                if not durable:
                    self.conn.execute("PRAGMA synchronous = FULL")  # back for the ratings

    @contextmanager
    def patience(self, seconds: float) -> Iterator[None]:
        """Writes in the block wait at most ``seconds`` for another program's hold on the
        file (then ``StoreError`` with ``busy``), never longer than the connection already
        waits (``BUSY_PATIENCE``), which is back once the block ends. For a save on the
        window's thread whose caller keeps what was not saved and tries again: the window
        answers meanwhile (``painease.session_saving``)."""
        try:
            usual = self.conn.execute("PRAGMA busy_timeout").fetchone()[0]
            self.conn.execute(f"PRAGMA busy_timeout = {min(usual, round(seconds * 1000))}")
        except sqlite3.Error:  # closed: the write in the block says so
            usual = None
        try:
            yield
        finally:
            if usual is not None:
                with suppress(sqlite3.Error):  # closed in the block: nothing to restore
                    self.conn.execute(f"PRAGMA busy_timeout = {usual}")

    @contextmanager
    def _savepoint(self) -> Iterator[None]:
        """A ``write`` nested in another: released into the outer transaction on success;
        on any error its own writes are undone and the error goes on (to the outer block,
        which rolls the whole transaction back unless it handles the error)."""
        self.conn.execute("SAVEPOINT nested_write")
        try:
            yield
        except BaseException:
            if self.conn.in_transaction:  # SQLite may have rolled it all back already
                self.conn.execute("ROLLBACK TO nested_write")
                self.conn.execute("RELEASE nested_write")
            raise
        self.conn.execute("RELEASE nested_write")
