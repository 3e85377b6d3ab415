"""Shifts of the live rating within sessions: how it moved when a phase began.

Contract
--------
* A ``LiveTrace`` is one session's live ratings as recorded (a new sample whenever the
  slider moved; t_ms on the audio clock) plus the start of each phase run on the fitted
  timeline (``phase_starts``). Nothing here reads files or the database; no Qt.
* The rating is taken as *held*: each sample stands until the next one, and the last one
  until the session ended (``end_ms``), never beyond. A phase start counts only when the
  rating was already being given before it and the session was still running at it (the
  marks are the whole planned timeline, so a session stopped early has marks it never
  reached); the window after it is cut at the end and counts only when at least
  ``MIN_AFTER_SHARE`` of it was played.
* ``phase_shift`` is the mean, across sessions, of each session's mean shift (window
  after the start minus window before), for the phases in ``PHASES_WITH_SHIFT``.

See docs/insights.md for the definition in plain words.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np

from painease.domain.timeline import Timeline

PHASES_WITH_SHIFT = ("safety", "positive-affect")
# A phase start close to the end of a session counts only when at least this share of the
# window after it was played: a few seconds are too little to say how the rating moved.
MIN_AFTER_SHARE = 0.5


@dataclass(frozen=True)
class LiveTrace:
    """One session's live ratings (as recorded: a new sample whenever the slider moved)."""

    session_id: int
    t_ms: np.ndarray  # int64, ascending
    value: np.ndarray  # float
    marks: Sequence[tuple[int, str]]  # (t_ms, phase) at each phase START on the timeline
    # Where the session ended on the same clock (the store gives elapsed_ms, or the last
    # sample's time when that is unknown); None: no end known, the last value holds on.
    end_ms: float | None = None


@dataclass(frozen=True)
class PhaseShift:
    """Mean live rating in the window after a phase starts minus the window before it."""

    phase: str  # 'safety' or 'positive-affect'
    window_s: float
    n_sessions: int  # sessions with at least one usable phase start
    n_events: int  # usable phase starts in all
    mean: float | None  # mean of the per-session shifts
    sd: float | None  # their sample SD (n - 1); None below two sessions
    per_session: np.ndarray  # each session's mean shift


def held_mean(t_ms: np.ndarray, value: np.ndarray, start: float, end: float) -> float | None:
    """Time-weighted mean over [start, end) of the rating as held (each sample stands until
    the next one), counting only time after the first sample; None if none of it is covered.
    The last sample holds on to ``end``: a caller cuts ``end`` at the session's end.
    """
    if len(t_ms) == 0:
        return None
    start = max(start, float(t_ms[0]))
    if end <= start:
        return None
    t = t_ms.astype(float)
    v = value.astype(float)
    # area[i] = integral of the held value from t[0] to t[i]
    area = np.concatenate([[0.0], np.cumsum(v[:-1] * np.diff(t))])

    def integral(at: float) -> float:
        k = int(np.searchsorted(t, at, side="right")) - 1
        return float(area[k] + v[k] * (at - t[k]))

    return (integral(end) - integral(start)) / (end - start)


def trace_shift(trace: LiveTrace, phase: str, window_s: float = 30.0) -> tuple[int, float | None]:
    """(usable events, mean shift) of one session for ``phase``.

    An event is usable when the rating was already being given before the phase started
    (some of the before-window is covered) and the session ran on for at least
    ``MIN_AFTER_SHARE`` of the window after it; its shift is held_mean(after) -
    held_mean(before), the after-window cut at the session's end.
    """
    window = window_s * 1000.0
    end = math.inf if trace.end_ms is None else float(trace.end_ms)
    shifts = []
    for at, name in trace.marks:
        if name != phase:
            continue
        stop = min(at + window, end)
        if stop - at < MIN_AFTER_SHARE * window:  # not reached, or ended just after it
            continue
        before = held_mean(trace.t_ms, trace.value, at - window, at)
        after = held_mean(trace.t_ms, trace.value, at, stop)
        if before is not None and after is not None:
            shifts.append(after - before)
    if not shifts:
        return 0, None
    return len(shifts), float(np.mean(shifts))


def summarise_shifts(phase: str, window_s: float, per_session: Iterable[tuple[int, float]]
                     ) -> PhaseShift:
    """Combine per-session (events, mean shift) pairs into a PhaseShift."""
    rows = [(n, s) for n, s in per_session if n > 0 and s is not None]
    values = np.array([s for _, s in rows], dtype=float)
    n_sessions = len(values)
    mean = float(values.mean()) if n_sessions else None
    sd = float(values.std(ddof=1)) if n_sessions >= 2 else None
    return PhaseShift(phase, window_s, n_sessions, sum(n for n, _ in rows), mean, sd, values)


def phase_shift(sessions: Iterable[LiveTrace], phase: str, window_s: float = 30.0) -> PhaseShift:
    """The 'safety shift' (or positive-affect shift) averaged across sessions."""
    if phase not in PHASES_WITH_SHIFT:
        raise ValueError(f"phase must be one of {', '.join(PHASES_WITH_SHIFT)}, got {phase!r}")
    if not window_s > 0:
        raise ValueError(f"window_s must be positive, got {window_s}")
    return summarise_shifts(phase, window_s,
                            (trace_shift(trace, phase, window_s) for trace in sessions))


def phase_starts(timeline: Timeline) -> list[tuple[int, str]]:
    """(t_ms, phase) at the start of every run of one phase in a fitted timeline.

    Consecutive segments of the same phase form one run; t_ms is on the audio clock
    (frames * 1000 // samplerate), the same clock live ratings are stamped with.
    """
    marks: list[tuple[int, str]] = []
    previous = None
    for segment in timeline.segments:
        if segment.phase != previous:
            marks.append((segment.start * 1000 // timeline.samplerate, segment.phase.value))
            previous = segment.phase
    return marks


PhaseRun = tuple[float, float, str]  # start ms, end ms, phase


def phase_runs(marks: Sequence[tuple[int, str]], end_ms: float) -> list[PhaseRun]:
    """Each phase run from its start mark (see ``phase_starts``) to the next mark, the last
    one to ``end_ms`` (where the session ended)."""
    ordered = sorted(marks)
    runs = []
    for i, (start, phase) in enumerate(ordered):
        stop = ordered[i + 1][0] if i + 1 < len(ordered) else end_ms
        if stop > start:
            runs.append((float(start), float(stop), phase))
    return runs


def phase_at(runs: Sequence[PhaseRun], t_ms: float) -> str | None:
    """The phase running at ``t_ms``, or None outside every run."""
    for start, stop, phase in runs:
        if start <= t_ms < stop:
            return phase
    return None
