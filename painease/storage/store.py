"""SessionStore: the one SQLite file that holds sessions, ratings, live samples and journal.

Contract
--------
* Every write method has committed its transaction before it returns, with
  ``synchronous=FULL`` in WAL mode, so a confirmed rating survives a crash or a kill the
  moment after the call. A write that fails leaves nothing behind (one transaction each;
  ``finish_session`` puts a session's end and its After page's answers in one, so no part
  is kept without the others). Their checks and statements are in ``session_writes.py``.
* Bad input raises ``ValueError`` with a plain message (rating out of 0..10, unknown moment,
  negative time, empty journal text, naive datetime, unknown session id) and nothing is
  written; CHECK constraints in the schema are only the last line of defence.
* Anything that goes wrong with the file or the disk raises ``StoreError`` with a one-line
  message a patient can act on; no raw ``sqlite3`` exception leaves a public method.
* Times are taken as timezone-aware datetimes (default: now) and stored as UTC ISO-8601 text
  with a ``Z`` suffix and millisecond precision, which also sorts chronologically as text.
* Reads return the records of ``records.py`` (``Session``, ``Rating``, ``LiveSample``,
  ``JournalEntry``), which this module also names for its importers. They are in
  ``store_reads.py`` (``SessionReads``, which ``SessionStore`` inherits).
* The insights reads (``insight_points``, ``insight_table``, ``phase_marks``, ``live_trace``,
  ``phase_shift_summary``) keep their SQL in ``insight_queries.py`` and load numpy only when
  first called, so opening the store at start-up stays light. They, the phase marks and
  the cache of phase shifts are in ``store_insights.py`` (``StoreInsights``, inherited too).

This module opens the store and holds its writes of sessions, ratings, live samples and
journal entries.

Thread rules
------------
A store owns one connection and must only be used from the thread that created it (sqlite3's
default ``check_same_thread`` enforces this; a violation becomes ``StoreError``). The audio
callback never touches the store: the session layer collects live samples and hands them
over in batches from its own thread.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from pathlib import Path

from painease.storage import session_writes as rows
from painease.storage.database import Database, StoreError
from painease.storage.records import JournalEntry, LiveSample, Rating, Session
from painease.storage.store_insights import StoreInsights
from painease.storage.store_reads import SessionReads
from painease.storage.stored_values import parse_db_time
from painease.storage.values import note_text, real_number, utc_text, whole_number

MOMENTS, END_OUTCOMES = rows.MOMENTS, rows.END_OUTCOMES  # named here for their importers
__all__ = ["END_OUTCOMES", "MOMENTS", "JournalEntry", "LiveSample", "Rating", "Session",
           "SessionStore", "StoreError"]


class SessionStore(SessionReads, StoreInsights):
    """Opens (creating and migrating if needed) one painease database file."""

    def __init__(self, path: Path, check: bool = False, read_only_ok: bool = False) -> None:
        # check: make sure the file is whole first (the window's start, storage.health);
        # read_only_ok: a reader takes a read-only connection where it cannot write
        # (storage.read_only); every write then fails with a StoreError.
        self.database = Database(path, check, read_only_ok)  # shared by sets, patients…
        self.path = self.database.path
        self._conn = self.database.conn

    @classmethod
    def open_default(cls, check: bool = False, read_only_ok: bool = False) -> SessionStore:
        """Open the database in the user's data dir (``$PAINEASE_HOME`` when set)."""
        from painease import paths  # late: keeps platformdirs out of plain storage imports

        try:
            return cls(paths.database_path(create=not read_only_ok), check,
                       read_only_ok)
        except OSError as exc:
            raise StoreError(paths.folder_problem(exc)) from exc

    def close(self) -> None:
        """Close the connection; safe to call twice. Everything was already committed."""
        self.database.close()

    def __enter__(self) -> SessionStore:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    # ---- writes -------------------------------------------------------------------------

    def start_session(self, script_id: str, script_version: int, length_minutes: float,
                      started_at: datetime | None = None,
                      program_item: tuple[str, int] | None = None) -> int:
        """Insert an 'in_progress' session and return its id; committed before returning.

        ``program_item`` = (set id, item position) links the session to the set item it was
        started from, in the same transaction (see ``painease.storage.programs``).
        The session keeps the UTC offset this computer's clock has at ``started_at``: the
        day the patient lived it on, even if they later travel or move (their results
        carry it, see ``painease.storage.zones``).
        """
        from painease.local_time import utc_offset_minutes  # zoneinfo: not at start-up

        if not isinstance(script_id, str) or not script_id.strip():
            raise ValueError("script_id must be a non-empty string")
        version = whole_number(script_version, "script_version", low=0)
        minutes = real_number(length_minutes, "length_minutes")
        if minutes <= 0:
            raise ValueError(f"length_minutes must be positive, got {length_minutes}")
        started = utc_text(started_at, "started_at")
        row = (script_id, version, minutes, started,
               utc_offset_minutes(parse_db_time(started)))
        with self.database.write("the session"):
            cur = self._conn.execute(
                "INSERT INTO sessions (script_id, script_version, length_minutes, started_at,"
                " utc_offset_minutes) VALUES (?, ?, ?, ?, ?)",
                row,
            )
            if program_item is not None:
                program_id, position = program_item
                self._conn.execute(
                    "INSERT INTO program_sessions (session_id, program_id, position)"
                    " VALUES (?, ?, ?)",
                    (cur.lastrowid, str(program_id), whole_number(position, "position", low=1)),
                )
        return cur.lastrowid

    def save_rating(self, session_id: int, moment: str, pain: int, fear: int,
                    note: str | None = None, rated_at: datetime | None = None) -> None:
        """Store the pre or post rating, durably committed before this returns.

        Saving the same moment again replaces the earlier rating (the patient corrected it);
        the latest confirmed value is the one that counts. A blank note is stored as None.
        """
        row = rows.rating_row(session_id, moment, pain, fear, note, rated_at)
        with self.database.write("the rating"):
            self.database.require_session(session_id)
            rows.write_rating(self._conn, row)

    def add_live_samples(self, session_id: int, samples: Iterable[tuple[int, float]]) -> None:
        """Append ``(t_ms, value)`` samples in one transaction: all of the batch or none."""
        batch = rows.sample_rows(session_id, samples)
        if not batch:
            return
        with self.database.write("the live rating batch"):
            self.database.require_session(session_id)
            rows.write_samples(self._conn, batch)

    def save_progress(self, session_id: int, reached_ms: int, played_ms: int,
                      samples: Iterable[tuple[int, float]] = ()) -> None:
        """Save how far a running session got (``reached_ms``, its audio-clock position)
        and how much of it played (``played_ms``), with any live ``samples``, in one
        transaction: all of it or none.

        Only an 'in_progress' session's marks change (one that has ended keeps its end);
        ``mark_interrupted`` reads them if the app dies. Without samples the commit does
        not wait for the disk (``Database.write(durable=False)``): a mark survives the app
        being killed, and the next one replaces it anyway; live ratings are committed as
        durably as any rating.
        """
        reached = whole_number(reached_ms, "reached_ms", low=0)
        played = whole_number(played_ms, "played_ms", low=0)
        batch = rows.sample_rows(session_id, samples)
        what = "the live rating batch" if batch else "how far the session got"
        with self.database.write(what, durable=bool(batch)):
            self.database.require_session(session_id)
            if batch:
                rows.write_samples(self._conn, batch)
            self._conn.execute(
                "UPDATE sessions SET reached_ms = ?, played_ms = ?"
                " WHERE id = ? AND outcome = 'in_progress'", (reached, played, session_id))

    def end_session(self, session_id: int, outcome: str, elapsed_ms: int,
                    ended_at: datetime | None = None, played_ms: int | None = None) -> None:
        """Close an 'in_progress' session as 'completed' or 'stopped_early'.

        ``elapsed_ms`` is where it ended on the audio clock; ``played_ms`` (None: not
        known, the last saved value stays) how much of the audio actually played. An
        ``ended_at`` before the session's start (the clock was set back while it ran) is
        kept as the start plus ``elapsed_ms`` (``session_writes.write_end``)."""
        row = rows.end_row(outcome, elapsed_ms, ended_at, played_ms)
        with self.database.write("the end of the session"):
            current = self.database.require_session(session_id)
            if current != "in_progress":
                raise ValueError(f"session {session_id} has already ended ({current})")
            rows.write_end(self._conn, session_id, row)
        self._cache_shifts(session_id)

    def finish_session(self, session_id: int, *, samples: Iterable[tuple[int, float]] = (),
                       end: tuple[str, int, int | None] | None = None,
                       post: tuple[int, int, str | None] | None = None,
                       journal: str | None = None,
                       ended_at: datetime | None = None,
                       audio_note: str | None = None) -> int | None:
        """Save the end of a session and what its After page confirmed in one transaction,
        all of it or none: a kill or a full disk never keeps the rating and loses the note
        confirmed with it. Each part is optional (None or empty: nothing to save), checked
        and stored as its own method does (``ValueError`` before anything is written):
        ``samples``, live ratings still waiting (``add_live_samples``); ``end`` = (outcome,
        elapsed_ms, played_ms) (``end_session``); ``post`` = (pain, fear, note), the
        after-rating (``save_rating``); ``journal``, the "What did you notice?" text
        (``add_journal_entry``); ``ended_at``, when the session ended (default: now; a save
        retried after a failure passes the time it ended, not the time of the retry);
        ``audio_note``, why it played silently, when that could not be saved while it
        played (``set_audio_note``). An
        ``end`` for a session that has already ended (another window marked it
        interrupted) leaves that record as it stands; the rest is saved.
        Returns the journal entry's id, or None."""
        batch = rows.sample_rows(session_id, samples)
        end_row = None if end is None else rows.end_row(end[0], end[1], ended_at, end[2])
        rating = None if post is None else rows.rating_row(session_id, "post", *post, None)
        entry = None if journal is None else rows.journal_row(journal, session_id, None)
        note = None if audio_note is None else note_text(audio_note)
        what = rows.naming(("the live rating batch", batch), ("the end of the session",
                           end_row), ("the rating", rating), ("the journal entry", entry),
                           ("the audio note", note))
        if not what:
            return None
        entry_id = None
        with self.database.write(what):
            ended = self.database.require_session(session_id) != "in_progress"
            if batch:
                rows.write_samples(self._conn, batch)
            if end_row is not None and not ended:
                rows.write_end(self._conn, session_id, end_row)
            if rating is not None:
                rows.write_rating(self._conn, rating)
            if entry is not None:
                entry_id = rows.write_journal(self._conn, entry)
            if note is not None:
                self._conn.execute("UPDATE sessions SET audio_note = ? WHERE id = ?",
                                   (note, session_id))
        if end_row is not None and not ended:
            self._cache_shifts(session_id)
        return entry_id

    def set_audio_note(self, session_id: int, note: str | None) -> None:
        """Record how the audio played, e.g. "played silently: no audio device"."""
        with self.database.write("the audio note"):
            self.database.require_session(session_id)
            self._conn.execute(
                "UPDATE sessions SET audio_note = ? WHERE id = ?", (note_text(note), session_id)
            )

    def mark_interrupted(self) -> list[int]:
        """Turn every 'in_progress' session into 'interrupted'; return their ids.

        Meant for app start: a session still in progress then is one the app died in. Its
        elapsed time becomes how far it is known to have got: the later of the position it
        last saved (``save_progress``, every few seconds) and its last live sample's time,
        or NULL when neither is there. Its time played stays as last saved. ended_at stays
        NULL because nobody saw it end.
        """
        with self.database.write("the interrupted-session update"):
            query = "SELECT id FROM sessions WHERE outcome = 'in_progress' ORDER BY id"
            ids = [r[0] for r in self._conn.execute(query)]
            # -1 stands for "not known" (SQLite's max(a, b) is NULL if either is NULL).
            self._conn.execute(
                "UPDATE sessions SET outcome = 'interrupted', elapsed_ms = nullif(max("
                " coalesce(reached_ms, -1),"
                " coalesce((SELECT max(t_ms) FROM live_samples"
                "           WHERE session_id = sessions.id), -1)), -1)"
                " WHERE outcome = 'in_progress'"
            )
        return ids

    def add_journal_entry(
        self, text: str, session_id: int | None = None, written_at: datetime | None = None
    ) -> int:
        """Store a journal entry (text kept exactly as written) and return its id."""
        row = rows.journal_row(text, session_id, written_at)
        with self.database.write("the journal entry"):
            if session_id is not None:
                self.database.require_session(session_id)
            return rows.write_journal(self._conn, row)
