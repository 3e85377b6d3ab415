"""Save order: the order a person saved their sessions in, and which store knows it.

A session dated ahead (the computer's clock ran ahead) is placed by the sessions saved
after it: the earliest date among them is the day it was lived by
(``painease.domain.program_status``, ``DoneSession.lived_by``). This module says, from
the data a store holds, whether that order is known there and what it gives.

Contract
--------
* A person's own store knows it always: its session ids grow in the order sessions were
  saved. A therapist's copy of a patient's results (``is_patient_copy``: table
  ``patient_copy`` has its row, written by ``mark_patient_copy`` when results are merged
  in, ``painease.storage.results_store``) does not by its ids (they follow the order
  results were imported in): it knows it when every session carries the patient's own
  (``sessions.saved_seq``, sent in their results: ``save_order_known``).
  ``counts_by_save_order`` is the answer for a store: what ``ProgramStore``'s
  ``save_order=None`` means, so no view decides it for itself.
* ``lived_by(conn, tz)``: for each session id, the earliest day (on ``tz``) of the
  sessions saved after it (by ``saved_seq`` where a session has one, else its id), any
  script, set or none; the last one saved has none. ``placed_by_save_order(conn, tz)``
  counts the sessions that count for a set and are dated after that day: those the save
  order places on an earlier day than their own (``placed_in_sets``: the same, by set).

Plain functions on a connection the caller owns and guards (same thread rules). No Qt.
"""

from __future__ import annotations

from datetime import date, tzinfo
from sqlite3 import Connection

from painease.domain.program_status import counts_for_set
from painease.storage.stored_values import UnreadableValue, parse_db_time


def is_patient_copy(conn: Connection) -> bool:
    """Whether the store is a therapist's copy of a patient's results, not someone's own."""
    return conn.execute("SELECT 1 FROM patient_copy").fetchone() is not None


def mark_patient_copy(conn: Connection) -> None:
    """Mark the store as a therapist's copy of a patient's results (in the caller's
    transaction: the one that merges their sessions in)."""
    conn.execute("INSERT OR IGNORE INTO patient_copy (id) VALUES (1)")


def save_order_known(conn: Connection) -> bool:
    """Whether every session carries the patient's save order (``saved_seq``): in a
    therapist's copy, when every file that brought them sent it (an older painease's did
    not). Never in a person's own store, whose ids are its save order."""
    total, known = conn.execute("SELECT count(*), count(saved_seq) FROM sessions").fetchone()
    return total > 0 and total == known


def counts_by_save_order(conn: Connection) -> bool:
    """Whether the store knows the order its sessions were saved in (see the module doc):
    a person's own store always, a therapist's copy when ``save_order_known``."""
    return not is_patient_copy(conn) or save_order_known(conn)


def lived_by(conn: Connection, tz: tzinfo,
             days: dict[int, date | None] | None = None) -> dict[int, date]:
    """For each session id, the earliest day (on ``tz``) of the sessions saved after it
    (see the module doc); the last one saved has none. ``days``: every session's day on
    ``tz`` by id, when the caller has them already (else each is converted here:
    ``session_day``; one whose start cannot be read, or whose day there is None, then
    bounds none)."""
    # A therapist's copy orders by the patient's save order (``saved_seq``, NULL in a
    # person's own store, whose ids grow in save order).
    rows = conn.execute("SELECT id, started_at FROM sessions"
                        " ORDER BY coalesce(saved_seq, id) DESC, id DESC")
    found: dict[int, date] = {}
    earliest: date | None = None
    for sid, started in rows:
        day = session_day(sid, started, tz, days)
        if day is None:
            continue  # the caller left it out: its start, or another value, cannot be read
        if earliest is not None:
            found[sid] = earliest
        earliest = day if earliest is None else min(earliest, day)
    return found


def session_day(sid: int, started: str, tz: tzinfo,
                days: dict[int, date | None] | None) -> date | None:
    """The day on ``tz`` of session ``sid``: ``days[sid]`` when the caller has it, else
    its stored start ``started`` converted (one not in ``days`` was saved since the
    caller read them). With ``days``, None for one the caller left out: whose day there
    is None (Outcomes: a session with another value that cannot be read), or whose start
    cannot be read (``unplaced.dated_sessions``); without, that start is an
    ``UnreadableValue``, raised."""
    if days is not None and sid in days:
        return days[sid]
    when = parse_db_time(started, ("sessions", sid, "started_at"), keep=days is not None)
    return None if isinstance(when, UnreadableValue) else when.astimezone(tz).date()


def placed_by_save_order(conn: Connection, tz: tzinfo) -> int:
    """How many sessions that count for a set (``counts_for_set``) are dated after the
    day they were lived by (``lived_by``, days on ``tz``): dated ahead by a wrong clock."""
    return sum(placed_in_sets(conn, tz).values())


def placed_in_sets(conn: Connection, tz: tzinfo) -> dict[str, int]:
    """``placed_by_save_order`` set by set: {set id: how many}, only sets with some."""
    bounds = lived_by(conn, tz)
    rows = conn.execute(
        "SELECT s.id, s.started_at, s.outcome, coalesce(s.played_ms, s.elapsed_ms),"
        " s.length_minutes, l.program_id, s.set_counted_before FROM program_sessions l"
        " JOIN sessions s ON s.id = l.session_id")
    found: dict[str, int] = {}
    for sid, started, outcome, heard, minutes, set_id, kept in rows:
        if sid in bounds and counts_for_set(outcome, heard, minutes, bool(kept)) \
                and bounds[sid] < parse_db_time(started, ("sessions", sid, "started_at")) \
                .astimezone(tz).date():
            found[set_id] = found.get(set_id, 0) + 1
    return found
