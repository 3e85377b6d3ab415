"""Sessions as portable records, read out of one store and merged into another without repeats.

The records themselves (``SessionRecord``, ``JournalRecord``), their JSON form and the
checks on records that came from elsewhere are in ``painease.storage.results``; this
module moves them in and out of a store.

Contract
--------
* ``read_records(store, since, until, include_notes)`` returns the sessions that started
  in ``[since, until)`` (aware datetimes) as ``SessionRecord`` (with ratings, live samples
  and the set item they were done for) and the journal entries written in it as
  ``JournalRecord``. Journal entries and rating notes are personal writing: with
  ``include_notes=False`` there are no journal records and every rating note is None.
* ``merge_records(store, sessions, journal)`` writes them in ONE transaction, matched by the
  stable ``uid``: a known session is brought up to date (its ratings and live samples
  replaced by the incoming ones), an unknown one is added, nothing is ever duplicated.
  Returns ``MergeCounts``. Uses the store's connection; same thread rules.
* A session's ``saved_seq`` (the patient's save order) is kept with it; a file that does
  not carry it (an older painease) never erases one already here. A session already
  here whose only news is its save order, or its clock (``utc_offset_minutes``) where
  none was here, is not "updated": nothing about it that the therapist sees changed (it
  counts as unchanged, "already here"). Such a clock comes with the first file from a
  patient's updated painease: their older one sent none, and the newer one sends each
  session's, or the clock at sending for a session it did not record one for. An
  unchanged session's rows are left as they were (not written again, not given new ids);
  only the save order and clock it brought are kept. When that order, now
  known for every session, places set sessions dated ahead by a wrong clock on the day
  they were lived by, their set's progress changes: ``MergeCounts.placed_by_save_order``
  says how many (``painease.storage.save_order``), ``placed_in`` the titles of their
  sets (those already here: a set is saved after its sessions). A store records were
  merged into is marked as a therapist's copy of a patient's results
  (``painease.storage.save_order.mark_patient_copy``), so its sets count as one's do.
* ``merge_records(..., zone=...)`` keeps the zone the results name: the patient's days
  are then counted on their clock on the therapist's side (``painease.storage.zones``).
* Phase marks (insights: table ``session_phases``, with the derived cache
  ``session_phase_shifts``) travel too, but only where the database has those tables: a
  record carries ``phases`` when its source had them, and merging replaces a session's
  marks and drops its cached shifts (they are recomputed lazily) when the target has
  them. This keeps this module independent of the order the migrations land in.
* A journal entry whose session is not here yet (in a file not imported yet) is kept
  loose and remembers that session's uid; it is tied to the session when the session
  arrives, whichever file comes first and whether or not it is older.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from painease.storage.results import JournalRecord, RatingRecord, SessionRecord
from painease.storage.save_order import (
    counts_by_save_order,
    mark_patient_copy,
    placed_in_sets,
)
from painease.storage.store import SessionStore
from painease.storage.stored_values import db_time
from painease.storage.zones import SentZone, patient_zone, save_sent_zone, sent_zone


@dataclass(frozen=True)
class MergeCounts:
    sessions_new: int = 0
    sessions_updated: int = 0
    sessions_unchanged: int = 0
    journal_new: int = 0
    # Set sessions dated ahead by a wrong clock that the save order this file brought
    # places on the day they were lived by (their set is counted anew: module doc).
    placed_by_save_order: int = 0
    # The titles of the sets they count in (the patient may have moved on to another).
    placed_in: tuple[str, ...] = ()


def in_sets(titles: tuple[str, ...]) -> str:
    """Where placed sessions now count, for the import's message: "in “Two weeks” ",
    "in “A” and “B” ", or "" when no set is named (none of theirs was here yet)."""
    if not titles:
        return ""
    named = [f"“{title}”" for title in titles]
    listed = named[0] if len(named) == 1 else ", ".join(named[:-1]) + " and " + named[-1]
    return f"in {listed} "


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
            # Sent from the patient's own store, whose ids grow in save order.
            sessions.append(SessionRecord(*row[1:12], ratings=ratings, live=live,
                                          phases=phases, played_ms=row[12],
                                          utc_offset_minutes=row[13], saved_seq=row[0]))
        journal = []
        if include_notes:
            journal = [JournalRecord(*r) for r in conn.execute(
                "SELECT j.uid, coalesce(s.uid, j.awaited_session_uid), j.written_at,"
                " j.text FROM journal_entries j"
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
    order_came = False  # a session already here came with its save order now
    placed_in: tuple[str, ...] = ()
    conn = store.database.conn
    with store.database.write("the imported results"):
        # Sessions from results make this a therapist's copy of the patient's (module doc).
        mark_patient_copy(conn)
        has_phases = _has_table(conn, "session_phases")
        has_shift_cache = _has_table(conn, "session_phase_shifts")
        for record in sessions:
            row = conn.execute("SELECT id FROM sessions WHERE uid = ?",
                               (record.uid,)).fetchone()
            if row is None:
                session_id = conn.execute(
                    "INSERT INTO sessions (uid, script_id, script_version, length_minutes,"
                    " started_at, ended_at, elapsed_ms, outcome, audio_note, played_ms,"
                    " utc_offset_minutes, saved_seq)"
                    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    _session_row(record),
                ).lastrowid
                counts["sessions_new"] += 1
            elif not update_existing:
                counts["sessions_unchanged"] += 1
                continue
            else:
                session_id = row[0]
                seq, offset = conn.execute(
                    "SELECT saved_seq, utc_offset_minutes FROM sessions WHERE id = ?",
                    (session_id,)).fetchone()
                # Not news about the session: its save order, and its clock where none
                # was (module doc).
                quiet = {"saved_seq"} | ({"utc_offset_minutes"} if offset is None else set())
                before = _fingerprint(conn, session_id, quiet)
                if record.saved_seq is not None and seq is None:
                    order_came = True
                conn.execute("SAVEPOINT merged_session")  # undone below if nothing changed
                kept_notes = dict(conn.execute(
                    "SELECT moment, note FROM ratings WHERE session_id = ?"
                    " AND note IS NOT NULL", (session_id,)).fetchall())
                conn.execute(
                    "UPDATE sessions SET uid = ?, script_id = ?, script_version = ?,"
                    " length_minutes = ?, started_at = ?, ended_at = ?, elapsed_ms = ?,"
                    " outcome = ?, audio_note = ?,"
                    # A file from a painease that did not record them erases nothing.
                    " played_ms = coalesce(?, played_ms),"
                    " utc_offset_minutes = coalesce(?, utc_offset_minutes),"
                    " saved_seq = coalesce(?, saved_seq) WHERE id = ?",
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
                changed = _fingerprint(conn, session_id, quiet) != before
                counts["sessions_updated" if changed else "sessions_unchanged"] += 1
                if not changed:  # its rows stay as they were; only the quiet news is kept
                    conn.execute("ROLLBACK TO merged_session")
                    _keep_quiet_news(conn, session_id, record, seq, offset)
                conn.execute("RELEASE merged_session")
        for entry in journal:
            if conn.execute("SELECT 1 FROM journal_entries WHERE uid = ?",
                            (entry.uid,)).fetchone():
                # Here already; if loose, it now knows which session it awaits (an entry
                # imported loose before this was remembered has only this file to say).
                conn.execute("UPDATE journal_entries SET awaited_session_uid = ? WHERE uid = ?"
                             " AND session_id IS NULL AND awaited_session_uid IS NULL",
                             (entry.session_uid, entry.uid))
                continue
            conn.execute(
                "INSERT INTO journal_entries (uid, written_at, text, awaited_session_uid)"
                " VALUES (?, ?, ?, ?)", (entry.uid, entry.written_at, entry.text,
                                         entry.session_uid))
            counts["journal_new"] += 1
        _tie_loose_entries(conn)
        if zone is not None:
            said = sent_zone(conn)
            if said is None or said[1] <= zone[1]:
                save_sent_zone(conn, *zone)
        if order_came and counts_by_save_order(conn):  # counted in save order from now
            placed = placed_in_sets(conn, patient_zone(store).tz)
            counts["placed_by_save_order"] = sum(placed.values())
            titles = dict(conn.execute("SELECT id, title FROM programs"))
            placed_in = tuple(sorted(titles[i] for i in placed if i in titles))
    return MergeCounts(**counts, placed_in=placed_in)


def _keep_quiet_news(conn, session_id: int, record: SessionRecord, seq: int | None,
                     offset: int | None) -> None:
    """What ``record`` adds to an unchanged session (its save order, its clock where
    none was), written only when it adds something."""
    new_seq = seq if record.saved_seq is None else record.saved_seq
    new_offset = record.utc_offset_minutes if offset is None else offset
    if (new_seq, new_offset) != (seq, offset):
        conn.execute("UPDATE sessions SET saved_seq = ?, utc_offset_minutes = ? WHERE id = ?",
                     (new_seq, new_offset, session_id))


def _tie_loose_entries(conn) -> None:
    """Tie every journal entry that awaits a session now here to it: results files may
    come in any order, and an entry may arrive before the session it was written after."""
    conn.execute(
        "UPDATE journal_entries SET session_id = (SELECT id FROM sessions"
        " WHERE uid = journal_entries.awaited_session_uid), awaited_session_uid = NULL"
        " WHERE awaited_session_uid IN (SELECT uid FROM sessions)")


def _session_row(r: SessionRecord) -> tuple:
    return (r.uid, r.script_id, r.script_version, r.length_minutes, r.started_at,
            r.ended_at, r.elapsed_ms, r.outcome, r.audio_note, r.played_ms,
            r.utc_offset_minutes, r.saved_seq)


def _has_table(conn, name: str) -> bool:
    return conn.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?",
                        (name,)).fetchone() is not None


def _fingerprint(conn, session_id: int, quiet: set[str]) -> tuple:
    """Everything stored about one session that the therapist sees, to tell an update
    from a repeat: not the ``quiet`` columns (its save order; its clock where none was
    recorded: module doc)."""
    marks = conn.execute(
        "SELECT t_ms, phase FROM session_phases WHERE session_id = ? ORDER BY t_ms",
        (session_id,)).fetchall() if _has_table(conn, "session_phases") else []
    stored = conn.execute("SELECT * FROM sessions WHERE id = ?", (session_id,))
    names = [column[0] for column in stored.description]
    return (marks,
        [value for name, value in zip(names, stored.fetchone(), strict=True)
         if name not in quiet],
        conn.execute("SELECT moment, pain, fear, note, rated_at FROM ratings"
                     " WHERE session_id = ? ORDER BY moment", (session_id,)).fetchall(),
        conn.execute("SELECT t_ms, value FROM live_samples WHERE session_id = ?"
                     " ORDER BY t_ms, rowid", (session_id,)).fetchall(),
        conn.execute("SELECT program_id, position FROM program_sessions"
                     " WHERE session_id = ?", (session_id,)).fetchall(),
    )
