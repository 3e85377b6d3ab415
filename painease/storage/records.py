"""What the store reads back: a session, a rating, a live sample, a journal entry.

Plain read-only records (compared by value) that ``SessionStore`` returns and the exports,
results and views take; ``painease.storage`` names them too. Types only: no SQL, no Qt.
"""

from __future__ import annotations

from datetime import datetime
from typing import NamedTuple

# The records are NamedTuples (read-only, compared by value), not frozen dataclasses: the
# window opens the store at start-up, and each dataclass costs ~1 ms to create (its methods
# are generated and compiled) on top of ~2.5 ms for importing dataclasses.


class Session(NamedTuple):
    id: int
    script_id: str
    script_version: int
    length_minutes: float
    started_at: datetime
    ended_at: datetime | None
    elapsed_ms: int | None
    outcome: str  # 'in_progress' | 'completed' | 'stopped_early' | 'interrupted'
    audio_note: str | None
    # Audio time that actually played (pauses, and what was skipped, not counted); None:
    # not known (a session from before it was recorded).
    played_ms: int | None = None


class Rating(NamedTuple):
    session_id: int
    moment: str  # 'pre' | 'post'
    pain: int
    fear: int
    note: str | None
    rated_at: datetime


class LiveSample(NamedTuple):
    t_ms: int  # audio-clock milliseconds since the session started
    value: float  # 0..10


class JournalEntry(NamedTuple):
    id: int
    session_id: int | None
    written_at: datetime
    text: str
