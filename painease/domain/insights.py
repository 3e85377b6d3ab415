"""Insights: what the ratings say, computed from plain values (pure Python and numpy).

Contract
--------
* Input is a sequence of ``SessionPoint`` (one per session, oldest first, as
  ``SessionStore.insight_points`` returns them). It and ``SessionTable`` live in
  ``painease.domain.insight_sessions`` and can still be imported from here. Nothing here
  reads files or the database, and nothing imports Qt. Shifts of the live rating within
  sessions are in ``painease.domain.live_shifts``; the plain-language readings of all these
  numbers in ``painease.domain.readings``.
* For long histories the same sessions come as one ``SessionTable`` (columns, as
  ``SessionStore.insight_table`` returns them); ``table_series`` and ``table_link`` give
  exactly what ``daily_series`` / ``weekly_series`` and ``fear_pain_link`` give for the
  same sessions as points, without a Python object per session. The clinical yardsticks
  and the per-script rows (and their table forms) are in ``painease.domain.summaries``.
* A missing rating is ``None`` (in arrays: NaN) and is never counted as 0: a session whose
  post-rating was skipped has no change, it is left out of every mean that needs that rating,
  and the readings say how many were left out.
* Changes are ``after - before`` in points, so a negative number means "went down".
* Days and weeks are the patient's local calendar days (``tz``); a week starts on Monday.

See docs/insights.md for each definition in plain words.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, timedelta, timezone, tzinfo
from zoneinfo import ZoneInfo

import numpy as np

from painease.domain.insight_sessions import SessionPoint, SessionTable

MIN_LINK_N = 10  # below this, a correlation's 95 % interval spans almost everything
_EPOCH_ORDINAL = date(1970, 1, 1).toordinal()
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_MS = timedelta(milliseconds=1)
_DAY_MS = 86_400_000


# ---- one session's change ---------------------------------------------------------------


@dataclass(frozen=True)
class Change:
    """One scale before → after; ``percent`` is None when before is 0 (no base to divide)."""

    before: int
    after: int
    points: int  # after - before (negative = went down)
    percent: float | None  # 100 * points / before


def change(before: int | None, after: int | None) -> Change | None:
    """The change from ``before`` to ``after``, or None when either rating is missing."""
    if before is None or after is None:
        return None
    points = after - before
    percent = None if before == 0 else 100.0 * points / before
    return Change(before, after, points, percent)


@dataclass(frozen=True)
class SessionShift:
    point: SessionPoint
    pain: Change | None  # None when pre or post pain is missing
    fear: Change | None
    completed: bool  # the audio played to the end (outcome 'completed')


def session_shifts(points: Sequence[SessionPoint]) -> list[SessionShift]:
    """Pre → post change in pain and fear for every session, in the order given."""
    return [
        SessionShift(
            point=p,
            pain=change(p.pre_pain, p.post_pain),
            fear=change(p.pre_fear, p.post_fear),
            completed=p.outcome == "completed",
        )
        for p in points
    ]


def last_rated(shifts: Sequence[SessionShift], last: int = 10) -> list[SessionShift]:
    """The last ``last`` sessions with a pain or a fear change, oldest first: the sessions
    the "before and after" chart draws, and that its reading describes."""
    return [s for s in shifts if s.pain is not None or s.fear is not None][-last:]


# ---- over time --------------------------------------------------------------------------


@dataclass(frozen=True)
class Series:
    """Aligned arrays, one entry per period that has at least one session."""

    start: np.ndarray  # datetime64[D]: the day, or the Monday of the week
    pre_pain: np.ndarray  # float mean of the period's ratings; NaN where none
    post_pain: np.ndarray
    pre_fear: np.ndarray
    post_fear: np.ndarray
    rolling_post_pain: np.ndarray  # 7-day rolling mean (daily series only; NaN otherwise)
    rolling_pre_pain: np.ndarray
    count: np.ndarray  # sessions in the period (rated or not)
    weekly: bool = False  # periods are weeks (start is their Monday), not days


def local_days(points: Sequence[SessionPoint], tz: tzinfo) -> np.ndarray:
    """Each session's local calendar day as datetime64[D]."""
    # Ordinals, not date objects: numpy converts a list of dates ~10x slower than of ints.
    ordinals = np.fromiter((p.started_at.astimezone(tz).toordinal() for p in points),
                           dtype=np.int64, count=len(points))
    return (ordinals - _EPOCH_ORDINAL).astype("datetime64[D]")


def table_local_days(table: SessionTable, tz: tzinfo) -> np.ndarray:
    """``local_days`` for a table, vectorised (and kept on the table for that ``tz``).

    Each UTC day's offset is asked of ``tz`` once, at its start; the offset at the next
    day's start tells whether it changes during the day (a DST switch), and only sessions
    on such a day are converted one by one. That holds for a zone by rules (a ZoneInfo, a
    fixed offset), which changes at most once a day; any other clock (a patient's clock
    of recorded offsets, which may go and come back within a day) is asked at each
    session.
    """
    cached = table._local_days
    if cached is not None and cached[0] is tz:
        return cached[1]
    ms = table.started_ms
    if isinstance(tz, ZoneInfo | timezone):
        utc_day = ms // _DAY_MS
        edges = np.union1d(utc_day, utc_day + 1)
        offsets = np.array([_offset_ms(int(d) * _DAY_MS, tz) for d in edges],
                           dtype=np.int64)
        start = offsets[np.searchsorted(edges, utc_day)]
        end = offsets[np.searchsorted(edges, utc_day + 1)]
        offset = start.copy()
        changing = np.flatnonzero(start != end)
    else:
        offset = np.zeros(len(ms), dtype=np.int64)
        changing = range(len(ms))
    for i in changing:
        offset[i] = _offset_ms(int(ms[i]), tz)
    days = ((ms + offset) // _DAY_MS).astype("datetime64[D]")
    table._local_days = (tz, days)
    return days


def _offset_ms(ms: int, tz: tzinfo) -> int:
    return (_EPOCH + timedelta(milliseconds=ms)).astimezone(tz).utcoffset() // _MS


def table_series(table: SessionTable, tz: tzinfo, weekly: bool) -> Series:
    """``weekly_series`` or ``daily_series`` of a table (the same numbers)."""
    days = table_local_days(table, tz)
    ratings = _table_ratings(table)
    if weekly:
        return replace(_grouped_ratings(ratings, monday_of(days)), weekly=True)
    return _with_rolling(_grouped_ratings(ratings, days))


def _table_ratings(table: SessionTable) -> dict[str, np.ndarray]:
    return {"pre_pain": table.pre_pain, "post_pain": table.post_pain,
            "pre_fear": table.pre_fear, "post_fear": table.post_fear}


def daily_series(points: Sequence[SessionPoint], tz: tzinfo) -> Series:
    """Daily means of pre/post pain and fear, with a 7-day rolling mean of pain.

    The rolling value for day D is the mean of the daily means of days D-6 … D that have a
    rating (each day counts once however many sessions it had); NaN if none of them has.
    """
    days = local_days(points, tz)
    return _with_rolling(_grouped(points, days))


def _with_rolling(series: Series) -> Series:
    if len(series.start) == 0:
        return series
    return Series(
        start=series.start, pre_pain=series.pre_pain, post_pain=series.post_pain,
        pre_fear=series.pre_fear, post_fear=series.post_fear,
        rolling_post_pain=calendar_rolling_mean(series.start, series.post_pain, 7),
        rolling_pre_pain=calendar_rolling_mean(series.start, series.pre_pain, 7),
        count=series.count,
    )


def weekly_series(points: Sequence[SessionPoint], tz: tzinfo) -> Series:
    """Weekly (Monday-based) means of pre/post pain and fear; rolling arrays are all NaN."""
    days = local_days(points, tz)
    return replace(_grouped(points, monday_of(days)), weekly=True)


def monday_of(days: np.ndarray) -> np.ndarray:
    """The Monday on or before each day (1970-01-01, day 0, was a Thursday)."""
    n = days.astype("datetime64[D]").astype(np.int64)
    return (n - (n + 3) % 7).astype("datetime64[D]")


def _ratings(points: Sequence[SessionPoint]) -> dict[str, np.ndarray]:
    def column(name: str) -> np.ndarray:
        values = [getattr(p, name) for p in points]
        return np.array([np.nan if v is None else v for v in values], dtype=float)

    return {name: column(name) for name in ("pre_pain", "post_pain", "pre_fear", "post_fear")}


def _grouped(points: Sequence[SessionPoint], keys: np.ndarray) -> Series:
    return _grouped_ratings(_ratings(points), keys)


def _grouped_ratings(ratings: dict[str, np.ndarray], keys: np.ndarray) -> Series:
    empty = np.array([], dtype=float)
    if len(keys) == 0:
        return Series(np.array([], dtype="datetime64[D]"), empty, empty, empty, empty,
                      empty, empty, np.array([], dtype=np.int64))
    start, inverse = np.unique(keys, return_inverse=True)
    inverse = inverse.reshape(-1)
    means = {name: group_mean(values, inverse, len(start))
             for name, values in ratings.items()}
    count = np.bincount(inverse, minlength=len(start)).astype(np.int64)
    nan = np.full(len(start), np.nan)
    return Series(start, means["pre_pain"], means["post_pain"], means["pre_fear"],
                  means["post_fear"], nan, nan.copy(), count)


def group_mean(values: np.ndarray, groups: np.ndarray, size: int) -> np.ndarray:
    """Mean of the non-NaN values per group; NaN for a group with none."""
    present = ~np.isnan(values)
    sums = np.bincount(groups[present], weights=values[present], minlength=size)
    counts = np.bincount(groups[present], minlength=size)
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(counts > 0, sums / np.maximum(counts, 1), np.nan)


def calendar_rolling_mean(days: np.ndarray, values: np.ndarray, width: int) -> np.ndarray:
    """Mean of the non-NaN ``values`` over the ``width`` calendar days ending at each day.

    ``days`` (datetime64[D], ascending, one entry per period with a session) are the
    periods' first days: the 7-day mean of a daily series is ``width`` 7, the 4-week mean of
    a weekly one (Mondays) ``width`` 28. Periods without sessions are simply not there, so
    values far apart in time never share a window.
    """
    index = (days - days[0]).astype(np.int64)
    dense_sum = np.zeros(index[-1] + 1)
    dense_n = np.zeros(index[-1] + 1)
    present = ~np.isnan(values)
    dense_sum[index[present]] = values[present]
    dense_n[index[present]] = 1
    csum = np.concatenate([[0.0], np.cumsum(dense_sum)])
    cnum = np.concatenate([[0.0], np.cumsum(dense_n)])
    low = np.maximum(index + 1 - width, 0)
    total = csum[index + 1] - csum[low]
    n = cnum[index + 1] - cnum[low]
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(n > 0, total / np.maximum(n, 1), np.nan)


# ---- the fear-pain link -----------------------------------------------------------------


@dataclass(frozen=True)
class Link:
    """Fear change (x) against pain change (y) across sessions rated before and after."""

    n: int
    min_n: int  # below this n no slope or r is given
    enough: bool  # n >= min_n and both changes vary
    slope: float | None  # least squares: pain_change = slope * fear_change + intercept
    intercept: float | None
    r: float | None  # Pearson correlation
    fear_changes: np.ndarray  # x, points
    pain_changes: np.ndarray  # y, points


def fear_pain_link(shifts: Sequence[SessionShift], min_n: int = MIN_LINK_N) -> Link:
    """Least-squares slope and Pearson r of pain change on fear change.

    Only sessions with both pain and fear rated before and after count. With fewer than
    ``min_n`` of them, or when either change never varies, slope and r are None.
    """
    pairs = [(s.fear.points, s.pain.points) for s in shifts if s.fear and s.pain]
    x = np.array([p[0] for p in pairs], dtype=float)
    y = np.array([p[1] for p in pairs], dtype=float)
    return _link(x, y, min_n)


def table_link(table: SessionTable, min_n: int = MIN_LINK_N) -> Link:
    """``fear_pain_link`` of a table's sessions."""
    both = ~np.isnan(table.pre_fear + table.post_fear + table.pre_pain + table.post_pain)
    x = (table.post_fear - table.pre_fear)[both]
    y = (table.post_pain - table.pre_pain)[both]
    return _link(x, y, min_n)


def _link(x: np.ndarray, y: np.ndarray, min_n: int) -> Link:
    n = len(x)
    slope = intercept = r = None
    enough = False
    if n >= min_n and n >= 2:
        dx, dy = x - x.mean(), y - y.mean()
        sxx, syy, sxy = float(dx @ dx), float(dy @ dy), float(dx @ dy)
        if sxx > 0 and syy > 0:
            enough = True
            slope = sxy / sxx
            intercept = float(y.mean() - slope * x.mean())
            r = max(-1.0, min(1.0, sxy / math.sqrt(sxx * syy)))
    return Link(n, min_n, enough, slope, intercept, r, x, y)
