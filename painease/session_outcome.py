"""What a finished session came to, for its summary: how it ended and what changed.

``GuidedSession.outcome()`` (``painease.session``) makes an ``Outcome`` once the session
has ended; the Summary page shows it. ``Change`` is one 0-10 scale before and after, with
its change in points and, when it can be computed, in percent; ``said_percent`` is that
percent only when it is worth saying (``PERCENT_FROM_POINTS``). Values only: no Qt, no I/O.
"""

from __future__ import annotations

from dataclasses import dataclass

# A percent is said of a change of this many points or more. One point is the scale's own
# wobble, and on a low rating a large percent (1 → 2 is "100% higher", 1 → 0 "100% lower")
# that says more than one point can.
PERCENT_FROM_POINTS = 2


@dataclass(frozen=True)
class Change:
    """One scale before → after; ``percent`` is None when it cannot be computed (before 0)."""

    before: int
    after: int

    @property
    def points(self) -> int:
        return self.after - self.before

    @property
    def percent(self) -> float | None:
        if self.before == 0:
            return None
        return 100.0 * (self.after - self.before) / self.before

    @property
    def said_percent(self) -> float | None:
        """``percent`` when it is worth saying (a change of ``PERCENT_FROM_POINTS`` points or
        more), else None: the one rule the Summary's lines and its reading follow."""
        return self.percent if abs(self.points) >= PERCENT_FROM_POINTS else None


@dataclass(frozen=True)
class Outcome:
    """What the summary shows: how the session ended and what changed (None if unrated)."""

    session_id: int
    ended: str  # 'completed' | 'stopped_early'
    elapsed_ms: int  # where it ended on the audio clock
    pain: Change | None
    fear: Change | None
    live: tuple[tuple[int, float], ...]  # (t_ms, value) as recorded, in order
    played_ms: int | None = None  # audio that actually played (skips not counted)
    # Where the live rating's slider started (the pain rated before) when live rating was
    # on; None when it was off. Never a sample: ``live`` holds the patient's moves only.
    live_start: int | None = None
    # Whether it counts for the set it was done for (``program_status.counts_for_set``:
    # half or more heard); None when it was not done for a set.
    for_set: bool | None = None
