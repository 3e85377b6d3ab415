"""Sessions as portable records: what a results file carries, each field checked.

Contract
--------
* A ``SessionRecord`` is one session with its ratings (``RatingRecord``), live samples
  and the set item it was done for; a ``JournalRecord`` is one journal entry. Rating
  notes and journal entries are personal writing: a record read without notes carries
  None for every rating note (``painease.storage.results_store`` reads and merges them).
* ``SessionRecord.from_dict`` / ``JournalRecord.from_dict`` check every field of data that
  came from elsewhere and raise ``ValueError`` with one plain line; ``to_dict`` is the JSON
  form used in results files.
* A session record carries ``utc_offset_minutes``, the patient's clock at its start (None:
  not known), ``saved_seq``, its place in the order the patient saved their sessions
  (None: not known; ``ProgramStore.linked_sessions`` says what it is for), and
  ``phases``, its phase marks (insights), when its source had them
  (``painease.storage.zones`` and ``results_store`` say how each is used).
"""

from __future__ import annotations

import math
import re
from dataclasses import asdict, dataclass, replace
from datetime import datetime
from typing import Any

from painease.local_time import MAX_OFFSET_MINUTES
from painease.storage.notes import NOTE_LIMIT
from painease.storage.store import MOMENTS
from painease.storage.stored_values import db_time
from painease.storage.values import end_after_start, rated_after_start

OUTCOMES = ("in_progress", "completed", "stopped_early", "interrupted")
_UID = re.compile(r"^[0-9a-f]{32}$")
MAX_LIVE_SAMPLES = 100_000  # per session: 2 Hz for over 13 hours
MAX_TEXT = NOTE_LIMIT  # any text in a results file: the longest note the app lets one write


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
    # The session's place in the order the patient saved their sessions (their database's
    # id for it; None: not known, results from older paineases do not carry it).
    saved_seq: int | None = None

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
        started = _time(data.get("started_at"), f"{where}: started_at")
        elapsed = None if data.get("elapsed_ms") is None else _int(
            data.get("elapsed_ms"), f"{where}: elapsed_ms", 0)
        # Sent by a painease that kept an end or an after-rating before the start: read as
        # ours keeps them.
        ended = end_after_start(started, _time(data.get("ended_at"), f"{where}: ended_at",
                                               optional=True), elapsed)
        records = tuple(replace(r, rated_at=rated_after_start(r.moment, r.rated_at, started,
                                                              ended)) for r in records)
        return cls(
            uid=uid,
            script_id=_text(data.get("script_id"), f"{where}: script_id", required=True),
            script_version=_int(data.get("script_version"), f"{where}: script_version", 0),
            length_minutes=_real(data.get("length_minutes"), f"{where}: length_minutes",
                                 0, 1440, open_low=True),
            started_at=started,
            ended_at=ended,
            elapsed_ms=elapsed,
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
            saved_seq=None if data.get("saved_seq") is None else _int(
                data.get("saved_seq"), f"{where}: saved_seq", 1),
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
        parsed = datetime.fromisoformat(value)  # from a file: not ``parse_db_time``'s
    except ValueError:
        raise ValueError(f"{what} must be a UTC time like 2026-11-02T09:00:00.000Z") from None
    return db_time(parsed)
