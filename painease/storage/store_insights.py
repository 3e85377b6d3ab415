"""The insights part of ``SessionStore``: phase marks, the points and tables the Insights
page draws, live traces and phase shifts, with the cache of shifts they are read from.

``StoreInsights`` is a mixin: ``SessionStore`` (``store.py``) inherits these methods, and
they are called on a store, never on their own. Their SQL is in ``insight_queries.py``,
imported inside each method with numpy behind it, so opening the store at start-up stays
light. Reads run inside ``Database.guard`` and writes inside ``Database.write``, as the
store's own do (a ``StoreError`` with a plain message; bad input is a ``ValueError``).

No Qt; the store's thread rules apply (``store.py``).
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterable
from datetime import datetime
from typing import TYPE_CHECKING

from painease.storage.database import StoreError
from painease.storage.values import real_number, whole_number

if TYPE_CHECKING:  # numpy loads with the insights, not at app start-up
    import sqlite3

    from painease.domain.insight_sessions import SessionPoint, SessionTable
    from painease.domain.live_shifts import LiveTrace, PhaseShift
    from painease.storage.database import Database


class StoreInsights:
    """What the insights read and keep; mixed into ``SessionStore``, which sets the two
    below."""

    database: Database
    _conn: sqlite3.Connection

    def _cache_shifts(self, session_id: int) -> None:
        """Derived data for the insights once a session has ended; a failure is not said:
        the end is committed, and the next summary recomputes the missing rows."""
        from painease.storage import insight_queries

        with contextlib.suppress(StoreError), self.database.write("the phase-shift cache"):
            insight_queries.cache_session_shifts(self._conn, session_id)

    def save_phase_marks(self, session_id: int, marks: Iterable[tuple[int, str]]) -> None:
        """Store the start (audio-clock ms) of each phase run of the session's timeline."""
        from painease.storage import insight_queries

        rows = []
        for t_ms, phase in marks:
            if not isinstance(phase, str) or not phase.strip():
                raise ValueError(f"a phase mark needs a phase name, got {phase!r}")
            rows.append((whole_number(t_ms, "phase mark t_ms", low=0), phase))
        with self.database.write("the phase marks"):
            self.database.require_session(session_id)
            insight_queries.save_phase_marks(self._conn, session_id, rows)

    def insight_points(self, since: datetime | None = None,
                       until: datetime | None = None) -> list[SessionPoint]:
        """Sessions started in [since, until) with their pre/post ratings, oldest first."""
        from painease.storage import insight_queries

        with self.database.guard("read the sessions for insights"):
            return insight_queries.insight_points(self._conn, since, until)

    def insight_table(self, since: datetime | None = None,
                      until: datetime | None = None) -> SessionTable:
        """``insight_points`` as columns (a lazy sequence of points; see SessionTable)."""
        from painease.storage import insight_queries

        with self.database.guard("read the sessions for insights"):
            return insight_queries.insight_table(self._conn, since, until)

    def phase_marks(self, session_id: int) -> list[tuple[int, str]]:
        """(t_ms, phase) at each phase start of the session, in time order."""
        from painease.storage import insight_queries

        with self.database.guard("read the phase marks"):
            self.database.require_session(session_id)
            return insight_queries.phase_marks(self._conn, session_id)

    def live_trace(self, session_id: int) -> LiveTrace:
        """The session's live ratings as numpy arrays, with its phase marks."""
        from painease.storage import insight_queries

        with self.database.guard("read the live ratings"):
            self.database.require_session(session_id)
            return insight_queries.live_trace(self._conn, session_id)

    def phase_shift_summary(self, phase: str, since: datetime | None = None,
                            until: datetime | None = None, window_s: float = 30.0) -> PhaseShift:
        """The phase shift across sessions started in [since, until), from the cache.

        Ended sessions that lack a cached row are computed now and cached; a session still
        in progress is computed but not cached.
        """
        from painease.domain.live_shifts import PHASES_WITH_SHIFT, trace_shift
        from painease.storage import insight_queries

        if phase not in PHASES_WITH_SHIFT:
            raise ValueError(f"phase must be one of {', '.join(PHASES_WITH_SHIFT)}, "
                             f"got {phase!r}")
        if not real_number(window_s, "window_s") > 0:
            raise ValueError(f"window_s must be positive, got {window_s}")
        with self.database.guard("read the phase shifts"):
            cached, missing, running = insight_queries.cached_shifts(
                self._conn, phase, since, until, window_s)
        if missing and self.database.read_only:  # computed as for a running session
            running, missing = [*running, *missing], []
        if missing:
            with self.database.write("the phase-shift cache"):
                for session_id in missing:
                    insight_queries.cache_session_shifts(self._conn, session_id, (window_s,))
            with self.database.guard("read the phase shifts"):
                cached, _, running = insight_queries.cached_shifts(
                    self._conn, phase, since, until, window_s)
        with self.database.guard("read the live ratings"):
            live = [trace_shift(insight_queries.live_trace(self._conn, sid), phase, window_s)
                    for sid in running]
        return insight_queries.summary(phase, window_s, [*cached, *live])
