"""Stored values: how a time is written to the database, and how a stored value (a time, a
date, or any other through ``read_stored``) is read back.

Contract
--------
* ``db_time(when)``: how every store writes a time (UTC ISO-8601, milliseconds, 'Z');
  ``parse_db_time`` and ``parse_db_date`` read a stored time and a stored day back.
* ``read_stored(parse, raw, kind, where)``: the one place a stored value is read into what
  it stands for. A value that cannot be read (the file was edited or damaged) is an
  ``UnreadableValue`` (a ``StoreError``, never a ``ValueError``) naming its place
  (``Where``: table, row, column); with ``keep`` it is returned instead of raised, for a
  reader that writes out what it can (the CSV export).

No state; any thread. It loads ``datetime`` and (through ``store_errors``) ``sqlite3``, so,
like ``painease.storage.database``, the window's main thread must not import it at start
(``painease.ui.app``: the start-up worker opens the store).
"""

from __future__ import annotations

from datetime import UTC, date, datetime

from painease.storage.store_errors import StoreError


def db_time(when: datetime) -> str:
    """How times are stored: UTC ISO-8601, milliseconds, 'Z' (fixed width, so text order is
    time order). ``when`` must be timezone-aware."""
    return when.astimezone(UTC).replace(tzinfo=None).isoformat(timespec="milliseconds") + "Z"


class UnreadableValue(StoreError):
    """A value stored in the database cannot be read as what it should be (the file was
    edited or damaged): ``where`` is (table, row, column), the row said as its key ("1",
    "session 3, pre"), or None when the reader did not say; ``raw`` is the stored value as
    it is, which an export can still write out; ``detail`` says what and where ("the
    programs table, row 3, column started_on holds 'x', which is not a date"), for a text
    that says "cannot be read" in its own words. Only the parse helpers below raise it
    (never a ``ValueError``: that says "no such id" to the callers of the stores)."""

    def __init__(self, raw: object, kind: str, where: Where | None = None):
        shown = repr(raw) if len(repr(raw)) <= 40 else repr(raw)[:37] + "..."
        place = (f"the {where[0]} table, row {where[1]}, column {where[2]}"
                 if where else "a stored value")
        self.detail = f"{place} holds {shown}, which is not {kind}"  # what, and where
        super().__init__(f"a value in the database cannot be read: {self.detail}",
                         "nothing was changed, and 'painease export --csv FOLDER' still"
                         " saves your sessions, ratings and journal")
        self.raw, self.kind, self.where = raw, kind, where


Where = tuple[str, object, str]  # (table, row, column), see UnreadableValue


def read_stored(parse, raw: object, kind: str, where: Where | None = None, *,
                keep: bool = False):
    """``parse(raw)``: the one place a stored value is read into what it stands for. One
    that cannot be (``parse`` raises ``ValueError``, ``TypeError`` or ``KeyError``) is an
    ``UnreadableValue`` (``kind``: what it should be, "a time"), raised, or with ``keep``
    returned in its place, for a reader that writes out what it can (the CSV export)."""
    try:
        return parse(raw)
    except (ValueError, TypeError, KeyError) as exc:
        problem = UnreadableValue(raw, kind, where)
        if keep:
            return problem
        raise problem from exc


def _aware_time(text: str) -> datetime:
    when = datetime.fromisoformat(text)  # 3.11's fromisoformat reads the 'Z'
    if when.tzinfo is None:  # how it was written (db_time) always says its zone
        raise ValueError(f"no time zone in {text!r}")
    try:  # a day from the years' ends: shown on another clock, it would not exist
        within = _FIRST_DAY <= when < _LAST_DAY
    except OverflowError:
        within = False
    if not within:
        raise ValueError(f"{text!r} is too near the years 1 or 9999")
    return when


_FIRST_DAY = datetime(1, 1, 2, tzinfo=UTC)
_LAST_DAY = datetime(9999, 12, 31, tzinfo=UTC)


def parse_db_time(text: str, where: Where | None = None, *, keep: bool = False) -> datetime:
    """The aware UTC datetime for a stored time (``read_stored``: one that cannot be read
    is an ``UnreadableValue`` naming ``where``)."""
    return read_stored(_aware_time, text, "a time", where, keep=keep)


def parse_db_date(text: str, where: Where | None = None) -> date:
    """The date for a stored day (YYYY-MM-DD), as ``parse_db_time``."""
    return read_stored(date.fromisoformat, text, "a date", where)
