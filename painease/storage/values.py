"""Checks on what the stores are asked to save: each returns the value to store, or raises
``ValueError`` with a plain message before anything is written."""

from __future__ import annotations

import math
import operator
from datetime import UTC, datetime, timedelta

from painease.storage.stored_values import db_time, parse_db_time


def whole_number(value: object, what: str, low: int, high: int | None = None) -> int:
    """An integer (numpy ints welcome, bools and floats not) within [low, high]."""
    try:
        if isinstance(value, bool):
            raise TypeError
        number = operator.index(value)
    except TypeError:
        raise ValueError(f"{what} must be a whole number, got {value!r}") from None
    if number < low or (high is not None and number > high):
        bounds = f"between {low} and {high}" if high is not None else f"at least {low}"
        raise ValueError(f"{what} must be {bounds}, got {number}")
    return number


def real_number(value: object, what: str, high: float | None = None) -> float:
    """A finite real number, within [0, high] when high is given."""
    try:
        if isinstance(value, bool | str | bytes):
            raise TypeError
        number = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        raise ValueError(f"{what} must be a number, got {value!r}") from None
    if not math.isfinite(number):
        raise ValueError(f"{what} must be a finite number, got {value!r}")
    if high is not None and not 0.0 <= number <= high:
        raise ValueError(f"{what} must be between 0 and {high:g}, got {value!r}")
    return number


def note_text(note: str | None) -> str | None:
    """The note as text, or None when it is empty or only spaces."""
    if note is not None and not isinstance(note, str):
        raise ValueError(f"a note must be text, got {note!r}")
    return note if note and note.strip() else None


def utc_text(when: datetime | None, what: str) -> str:
    """The stored form of ``when`` (default now); naive datetimes are refused (which zone?)."""
    if when is None:
        when = datetime.now(UTC)
    elif not isinstance(when, datetime):
        raise ValueError(f"{what} must be a datetime, got {when!r}")
    elif when.tzinfo is None or when.utcoffset() is None:
        raise ValueError(f"{what} must be timezone-aware, got naive {when.isoformat()}")
    return db_time(when)


def end_after_start(started: str, ended: str | None, elapsed_ms: int | None) -> str | None:
    """The end to keep for a session (stored time texts): ``ended`` as given, unless the
    computer's clock put it before ``started`` (it was set back during the session); then
    the start plus the audio time the session ran (``elapsed_ms``; the audio clock is the
    session's clock), or the start itself when that is not known."""
    if ended is None or ended >= started:
        return ended
    return db_time(parse_db_time(started) + timedelta(milliseconds=elapsed_ms or 0))


def rated_after_start(moment: str, rated_at: str, started: str, ended: str | None) -> str:
    """The time to keep for a rating of a session (stored time texts): ``rated_at`` as
    given, unless it is an after-rating ("post") that the computer's clock put before the
    session's ``started`` (it was set back); then the session's end (an after-rating
    follows it; ``end_after_start`` keeps that never before the start), or the start
    itself while the session has not ended. A before-rating is kept as given."""
    if moment != "post" or rated_at >= started:
        return rated_at
    return ended if ended is not None and ended >= started else started
