"""The sessions the insights compute from: one as a ``SessionPoint``, many as a ``SessionTable``.

Contract
--------
* Plain values only: nothing here reads files or the database, and nothing imports Qt.
  ``SessionStore.insight_points`` and ``SessionStore.insight_table`` build them;
  ``painease.domain.insights`` and ``painease.domain.summaries`` compute from them.
* A rating not given is ``None`` (in a table's float columns: NaN), never 0.
* A table holds the same sessions as the points would, as aligned columns, so long
  histories cost a few arrays instead of an object per session.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, tzinfo

import numpy as np

_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_MS = timedelta(milliseconds=1)


@dataclass(frozen=True)
class SessionPoint:
    """One session as the insights see it; ratings are None when not given (never 0)."""

    id: int
    script_id: str
    started_at: datetime  # aware, UTC
    outcome: str  # 'completed' | 'stopped_early' | 'interrupted' | 'in_progress'
    elapsed_ms: int | None
    length_minutes: float
    pre_pain: int | None
    pre_fear: int | None
    post_pain: int | None
    post_fear: int | None
    played_ms: int | None = None  # audio that actually played (None: not known)


class SessionTable(Sequence[SessionPoint]):
    """A period's sessions as aligned columns (the fast path for long histories).

    Behaves as a read-only sequence of ``SessionPoint`` (oldest first), built one at a time
    only when indexed or sliced, so 11,000 sessions cost a few arrays, not 11,000 objects.
    The ``table_*`` functions of ``painease.domain.insights`` and ``summaries`` compute from
    the columns what their ``SessionPoint`` forms compute from points, with exactly the
    same results.
    """

    def __init__(self, ids: Sequence[int], script_ids: Sequence[str],
                 started_ms: Sequence[int], outcomes: Sequence[str],
                 elapsed_ms: Sequence[int | None], length_minutes: Sequence[float],
                 pre_pain: Sequence[int | None], pre_fear: Sequence[int | None],
                 post_pain: Sequence[int | None], post_fear: Sequence[int | None],
                 played_ms: Sequence[int | None] | None = None):
        self.ids = list(ids)
        self.script_ids = list(script_ids)
        self.started_ms = np.asarray(started_ms, dtype=np.int64).reshape(-1)  # UTC, epoch
        self.outcomes = list(outcomes)
        self.elapsed_ms = list(elapsed_ms)
        self.length_minutes = list(length_minutes)
        self.played_ms = list(played_ms) if played_ms is not None else [None] * len(self.ids)
        # As given (None when skipped) for the points, and as float arrays (NaN) for sums.
        self._given = (list(pre_pain), list(pre_fear), list(post_pain), list(post_fear))
        self.pre_pain, self.pre_fear, self.post_pain, self.post_fear = (
            np.array(column, dtype=float).reshape(-1) for column in self._given)
        self._local_days: tuple[tzinfo, np.ndarray] | None = None  # see insights.table_local_days

    @classmethod
    def from_points(cls, points: Sequence[SessionPoint]) -> SessionTable:
        ms = [int((p.started_at - _EPOCH) // _MS) for p in points]
        return cls([p.id for p in points], [p.script_id for p in points], ms,
                   [p.outcome for p in points], [p.elapsed_ms for p in points],
                   [p.length_minutes for p in points], [p.pre_pain for p in points],
                   [p.pre_fear for p in points], [p.post_pain for p in points],
                   [p.post_fear for p in points], [p.played_ms for p in points])

    def __len__(self) -> int:
        return len(self.ids)

    def __getitem__(self, index):
        if isinstance(index, slice):
            return [self._point(i) for i in range(*index.indices(len(self)))]
        if index < 0:
            index += len(self)
        if not 0 <= index < len(self):
            raise IndexError("session index out of range")
        return self._point(index)

    def _point(self, i: int) -> SessionPoint:
        pre_pain, pre_fear, post_pain, post_fear = (column[i] for column in self._given)
        return SessionPoint(self.ids[i], self.script_ids[i],
                            _EPOCH + timedelta(milliseconds=int(self.started_ms[i])),
                            self.outcomes[i], self.elapsed_ms[i], self.length_minutes[i],
                            pre_pain, pre_fear, post_pain, post_fear, self.played_ms[i])

    def outcome_counts(self) -> dict[str, int]:
        counts: dict[str, int] = {}
        for outcome in self.outcomes:
            counts[outcome] = counts.get(outcome, 0) + 1
        return counts

    def head(self, n: int) -> SessionTable:
        """The first ``n`` sessions, as a table of their own."""
        return SessionTable(self.ids[:n], self.script_ids[:n], self.started_ms[:n],
                            self.outcomes[:n], self.elapsed_ms[:n], self.length_minutes[:n],
                            *(column[:n] for column in self._given), self.played_ms[:n])

    def lived(self, now: datetime) -> int:
        """How many sessions, from the first, are not dated after ``now`` (all when every
        one is: ``painease.domain.wrong_clock.latest_lived``'s rule)."""
        return int(np.searchsorted(self.started_ms, (now - _EPOCH) // _MS, "right")) or len(self)

    def span_days(self) -> int:
        """Whole days from the first session's start to the last one's (0 when empty)."""
        if len(self) == 0:
            return 0
        return int((self.started_ms[-1] - self.started_ms[0]) // 86_400_000)
