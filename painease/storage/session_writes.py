"""The rows of a session's writes: checked, then written inside the caller's transaction.

``SessionStore`` writes each of these on its own (``save_rating``, ``add_live_samples``,
``end_session``, ``add_journal_entry``) and several together in one transaction
(``finish_session``: what the After page confirms). Both use the functions here, so the
checks and the statements cannot drift apart.

* A ``*_row`` function checks its values and returns what to store, or raises
  ``ValueError`` with a plain message; call them all before the transaction begins, so
  bad input writes nothing.
* A ``write_*`` function runs its statement on ``conn`` inside a transaction the caller
  holds (``Database.write``); it commits nothing itself.

No Qt; the store's thread rules apply (``store.py``).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from datetime import datetime

from painease.storage.values import (
    end_after_start,
    note_text,
    rated_after_start,
    real_number,
    utc_text,
    whole_number,
)

MOMENTS = ("pre", "post")
END_OUTCOMES = ("completed", "stopped_early")


def rating_row(session_id: int, moment: str, pain: int, fear: int, note: str | None,
               rated_at: datetime | None) -> tuple:
    """A pre or post rating: 0..10 each, a blank note stored as None."""
    if moment not in MOMENTS:
        raise ValueError(f"moment must be 'pre' or 'post', got {moment!r}")
    pain = whole_number(pain, "pain", low=0, high=10)
    fear = whole_number(fear, "fear", low=0, high=10)
    return (session_id, moment, pain, fear, note_text(note), utc_text(rated_at, "rated_at"))


def write_rating(conn: sqlite3.Connection, row: tuple) -> None:
    """Insert the rating, or replace the one given before at the same moment. An
    after-rating the clock put before the session's start (it was set back) is kept at the
    session's end, or its start while it runs (``values.rated_after_start``)."""
    found = conn.execute("SELECT started_at, ended_at FROM sessions WHERE id = ?",
                         (row[0],)).fetchone()
    if found is not None:
        row = (*row[:5], rated_after_start(row[1], row[5], *found))
    conn.execute(
        "INSERT INTO ratings (session_id, moment, pain, fear, note, rated_at)"
        " VALUES (?, ?, ?, ?, ?, ?)"
        " ON CONFLICT (session_id, moment) DO UPDATE SET pain = excluded.pain,"
        " fear = excluded.fear, note = excluded.note, rated_at = excluded.rated_at",
        row,
    )


def sample_rows(session_id: int, samples: Iterable[tuple[int, float]]) -> list[tuple]:
    """Live ratings ``(t_ms, value)``: a time from 0 on, a value within 0..10."""
    return [
        (session_id, whole_number(t, "t_ms", low=0), real_number(v, "live rating", high=10.0))
        for t, v in samples
    ]


def write_samples(conn: sqlite3.Connection, rows: list[tuple]) -> None:
    conn.executemany("INSERT INTO live_samples (session_id, t_ms, value) VALUES (?, ?, ?)",
                     rows)


def end_row(outcome: str, elapsed_ms: int, ended_at: datetime | None,
            played_ms: int | None) -> tuple:
    """How a session ended: 'completed' or 'stopped_early', where on the audio clock, when,
    and how much of it played (None: not known)."""
    if outcome not in END_OUTCOMES:
        raise ValueError(f"outcome must be 'completed' or 'stopped_early', got {outcome!r}")
    played = None if played_ms is None else whole_number(played_ms, "played_ms", low=0)
    return (outcome, whole_number(elapsed_ms, "elapsed_ms", low=0),
            utc_text(ended_at, "ended_at"), played)


def write_end(conn: sqlite3.Connection, session_id: int, row: tuple) -> None:
    """Close the session, if it is still 'in_progress' (the caller checks which it is);
    a ``played_ms`` of None keeps the last one saved. An end the clock put before the
    session's start (it was set back while the session ran) is kept as the start plus
    the audio time it ran (``values.end_after_start``)."""
    outcome, elapsed, ended, played = row
    found = conn.execute("SELECT started_at FROM sessions WHERE id = ?",
                         (session_id,)).fetchone()
    if found is not None:
        ended = end_after_start(found[0], ended, elapsed)
    conn.execute(
        "UPDATE sessions SET outcome = ?, elapsed_ms = ?, ended_at = ?,"
        " played_ms = coalesce(?, played_ms) WHERE id = ? AND outcome = 'in_progress'",
        (outcome, elapsed, ended, played, session_id),
    )


def journal_row(text: str, session_id: int | None, written_at: datetime | None) -> tuple:
    """A journal entry: text that is not blank, kept exactly as written."""
    if not isinstance(text, str) or not text.strip():
        raise ValueError("a journal entry needs some text")
    return (session_id, utc_text(written_at, "written_at"), text)


def write_journal(conn: sqlite3.Connection, row: tuple) -> int:
    """Insert the entry; returns its id."""
    cur = conn.execute(
        "INSERT INTO journal_entries (session_id, written_at, text) VALUES (?, ?, ?)", row)
    return cur.lastrowid


def naming(*parts: tuple[str, object]) -> str:
    """The names of the ``(name, row)`` parts that have something to write, joined as a
    sentence says them ("the rating and the journal entry"); "" when none has."""
    names = [name for name, row in parts if row]
    if len(names) < 2:
        return "".join(names)
    return f"{', '.join(names[:-1])} and {names[-1]}"
