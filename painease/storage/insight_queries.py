"""The SQL behind the insights: session points, phase marks, live traces, the shift cache.

Contract
--------
Plain functions on a connection that ``SessionStore`` owns (same thread, its transactions);
the store's methods (``insight_points``, ``phase_marks``, ``live_trace``,
``phase_shift_summary``, ``save_phase_marks``) are the public way in and wrap these in its
error guard. Nothing here commits: the caller decides the transaction.

* ``insight_points`` is one query (sessions LEFT JOIN the pre and the post rating), so a
  skipped rating comes back as None, and it stays fast at ~11,000 sessions.
  ``insight_table`` is the same query returned as columns (``SessionTable``), for the
  Insights page: no per-session Python objects, no per-row time parsing.
* ``live_trace`` carries the session's end (``elapsed_ms``; while it runs or when that is
  unknown, the last live sample), so shifts never count parts a session did not reach.
* The shift cache (``session_phase_shifts``) holds, per session, phase and window, the
  number of usable phase starts and their mean live-rating shift. Rows are derived data:
  written when a session ends, and for any ended session that lacks one, the first time a
  summary asks. A session still in progress is computed on the fly and never cached,
  because its live ratings are still arriving.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from datetime import datetime

import numpy as np

from painease.domain.insight_sessions import SessionPoint, SessionTable
from painease.domain.live_shifts import LiveTrace, PhaseShift, summarise_shifts, trace_shift
from painease.storage.readable import readable_session
from painease.storage.stored_values import db_time, parse_db_time

_POINTS = (
    "SELECT s.id, s.script_id, s.started_at, s.outcome, s.elapsed_ms, s.length_minutes,"
    " pre.pain, pre.fear, post.pain, post.fear, s.played_ms"
    " FROM sessions s"
    " LEFT JOIN ratings pre ON pre.session_id = s.id AND pre.moment = 'pre'"
    " LEFT JOIN ratings post ON post.session_id = s.id AND post.moment = 'post'"
    " WHERE s.started_at >= ? AND s.started_at < ?"
    f" AND {readable_session('s.')}"  # the rest: said (painease.storage.unplaced)
    " ORDER BY s.started_at, s.id"
)

# The same rows as columns; the start as integer milliseconds since 1970 (UTC), exactly:
# SQLite keeps a time as whole milliseconds, and its Julian day (a double) rounds back to
# them (one call per row, where strftime and substr took four).
_TABLE = _POINTS.replace(
    "s.started_at,",
    "CAST(round((julianday(s.started_at) - 2440587.5) * 86400000.0) AS INTEGER),", 1)

# Text bounds that include every stored time (they are fixed-width ISO text).
_EARLIEST = "0000"
_LATEST = "9999"


def time_bounds(since: datetime | None, until: datetime | None) -> tuple[str, str]:
    """Stored-text bounds: ``since`` inclusive, ``until`` exclusive (None = open)."""
    for when, what in ((since, "since"), (until, "until")):
        if when is not None and (not isinstance(when, datetime) or when.utcoffset() is None):
            raise ValueError(f"{what} must be a timezone-aware datetime, got {when!r}")
    low = db_time(since) if since is not None else _EARLIEST
    high = db_time(until) if until is not None else _LATEST
    return low, high


def insight_points(conn: sqlite3.Connection, since: datetime | None,
                   until: datetime | None) -> list[SessionPoint]:
    rows = conn.execute(_POINTS, time_bounds(since, until)).fetchall()
    return [SessionPoint(r[0], r[1], parse_db_time(r[2], ("sessions", r[0], "started_at")),
                         *r[3:]) for r in rows]


def insight_table(conn: sqlite3.Connection, since: datetime | None,
                  until: datetime | None) -> SessionTable:
    """``insight_points`` as one ``SessionTable`` (columns; no per-session objects)."""
    rows = conn.execute(_TABLE, time_bounds(since, until)).fetchall()
    if not rows:
        return SessionTable([], [], [], [], [], [], [], [], [], [], [])
    return SessionTable(*zip(*rows, strict=True))


def phase_marks(conn: sqlite3.Connection, session_id: int) -> list[tuple[int, str]]:
    rows = conn.execute(
        "SELECT t_ms, phase FROM session_phases WHERE session_id = ? ORDER BY t_ms",
        (session_id,),
    )
    return [(t, phase) for t, phase in rows]


def save_phase_marks(conn: sqlite3.Connection, session_id: int,
                     marks: Iterable[tuple[int, str]]) -> None:
    conn.executemany(
        "INSERT OR REPLACE INTO session_phases (session_id, t_ms, phase) VALUES (?, ?, ?)",
        [(session_id, t, phase) for t, phase in marks],
    )
    # New marks make any cached shift of this session stale.
    conn.execute("DELETE FROM session_phase_shifts WHERE session_id = ?", (session_id,))


def live_trace(conn: sqlite3.Connection, session_id: int) -> LiveTrace:
    rows = conn.execute(
        "SELECT t_ms, value FROM live_samples WHERE session_id = ? ORDER BY t_ms, rowid",
        (session_id,),
    ).fetchall()
    table = np.array(rows, dtype=float).reshape(-1, 2)
    t_ms = table[:, 0].astype(np.int64)
    # The end of the session: elapsed_ms once it ended (an interrupted one: its last live
    # sample, or NULL); while it runs, or when unknown, the last sample (nothing later is
    # known), so phase starts it never reached do not count.
    row = conn.execute("SELECT elapsed_ms FROM sessions WHERE id = ?", (session_id,)).fetchone()
    end = row[0] if row is not None and row[0] is not None else None
    if end is None:
        end = int(t_ms[-1]) if len(t_ms) else 0
    return LiveTrace(session_id, t_ms, table[:, 1].copy(), phase_marks(conn, session_id), end)


def cache_session_shifts(conn: sqlite3.Connection, session_id: int,
                         windows_s: Iterable[float] = (30.0,)) -> None:
    """(Re)compute the cached shifts of one ended session for every phase it has."""
    trace = live_trace(conn, session_id)
    phases = sorted({phase for _, phase in trace.marks})
    rows = []
    for window_s in windows_s:
        for phase in phases:
            n, shift = trace_shift(trace, phase, window_s)
            rows.append((session_id, phase, _window_ms(window_s), n, shift))
    conn.executemany(
        "INSERT OR REPLACE INTO session_phase_shifts"
        " (session_id, phase, window_ms, n_events, shift) VALUES (?, ?, ?, ?, ?)",
        rows,
    )


def cached_shifts(conn: sqlite3.Connection, phase: str, since: datetime | None,
                  until: datetime | None, window_s: float
                  ) -> tuple[list[tuple[int, float | None]], list[int], list[int]]:
    """(cached (events, shift) rows, ended sessions lacking a row, in-progress sessions)."""
    rows = conn.execute(
        "SELECT m.session_id, s.outcome, c.n_events, c.shift"
        " FROM (SELECT DISTINCT session_id FROM session_phases WHERE phase = ?) m"
        " JOIN sessions s ON s.id = m.session_id"
        " LEFT JOIN session_phase_shifts c ON c.session_id = m.session_id"
        "  AND c.phase = ? AND c.window_ms = ?"
        f" WHERE s.started_at >= ? AND s.started_at < ? AND {readable_session('s.')}",
        (phase, phase, _window_ms(window_s), *time_bounds(since, until)),
    ).fetchall()
    cached, missing, running = [], [], []
    for session_id, outcome, n_events, shift in rows:
        if outcome == "in_progress":
            running.append(session_id)
        elif n_events is None:
            missing.append(session_id)
        else:
            cached.append((n_events, shift))
    return cached, missing, running


def summary(phase: str, window_s: float, rows: Iterable[tuple[int, float | None]]) -> PhaseShift:
    return summarise_shifts(phase, window_s, rows)


def _window_ms(window_s: float) -> int:
    return int(round(window_s * 1000))
