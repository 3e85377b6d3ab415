"""Sessions as portable records: read out of one store, merged into another without repeats.

Contract
--------
* ``read_records(store, since, until, include_notes)`` returns the sessions that started
  in ``[since, until)`` (aware datetimes) as ``SessionRecord`` (with ratings, live samples
  and the set item they were done for) and the journal entries written in it as
  ``JournalRecord``. Journal entries and rating notes are personal writing: with
  ``include_notes=False`` there are no journal records and every rating note is None.
* ``SessionRecord.from_dict`` / ``JournalRecord.from_dict`` check every field of data that
  came from elsewhere and raise ``ValueError`` with one plain line; ``to_dict`` is the JSON
  form used in results files.
* ``merge_records(store, sessions, journal)`` writes them in ONE transaction, matched by the
  stable ``uid``: a known session is brought up to date (its ratings and live samples
  replaced by the incoming ones), an unknown one is added, nothing is ever duplicated.
  Returns ``MergeCounts``. Uses the store's connection; same thread rules.
* A session record carries ``utc_offset_minutes``, the patient's clock at its start, and
  ``merge_records(..., zone=...)`` keeps the zone the results name: the patient's days
  are then counted on their clock on the therapist's side (``painease.storage.zones``).
* Phase marks (insights: table ``session_phases``, with the derived cache
  ``session_phase_shifts``) travel too, but only where the database has those tables: a
  record carries ``phases`` when its source had them, and merging replaces a session's
  marks and drops its cached shifts (they are recomputed lazily) when the target has
  them. This keeps this module independent of the order the migrations land in.
"""

from __future__ import annotations

import math
import re
from dataclasses import asdict, dataclass
from datetime import datetime
from typing import Any

from painease.local_time import MAX_OFFSET_MINUTES
from painease.storage.database import db_time, parse_db_time
from painease.storage.store import MOMENTS, SessionStore
from painease.storage.zones import SentZone, save_sent_zone, sent_zone

OUTCOMES = ("in_progress", "completed", "stopped_early", "interrupted")
_UID = re.compile(r"^[0-9a-f]{32}$")
MAX_LIVE_SAMPLES = 100_000  # per session: 2 Hz for over 13 hours
MAX_TEXT = 20_000


@dataclass(frozen=True)
class RatingRecord:
    moment: str
    pain: int
    fear: int
    note: str | None
    rated_at: str  # stored time text (UTC, 'Z')


@dataclass(frozen=True)
class SessionRecord:
    uid: str
    script_id: str
    script_version: int
    length_minutes: float
    started_at: str
    ended_at: str | None
    elapsed_ms: int | None
    outcome: str
    audio_note: str | None
    program_id: str | None
    position: int | None
    ratings: tuple[RatingRecord, ...]
    live: tuple[tuple[int, float], ...]
    phases: tuple[tuple[int, str], ...] = ()  # (audio-clock ms, phase) marks
    # Audio time that actually played (skips and pauses not counted); None: not known. An
    # optional field: a painease that predates it reads the rest of the record unchanged.
    played_ms: int | None = None
    # Minutes east of UTC of the patient's clock when the session started (None: not
    # known; results from older paineases do not carry it). See painease.storage.zones.
    utc_offset_minutes: int | None = None

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["ratings"] = [asdict(r) for r in self.ratings]
        data["live"] = [list(s) for s in self.live]
        data["phases"] = [list(m) for m in self.phases]
        return data

    @classmethod
    def from_dict(cls, data: Any) -> SessionRecord:
        if not isinstance(data, dict):
            raise ValueError("a session record must be an object")
        uid = _uid(data.get("uid"))
        where = f"session {uid}"
        ratings = data.get("ratings")
        live = data.get("live")
        if not isinstance(ratings, list) or not isinstance(live, list):
            raise ValueError(f"{where}: ratings and live samples must be lists")
        if len(live) > MAX_LIVE_SAMPLES:
            raise ValueError(f"{where}: more than {MAX_LIVE_SAMPLES} live samples")
        phases = data.get("phases", [])
        if not isinstance(phases, list) or len(phases) > MAX_LIVE_SAMPLES:
            raise ValueError(f"{where}: phase marks must be a list")
        records = tuple(_rating(r, where) for r in ratings)
        if len({r.moment for r in records}) != len(records):
            raise ValueError(f"{where}: a rating moment appears twice")
        outcome = data.get("outcome")
        if outcome not in OUTCOMES:
            raise ValueError(f"{where}: unknown outcome {outcome!r}")
        program_id, position = data.get("program_id"), data.get("position")
        if (program_id is None) != (position is None):
            raise ValueError(f"{where}: a set link needs both the set id and the position")
        return cls(
            uid=uid,
            script_id=_text(data.get("script_id"), f"{where}: script_id", required=True),
            script_version=_int(data.get("script_version"), f"{where}: script_version", 0),
            length_minutes=_real(data.get("length_minutes"), f"{where}: length_minutes",
                                 0, 1440, open_low=True),
            started_at=_time(data.get("started_at"), f"{where}: started_at"),
            ended_at=_time(data.get("ended_at"), f"{where}: ended_at", optional=True),
            elapsed_ms=None if data.get("elapsed_ms") is None else _int(
                data.get("elapsed_ms"), f"{where}: elapsed_ms", 0),
            outcome=outcome,
            audio_note=_text(data.get("audio_note"), f"{where}: audio_note"),
            program_id=None if program_id is None else _text(program_id, f"{where}: set id",
                                                             required=True),
            position=None if position is None else _int(position, f"{where}: position", 1),
            ratings=records,
            live=tuple(_sample(s, where) for s in live),
            phases=tuple(_mark(m, where) for m in phases),
            played_ms=None if data.get("played_ms") is None else _int(
                data.get("played_ms"), f"{where}: played_ms", 0),
            utc_offset_minutes=None if data.get("utc_offset_minutes") is None else _int(
                data.get("utc_offset_minutes"), f"{where}: utc_offset_minutes",
                -MAX_OFFSET_MINUTES, MAX_OFFSET_MINUTES),
        )


@dataclass(frozen=True)
class JournalRecord:
    uid: str
    session_uid: str | None
    written_at: str
    text: str

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: Any) -> JournalRecord:
        if not isinstance(data, dict):
            raise ValueError("a journal record must be an object")
        uid = _uid(data.get("uid"))
        session_uid = data.get("session_uid")
        return cls(uid, None if session_uid is None else _uid(session_uid),
                   _time(data.get("written_at"), f"journal entry {uid}: written_at"),
                   _text(data.get("text"), f"journal entry {uid}: text", required=True))


@dataclass(frozen=True)
class MergeCounts:
    sessions_new: int = 0
    sessions_updated: int = 0
    sessions_unchanged: int = 0
    journal_new: int = 0


# ---- reading ---------------------------------------------------------------------------------


def read_records(store: SessionStore, since: datetime, until: datetime,
                 include_notes: bool) -> tuple[list[SessionRecord], list[JournalRecord]]:
    """Sessions started and journal entries written in [since, until) (see module doc)."""
    low, high = db_time(since), db_time(until)
    conn = store.database.conn
    with store.database.guard("read the sessions to send"):
        has_phases = _has_table(conn, "session_phases")
        rows = conn.execute(
            "SELECT s.id, s.uid, s.script_id, s.script_version, s.length_minutes,"
            " s.started_at, s.ended_at, s.elapsed_ms, s.outcome, s.audio_note,"
            " l.program_id, l.position, s.played_ms, s.utc_offset_minutes FROM sessions s"
            " LEFT JOIN program_sessions l ON l.session_id = s.id"
            " WHERE s.started_at >= ? AND s.started_at < ? ORDER BY s.started_at, s.id",
            (low, high),
        ).fetchall()
        sessions = []
        for row in rows:
            ratings = tuple(
                RatingRecord(m, p, f, n if include_notes else None, t)
                for m, p, f, n, t in conn.execute(
                    "SELECT moment, pain, fear, note, rated_at FROM ratings"
                    " WHERE session_id = ? ORDER BY moment DESC", (row[0],))
            )
            live = tuple(conn.execute(
                "SELECT t_ms, value FROM live_samples WHERE session_id = ?"
                " ORDER BY t_ms, rowid", (row[0],)).fetchall())
            phases = tuple(conn.execute(
                "SELECT t_ms, phase FROM session_phases WHERE session_id = ? ORDER BY t_ms",
                (row[0],)).fetchall()) if has_phases else ()
            sessions.append(SessionRecord(*row[1:12], ratings=ratings, live=live,
                                          phases=phases, played_ms=row[12],
                                          utc_offset_minutes=row[13]))
        journal = []
        if include_notes:
            journal = [JournalRecord(*r) for r in conn.execute(
                "SELECT j.uid, s.uid, j.written_at, j.text FROM journal_entries j"
                " LEFT JOIN sessions s ON s.id = j.session_id"
                " WHERE j.written_at >= ? AND j.written_at < ? ORDER BY j.written_at, j.id",
                (low, high))]
    return sessions, journal


# ---- merging ---------------------------------------------------------------------------------


def merge_records(store: SessionStore, sessions: list[SessionRecord],
                  journal: list[JournalRecord], update_existing: bool = True,
                  zone: tuple[SentZone, datetime] | None = None) -> MergeCounts:
    """Add or update by uid, all in one transaction (see module doc).

    ``zone``: (the patient's zone, when the results saying it were made), kept in the
    same transaction (``painease.storage.zones``) unless an older file says it after a
    newer one did. A session offset the file does not carry never erases one already here.

    ``update_existing=False`` (a file older than one already imported) adds sessions and
    journal entries that are not here yet and leaves the ones that are as they are: an
    older file would otherwise turn a finished session back into an unfinished one. A
    rating note the file does not carry (it was sent without notes) never erases one
    already here."""
    counts = {"sessions_new": 0, "sessions_updated": 0, "sessions_unchanged": 0,
              "journal_new": 0}
    conn = store.database.conn
    with store.database.write("the imported results"):
        has_phases = _has_table(conn, "session_phases")
        has_shift_cache = _has_table(conn, "session_phase_shifts")
        for record in sessions:
            row = conn.execute("SELECT id FROM sessions WHERE uid = ?",
                               (record.uid,)).fetchone()
            if row is None:
                session_id = conn.execute(
                    "INSERT INTO sessions (uid, script_id, script_version, length_minutes,"
                    " started_at, ended_at, elapsed_ms, outcome, audio_note, played_ms,"
                    " utc_offset_minutes) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    _session_row(record),
                ).lastrowid
                counts["sessions_new"] += 1
            elif not update_existing:
                counts["sessions_unchanged"] += 1
                continue
            else:
                session_id = row[0]
                before = _fingerprint(conn, session_id)
                kept_notes = dict(conn.execute(
                    "SELECT moment, note FROM ratings WHERE session_id = ?"
                    " AND note IS NOT NULL", (session_id,)).fetchall())
                conn.execute(
                    "UPDATE sessions SET uid = ?, script_id = ?, script_version = ?,"
                    " length_minutes = ?, started_at = ?, ended_at = ?, elapsed_ms = ?,"
                    " outcome = ?, audio_note = ?,"
                    # A file from a painease that did not record them erases nothing.
                    " played_ms = coalesce(?, played_ms),"
                    " utc_offset_minutes = coalesce(?, utc_offset_minutes) WHERE id = ?",
                    (*_session_row(record), session_id),
                )
                conn.execute("DELETE FROM ratings WHERE session_id = ?", (session_id,))
                conn.execute("DELETE FROM live_samples WHERE session_id = ?", (session_id,))
                conn.execute("DELETE FROM program_sessions WHERE session_id = ?",
                             (session_id,))
            notes = kept_notes if row is not None else {}
            conn.executemany(
                "INSERT INTO ratings (session_id, moment, pain, fear, note, rated_at)"
                " VALUES (?, ?, ?, ?, ?, ?)",
                [(session_id, r.moment, r.pain, r.fear,
                  r.note if r.note is not None else notes.get(r.moment), r.rated_at)
                 for r in record.ratings],
            )
            conn.executemany(
                "INSERT INTO live_samples (session_id, t_ms, value) VALUES (?, ?, ?)",
                [(session_id, t, v) for t, v in record.live],
            )
            if has_phases:
                conn.execute("DELETE FROM session_phases WHERE session_id = ?", (session_id,))
                conn.executemany(
                    "INSERT OR REPLACE INTO session_phases (session_id, t_ms, phase)"
                    " VALUES (?, ?, ?)", [(session_id, t, p) for t, p in record.phases])
            if has_shift_cache:  # derived from marks and samples: recomputed when asked
                conn.execute("DELETE FROM session_phase_shifts WHERE session_id = ?",
                             (session_id,))
            if record.program_id is not None:
                conn.execute(
                    "INSERT INTO program_sessions (session_id, program_id, position)"
                    " VALUES (?, ?, ?)", (session_id, record.program_id, record.position))
            if row is not None:
                changed = _fingerprint(conn, session_id) != before
                counts["sessions_updated" if changed else "sessions_unchanged"] += 1
        for entry in journal:
            if conn.execute("SELECT 1 FROM journal_entries WHERE uid = ?",
                            (entry.uid,)).fetchone():
                continue
            session = None
            if entry.session_uid is not None:
                found = conn.execute("SELECT id FROM sessions WHERE uid = ?",
                                     (entry.session_uid,)).fetchone()
                session = found[0] if found else None
            conn.execute(
                "INSERT INTO journal_entries (uid, session_id, written_at, text)"
                " VALUES (?, ?, ?, ?)", (entry.uid, session, entry.written_at, entry.text))
            counts["journal_new"] += 1
        if zone is not None:
            said = sent_zone(conn)
            if said is None or said[1] <= zone[1]:
                save_sent_zone(conn, *zone)
    return MergeCounts(**counts)


def _session_row(r: SessionRecord) -> tuple:
    return (r.uid, r.script_id, r.script_version, r.length_minutes, r.started_at,
            r.ended_at, r.elapsed_ms, r.outcome, r.audio_note, r.played_ms,
            r.utc_offset_minutes)


def _has_table(conn, name: str) -> bool:
    return conn.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?",
                        (name,)).fetchone() is not None


def _fingerprint(conn, session_id: int) -> tuple:
    """Everything stored about one session, to tell an update from a repeat."""
    marks = conn.execute(
        "SELECT t_ms, phase FROM session_phases WHERE session_id = ? ORDER BY t_ms",
        (session_id,)).fetchall() if _has_table(conn, "session_phases") else []
    return (marks,
        conn.execute("SELECT * FROM sessions WHERE id = ?", (session_id,)).fetchall(),
        conn.execute("SELECT moment, pain, fear, note, rated_at FROM ratings"
                     " WHERE session_id = ? ORDER BY moment", (session_id,)).fetchall(),
        conn.execute("SELECT t_ms, value FROM live_samples WHERE session_id = ?"
                     " ORDER BY t_ms, rowid", (session_id,)).fetchall(),
        conn.execute("SELECT program_id, position FROM program_sessions"
                     " WHERE session_id = ?", (session_id,)).fetchall(),
    )


# ---- field checks ------------------------------------------------------------------------------


def _rating(data: Any, where: str) -> RatingRecord:
    if not isinstance(data, dict) or data.get("moment") not in MOMENTS:
        raise ValueError(f"{where}: a rating needs a moment of 'pre' or 'post'")
    return RatingRecord(data["moment"], _int(data.get("pain"), f"{where}: pain", 0, 10),
                        _int(data.get("fear"), f"{where}: fear", 0, 10),
                        _text(data.get("note"), f"{where}: rating note"),
                        _time(data.get("rated_at"), f"{where}: rated_at"))


def _sample(data: Any, where: str) -> tuple[int, float]:
    if not isinstance(data, list | tuple) or len(data) != 2:
        raise ValueError(f"{where}: a live sample must be [t_ms, value]")
    return (_int(data[0], f"{where}: live sample time", 0),
            _real(data[1], f"{where}: live sample value", 0, 10))


def _mark(data: Any, where: str) -> tuple[int, str]:
    if not isinstance(data, list | tuple) or len(data) != 2:
        raise ValueError(f"{where}: a phase mark must be [t_ms, phase]")
    phase = _text(data[1], f"{where}: phase", required=True)
    if len(phase) > 40:
        raise ValueError(f"{where}: phase names are at most 40 characters")
    return (_int(data[0], f"{where}: phase mark time", 0), phase)


def _uid(value: Any) -> str:
    if not isinstance(value, str) or not _UID.match(value):
        raise ValueError(f"{value!r:.40} is not a record uid (32 hex digits)")
    return value


def _int(value: Any, what: str, low: int, high: int | None = None) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < low or (
            high is not None and value > high):
        raise ValueError(f"{what} must be a whole number"
                         f"{f' from {low} to {high}' if high is not None else f' >= {low}'}")
    return value


def _real(value: Any, what: str, low: float, high: float, open_low: bool = False) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(
            value) or value < low or value > high or (open_low and value == low):
        raise ValueError(f"{what} must be a number from {low:g} to {high:g}")
    return float(value)


def _text(value: Any, what: str, required: bool = False) -> str | None:
    if value is None and not required:
        return None
    if not isinstance(value, str) or (required and not value.strip()) or len(value) > MAX_TEXT:
        raise ValueError(f"{what} must be text of at most {MAX_TEXT} characters")
    return value


def _time(value: Any, what: str, optional: bool = False) -> str | None:
    if value is None and optional:
        return None
    try:
        if not isinstance(value, str) or not value.endswith("Z"):
            raise ValueError
        parsed = parse_db_time(value)
    except ValueError:
        raise ValueError(f"{what} must be a UTC time like 2026-11-02T09:00:00.000Z") from None
    return db_time(parsed)
