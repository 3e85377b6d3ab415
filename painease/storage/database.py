"""Database: one open painease database file, and the two ways every store uses it.

``SessionStore`` opens it; the stores that share its connection (sets, patients, results)
reach it as ``store.database`` rather than through the session store's insides
(``require_session`` is the check they share):

* ``guard(action)`` turns any ``sqlite3`` error in its block into a ``StoreError`` (a
  plain line that names what could not be done);
* ``write(what)`` runs its block as one ``IMMEDIATE`` transaction, committed when the block
  ends and rolled back on any error, so a failed write leaves nothing behind;
* ``snapshot(action)`` runs a block of reads as one transaction, so they all see the
  database as it was at the first of them (WAL: writers are not held up meanwhile).

Same thread rules as the store: the connection belongs to the thread that opened it.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from painease.storage.migrations import open_database, translate_error


class Database:
    """The open file (``path``) and its connection (``conn``); ``StoreError`` if it cannot
    be opened, created or migrated."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self.conn = open_database(self.path)

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
        with self.guard(f"save {what}", what):
            if not durable:
                self.conn.execute("PRAGMA synchronous = NORMAL")
            try:
                # IMMEDIATE takes the write lock up front, so a busy file fails here (after
                # the busy timeout) rather than half-way through the batch.
                self.conn.execute("BEGIN IMMEDIATE")
                try:
                    yield
                    self.conn.execute("COMMIT")
                except BaseException:
                    # SQLite may already have rolled back by itself (e.g. after SQLITE_FULL).
                    if self.conn.in_transaction:
                        self.conn.execute("ROLLBACK")
                    raise
            finally:
                if not durable:
                    self.conn.execute("PRAGMA synchronous = FULL")  # back for the ratings
