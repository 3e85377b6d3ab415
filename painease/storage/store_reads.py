"""The record reads of ``SessionStore``: sessions, their ratings and live samples, the journal.

``SessionReads`` is a mixin: ``SessionStore`` (``store.py``) inherits these methods, and
they are called on a store, never on their own. Each reads inside ``Database.guard``, so a
problem with the file is a ``StoreError`` with a plain message, and so is a stored value
that cannot be read (``stored_values.UnreadableValue``: its table, row and column); an unknown
session id is a ``ValueError``. They return the records of ``records.py``.

No Qt; the store's thread rules apply (``store.py``).
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import TYPE_CHECKING

from painease.storage.readable import stored_number, stored_text
from painease.storage.records import JournalEntry, LiveSample, Rating, Session
from painease.storage.stored_values import db_time, parse_db_time, read_stored

if TYPE_CHECKING:
    import sqlite3
    from collections.abc import Collection

    from painease.storage.database import Database


class SessionReads:
    """Reads of what a store holds; mixed into ``SessionStore``, which sets the two below."""

    database: Database
    _conn: sqlite3.Connection

    def session(self, session_id: int) -> Session:
        """The session with this id; ``ValueError`` if there is none."""
        with self.database.guard("read the session"):
            row = self._conn.execute(f"{_SESSION_SELECT} WHERE id = ?", (session_id,)).fetchone()
        if row is None:
            raise ValueError(f"no session with id {session_id}")
        return _session(row)

    def sessions(self, keep_unreadable: bool = False) -> list[Session]:
        """All sessions, oldest start first. ``keep_unreadable`` (the CSV export): a time
        that cannot be read is its ``UnreadableValue`` in the record, not raised."""
        with self.database.guard("read the sessions"):
            rows = self._conn.execute(f"{_SESSION_SELECT} ORDER BY started_at, id").fetchall()
        return [_session(r, keep_unreadable) for r in rows]

    def latest_session(self) -> Session | None:
        """The session started last (whatever became of it), or None before the first; one
        row read, for the Library's "last used" (``sessions`` reads them all). One dated
        in the future (the clock was ahead) is the last only when every one is
        (``painease.domain.wrong_clock.latest_lived``)."""
        now = db_time(datetime.now(UTC))
        with self.database.guard("read the sessions"):
            row = self._conn.execute(
                f"{_SESSION_SELECT} ORDER BY started_at > ?, started_at DESC, id DESC LIMIT 1",
                (now,)).fetchone()
        return _session(row) if row is not None else None

    def ratings(self, session_id: int, keep_unreadable: bool = False) -> dict[str, Rating]:
        """The session's ratings keyed by moment; a skipped rating is simply absent
        (``keep_unreadable`` as for ``sessions``)."""
        with self.database.guard("read the ratings"):
            self.database.require_session(session_id)
            rows = self._conn.execute(
                f"{_RATING_SELECT} WHERE session_id = ? ORDER BY moment DESC",  # 'pre' first
                (session_id,),
            ).fetchall()
        return {r[1]: _rating(r, keep_unreadable) for r in rows}

    def all_ratings(self, session_ids: Collection[int] | None = None,
                    keep_unreadable: bool = False) -> dict[int, dict[str, Rating]]:
        """Every session's ratings in one read, as ``ratings`` gives each (keyed by
        moment), keyed by session id; a session with none is absent. ``session_ids``:
        only those sessions' ratings are parsed, so a value that cannot be read in
        another session's is not raised (the one query reads them all, whatever their
        number: no list of ids in the SQL). ``keep_unreadable`` as for ``sessions``."""
        with self.database.guard("read the ratings"):
            rows = self._conn.execute(
                f"{_RATING_SELECT} ORDER BY session_id, moment DESC").fetchall()
        wanted = None if session_ids is None else set(session_ids)
        found: dict[int, dict[str, Rating]] = {}
        for r in rows:
            if wanted is None or r[0] in wanted:
                found.setdefault(r[0], {})[r[1]] = _rating(r, keep_unreadable)
        return found

    def live_samples(self, session_id: int) -> list[LiveSample]:
        """The session's live samples in audio-clock order (ties in insertion order)."""
        with self.database.guard("read the live ratings"):
            self.database.require_session(session_id)
            rows = self._conn.execute(
                "SELECT t_ms, value FROM live_samples WHERE session_id = ?"
                " ORDER BY t_ms, rowid",
                (session_id,),
            ).fetchall()
        return [LiveSample(t, v) for t, v in rows]

    def journal_entries(self, keep_unreadable: bool = False) -> list[JournalEntry]:
        """All journal entries, oldest first (``keep_unreadable`` as for ``sessions``)."""
        with self.database.guard("read the journal"):
            rows = self._conn.execute(
                "SELECT id, session_id, written_at, text FROM journal_entries"
                " ORDER BY written_at, id"
            ).fetchall()
        return [JournalEntry(r[0], r[1], parse_db_time(
            r[2], ("journal_entries", r[0], "written_at"), keep=keep_unreadable),
            read_stored(stored_text, r[3], "text", ("journal_entries", r[0], "text"),
                        keep=keep_unreadable))
            for r in rows]


_SESSION_SELECT = (
    "SELECT id, script_id, script_version, length_minutes, started_at, ended_at, elapsed_ms,"
    " outcome, audio_note, played_ms FROM sessions"
)


_RATING_SELECT = "SELECT session_id, moment, pain, fear, note, rated_at FROM ratings"


def _rating(r: tuple, keep: bool = False) -> Rating:
    """A ratings row (``_RATING_SELECT``) as a record (``keep`` as for ``_session``)."""
    where = ("ratings", f"session {r[0]}, {r[1]}")
    return Rating(*r[:4], _text_or_none(r[4], (*where, "note"), keep),
                  rated_at=parse_db_time(r[5], (*where, "rated_at"), keep=keep))


def _session(row: tuple, keep: bool = False) -> Session:
    """A sessions row as a record; a value that cannot be read (a time, or a value of the
    wrong type: ``painease.storage.readable``) is an ``UnreadableValue``, raised, or with
    ``keep`` in its place."""
    sid = row[0]
    script = read_stored(stored_text, row[1], "a script's id", ("sessions", sid, "script_id"),
                         keep=keep)
    length = read_stored(stored_number, row[3], "a number of minutes",
                         ("sessions", sid, "length_minutes"), keep=keep)
    started = parse_db_time(row[4], ("sessions", sid, "started_at"), keep=keep)
    ended = (parse_db_time(row[5], ("sessions", sid, "ended_at"), keep=keep)
             if row[5] is not None else None)
    note = _text_or_none(row[8], ("sessions", sid, "audio_note"), keep)
    return Session(sid, script, row[2], length, started, ended, row[6], row[7], note, row[9])


def _text_or_none(raw: object, where: tuple[str, object, str], keep: bool):
    """A free-text column's value (None stays None), as ``_session`` reads one."""
    return None if raw is None else read_stored(stored_text, raw, "text", where, keep=keep)
