"""Whether a painease database file is whole: SQLite's own check, sized to cost little.

A probe damaged a few pages of a database: the window opened it without a word, Home and
Insights showed what could still be read, and the patient learnt of it only when the
rating before a session could not be saved, each try leaving an empty session behind. So
the window's start checks the file before the store migrates it or marks a session
interrupted (``database.open_database(check=True)``, from
``painease.storage.prepare.prepare_store`` on the start-up worker), and a damaged file is said
at once and never written.

The check is ``PRAGMA quick_check``: every page of every table and index is read and its
structure checked (not whether each index matches its table, which ``integrity_check``
adds at about four times the cost). Measured on a ten-year history (455 MB: 11,000
sessions with 1,000 live ratings each, ``painease.demo.build_history``), warm cache: 1.2 to
1.5 s for the whole file, all but 30 ms of it in ``live_samples``. So:

* ``start_check(conn, path)`` checks the whole file when it is at most
  ``WHOLE_FILE_BYTES`` (64 MiB, under 0.2 s; years of ordinary use stay far below it), and
  otherwise every table but the big ones (``BIG_TABLES``) with their indexes: all a
  session start, Home, a rating and the sets read or write.
* ``late_check(path)`` checks what ``start_check`` left out (nothing, for a file that
  size), on a read-only connection of its own: the start-up worker runs it once the
  window is usable, and the window then says so as it would have at start.

Both return a ``StoreError`` that says the file is damaged, or None. No Qt; any thread
(each uses the connection it is given, or its own).
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from painease.storage.database import StoreError

WHOLE_FILE_BYTES = 64 * 1024 * 1024
BIG_TABLES = ("live_samples",)


def start_check(conn: sqlite3.Connection, path: Path) -> StoreError | None:
    """The check at start (see the module doc), on the caller's open connection."""
    if _size(path) <= WHOLE_FILE_BYTES:
        return _check(conn, path, None)
    tables = [name for name in _tables(conn) if name not in BIG_TABLES]
    return _check(conn, path, tables)


def late_check(path: Path) -> StoreError | None:
    """What ``start_check`` left out, on a read-only connection of its own (None too when
    the file cannot be opened at all: the store says why on its own)."""
    if _size(path) <= WHOLE_FILE_BYTES:
        return None
    try:
        conn = sqlite3.connect(f"{Path(path).resolve().as_uri()}?mode=ro", uri=True)
    except sqlite3.Error:
        return None
    try:
        try:
            tables = [name for name in _tables(conn) if name in BIG_TABLES]
        except sqlite3.DatabaseError as exc:
            return damaged(path, str(exc))
        return _check(conn, path, tables)
    finally:
        conn.close()


def damaged(path: Path, detail: str) -> StoreError:
    """The one line that says the file is damaged (``detail``: what SQLite found)."""
    first = detail.strip().splitlines()
    found = next((line for line in first if not line.startswith("***")), detail.strip())
    return StoreError(f"{path} is damaged: part of it cannot be read back as it was saved "
                      f"(SQLite's check found: {found[:200]})",
                      "restore a backup or move it away", damaged=True)


def _check(conn: sqlite3.Connection, path: Path, tables: list[str] | None
           ) -> StoreError | None:
    try:
        for name in [None] if tables is None else tables:
            pragma = "PRAGMA quick_check" if name is None else f'PRAGMA quick_check("{name}")'
            rows = [row[0] for row in conn.execute(pragma).fetchall()]
            if rows != ["ok"]:
                return damaged(path, "\n".join(str(row) for row in rows))
    except sqlite3.DatabaseError as exc:
        if "malformed" in str(exc).lower() or "corrupt" in str(exc).lower():
            return damaged(path, str(exc))
        raise
    return None


def _tables(conn: sqlite3.Connection) -> list[str]:
    return [row[0] for row in conn.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")]


def _size(path: Path) -> int:
    try:
        return Path(path).stat().st_size
    except OSError:
        return 0
