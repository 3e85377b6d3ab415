"""Which session rows the readers can use: the values painease writes, of their types.

A probe edited rows with sqlite3 (``started_at = 5``, ``1e308``, ``2**62``; a script id,
an audio note of bytes; a length that is text): the column types let them in, and the
report, the export and Insights then failed with a TypeError or "date value out of
range". Such a row is unreadable, as one whose start is garbage: said, left out, never
deleted (``painease.storage.unplaced`` says it; the CSV export writes it as stored).

Contract
--------
* ``readable_session(alias)``: the SQL condition (never NULL) that a sessions row is
  readable: its start is a time as ``stored_values.db_time`` writes it (or with its zone in
  another form, as the store reads it too: "+01:00"), of a date and time that exist, a
  day inside the years 1 to 9999 on every clock; its script id text,
  its length a number, its audio note text or NULL, its time played and elapsed numbers or
  NULL, its outcome one of the four, and each of its ratings' pain and fear a whole number
  from 0 to 10 (``readable_rating``; ``is_rating`` in Python, for the CSV export). The
  insights' range reads keep only such rows; ``unreadable_start`` is the start's part alone.
* ``stored_text``, ``stored_number``: the parse functions ``stored_values.read_stored`` uses for
  the same columns when a row is read into a record (``store_reads``).

No state; any thread.
"""

from __future__ import annotations

_D = "[0-9]"
_SECONDS = f"{_D * 4}-{_D * 2}-{_D * 2}T{_D * 2}:{_D * 2}:{_D * 2}"  # GLOB: to the second


def readable_start(column: str) -> str:
    """The SQL condition that ``column`` holds a usable stored time: the stored form, a
    date and time that exist (SQLite would read 30 February as 2 March: the round trip
    says it), and a day away from the years' ends, so every clock can show it."""
    # One call: SQLite writes the time it reads back in db_time's form, and only a text
    # in that form, of a date and time that exist, comes back the same. Or, as the store
    # reads them too (``stored_values.parse_db_time``), one with a zone in another form
    # ("+01:00"; a hand-edit), when SQLite reads it and its date and time exist.
    head = f"substr({column}, 1, 19)"
    return (f"({column} >= '0001-01-02' AND {column} < '9999-12-31'"
            f" AND (strftime('%Y-%m-%dT%H:%M:%fZ', {column}, '+0 seconds') IS {column}"
            f" OR ({column} GLOB '{_SECONDS}*'"
            f" AND ({column} GLOB '*Z' OR {column} GLOB '*[+-][0-9][0-9]:[0-9][0-9]')"
            f" AND julianday({column}) IS NOT NULL"
            f" AND strftime('%Y-%m-%dT%H:%M:%S', {head}, '+0 seconds') IS {head})))")


def readable_session(alias: str = "") -> str:
    """The SQL condition that a sessions row (``alias``: "s." or "", for a query of the
    sessions table by its name) is readable."""
    # Types by SQLite's order of values (numbers < text < bytes), cheaper than typeof():
    # the Insights page reads ten years of sessions with this.
    # A time played or elapsed of text, an outcome no count knows, a rating that is not a
    # whole number from 0 to 10 (past the columns' CHECKs: a hand edit) once failed the
    # Insights, the report and the export, or were counted as they are ("99 -> 3").
    a = alias
    return (f"({readable_start(a + 'started_at')}"
            f" AND {a}script_id < X'' AND {a}length_minutes < ''"
            f" AND ({a}audio_note IS NULL OR {a}audio_note < X'')"
            f" AND ({a}played_ms IS NULL OR {a}played_ms < '')"
            f" AND ({a}elapsed_ms IS NULL OR {a}elapsed_ms < '')"
            f" AND {a}outcome IN {OUTCOMES}"
            f" AND NOT EXISTS (SELECT 1 FROM ratings r WHERE r.session_id = {a or 'sessions.'}id"
            f" AND NOT ({readable_rating('r.pain')} AND {readable_rating('r.fear')})))")


# What a session's outcome can be (the sessions table's CHECK), as SQL.
OUTCOMES = "('in_progress', 'completed', 'stopped_early', 'interrupted')"


def readable_rating(column: str) -> str:
    """The SQL condition that ``column`` holds a rating: a whole number from 0 to 10."""
    return f"({column} IN (0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10))"


def is_rating(raw: object) -> bool:
    """Whether a stored rating's value is a rating, as ``readable_rating`` says in SQL."""
    return isinstance(raw, int) and not isinstance(raw, bool) and 0 <= raw <= 10


def stored_text(raw: object) -> str:
    """A text column's value; anything else (bytes) is a ``TypeError`` (unreadable)."""
    if not isinstance(raw, str):
        raise TypeError(f"not text: {raw!r}")
    return raw


def stored_number(raw: object) -> float:
    """A number column's value (int or float); anything else is a ``TypeError``."""
    if isinstance(raw, bool) or not isinstance(raw, int | float):
        raise TypeError(f"not a number: {raw!r}")
    return raw
