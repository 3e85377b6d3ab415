"""What a period's sessions add up to: the clinical yardsticks and one row per script.

Contract
--------
* Built on ``painease.domain.insights`` (sessions as ``SessionPoint`` or one
  ``SessionTable``; days are the patient's local calendar days). ``table_yardsticks`` and
  ``table_by_script`` give exactly what ``yardsticks`` and ``by_script`` give for the same
  sessions as points. Pure Python and numpy; no Qt, no files.
* A missing rating is missing, never 0: it leaves the session out of the shares that need
  it (``YARDSTICK_DEFINITIONS`` says so in plain words, for the page and the report).
* The two pain shares are said in one place for Insights and the report (``share_rows``,
  ``share_notes``), by the small-numbers rule (``painease.domain.small_numbers``): over fewer
  than ``MIN_READING_SESSIONS`` sessions, counts without a percentage; over fewer than
  ``FEW``, "treat them lightly". When sessions that started at pain 0 are left out, the
  count they are over says what those sessions are, and a note says how many were left.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import tzinfo

import numpy as np

from painease.domain.insight_sessions import SessionPoint, SessionTable
from painease.domain.insights import SessionShift, group_mean, local_days, table_local_days
from painease.domain.readings import rated_sessions
from painease.domain.small_numbers import (
    MIN_READING_SESSIONS,
    percent_given,
    share_percent,
    treat_lightly,
)
from painease.domain.vocabulary import counted

# The yardsticks' heading, on Insights and in the report.
MEASURES_HEADING = "Measures from pain research"

# The two shares' names, one for each measure wherever it is read: Insights, the report,
# the definitions below (which start with them) and, in a sentence, the Summary.
SHARE_NAMES = {"share_30": "Pain at least 30% lower after a session",
               "share_50": "Pain at least halved after a session"}

YARDSTICK_DEFINITIONS = {  # plain and short: patients read them (test_patient_wording)
    "share_30": (
        "Pain at least 30% lower after a session than before, like 10 → 7. Studies count "
        "this as a meaningful change over weeks of treatment; here it is one session. "
        "Sessions that started at pain 0 are left out: there was no pain to drop."
    ),
    "share_50": (
        "Pain at least halved after a session, like 6 → 3, in the same sessions. Over weeks "
        "of treatment, studies count this as a large change."
    ),
    "days_0_1": (
        "Days with pain at 0 or 1 out of 10: pain-free or nearly. A day counts when its "
        "sessions' last ratings (after, or before when after was skipped) average 1 or "
        "less. A research trial used a week's average, so this is a different measure."
    ),
    "missing": (
        "A skipped rating is left out, not counted as 0. Days without a pain rating are "
        "left out too."
    ),
}


@dataclass(frozen=True)
class Yardsticks:
    n_rated: int  # sessions with both pre and post pain
    share_30: float | None  # share of the n_base sessions with >= 30 % pain reduction
    share_50: float | None
    n_days: int  # days with any pain rating
    days_0_1: int  # days whose mean (post, else pre) pain was <= 1
    definitions: dict[str, str]  # plain-language definition of each yardstick
    n_base: int = 0  # the shares' denominator: rated sessions with pre pain >= 1


def no_shares_reason(y: Yardsticks) -> str:
    """Why the 30 % / 50 % shares are missing (``y.n_base`` is 0), in one sentence."""
    if not y.n_rated:
        return "No sessions rated before and after in this period yet."
    sessions = "session" if y.n_rated == 1 else f"{y.n_rated} sessions"
    started = "started" if y.n_rated == 1 else "all started"
    return (f"The {sessions} rated before and after {started} at pain 0, so there is no "
            "drop to measure.")


def share_rows(y: Yardsticks) -> list[tuple[str, str]]:
    """The two pain shares as (name, how many), e.g. ("Pain at least 30% lower after a
    session", "10 of the 14 sessions that started above pain 0 and were rated before and
    after (71%)") and (…, "7 of 14 (50%)"); no percentage over fewer than
    ``MIN_READING_SESSIONS`` sessions. [] when there are none (``no_shares_reason``)."""
    base = y.n_base
    if not base or y.share_30 is None or y.share_50 is None:
        return []
    if y.n_rated == base:
        over = rated_sessions(base)
    else:
        # "0 of 1 session…", "3 of the 14 sessions…"
        the, were = ("", "was") if base == 1 else ("the ", "were")
        over = (f"{the}{counted(base, 'session', 'sessions')} that started above pain 0 and "
                f"{were} rated before and after")
    return [(SHARE_NAMES["share_30"], f"{round(y.share_30 * base)} of {over}"
                                      f"{share_percent(y.share_30, base)}"),
            (SHARE_NAMES["share_50"], f"{round(y.share_50 * base)} of {base}"
                                      f"{share_percent(y.share_50, base)}")]


def share_notes(y: Yardsticks) -> list[str]:
    """What is said under the two shares (``share_rows``), one sentence each: too few
    sessions for a percentage, or few enough to treat them lightly; and how many sessions
    they leave out for starting at pain 0."""
    base = y.n_base
    if not base or y.share_30 is None:
        return []
    notes = []
    if not percent_given(base):
        notes.append(f"Not enough sessions yet to give these two as percentages ({base} "
                     f"counted so far; at least {MIN_READING_SESSIONS} are needed).")
    elif treat_lightly(base):
        notes.append("These two rest on only a few sessions, so treat them lightly.")
    if y.n_rated > base:
        left_out = counted(y.n_rated - base, "session", "sessions")
        notes.append(f"Not counted in these two: {left_out} that started at pain 0, with no "
                     "pain to drop.")
    return notes


def reduction_reached(before: int, after: int, percent: int) -> bool:
    """True when pain fell by at least ``percent`` % (exact integer arithmetic; before >= 1)."""
    return 100 * (before - after) >= percent * before


def yardsticks(points: Sequence[SessionPoint], tz: tzinfo) -> Yardsticks:
    rated = [p for p in points if p.pre_pain is not None and p.post_pain is not None]
    base = [p for p in rated if p.pre_pain >= 1]
    share_30 = share_50 = None
    if base:
        share_30 = sum(reduction_reached(p.pre_pain, p.post_pain, 30) for p in base) / len(base)
        share_50 = sum(reduction_reached(p.pre_pain, p.post_pain, 50) for p in base) / len(base)
    latest = [(p, p.post_pain if p.post_pain is not None else p.pre_pain) for p in points]
    latest = [(p, v) for p, v in latest if v is not None]
    n_days = days_0_1 = 0
    if latest:
        days = local_days([p for p, _ in latest], tz)
        values = np.array([v for _, v in latest], dtype=float)
        unique, inverse = np.unique(days, return_inverse=True)
        means = group_mean(values, inverse.reshape(-1), len(unique))
        n_days = len(unique)
        days_0_1 = int(np.sum(means <= 1.0))
    return Yardsticks(len(rated), share_30, share_50, n_days, days_0_1,
                      dict(YARDSTICK_DEFINITIONS), n_base=len(base))


def table_yardsticks(table: SessionTable, tz: tzinfo) -> Yardsticks:
    """``yardsticks`` of a table's sessions."""
    pre, post = table.pre_pain, table.post_pain
    rated = ~np.isnan(pre) & ~np.isnan(post)
    base = rated & (pre >= 1)
    n_base = int(np.count_nonzero(base))
    share_30 = share_50 = None
    if n_base:
        drop, before = 100 * (pre[base] - post[base]), pre[base]
        share_30 = int(np.count_nonzero(drop >= 30 * before)) / n_base
        share_50 = int(np.count_nonzero(drop >= 50 * before)) / n_base
    latest = np.where(np.isnan(post), pre, post)
    present = ~np.isnan(latest)
    n_days = days_0_1 = 0
    if present.any():
        days = table_local_days(table, tz)[present]
        unique, inverse = np.unique(days, return_inverse=True)
        means = group_mean(latest[present], inverse.reshape(-1), len(unique))
        n_days = len(unique)
        days_0_1 = int(np.sum(means <= 1.0))
    return Yardsticks(int(np.count_nonzero(rated)), share_30, share_50, n_days, days_0_1,
                      dict(YARDSTICK_DEFINITIONS), n_base=n_base)


@dataclass(frozen=True)
class ScriptRow:
    script_id: str
    sessions: int  # all sessions of the script
    mean_pain_change: float | None  # points, over sessions with pain rated before and after
    mean_fear_change: float | None
    n_pain: int = 0  # sessions behind mean_pain_change
    n_fear: int = 0


def by_script(shifts: Sequence[SessionShift]) -> list[ScriptRow]:
    """One row per script, most-used first (ties by script id)."""
    groups: dict[str, list[SessionShift]] = {}
    for shift in shifts:
        groups.setdefault(shift.point.script_id, []).append(shift)
    rows = []
    for script_id, group in groups.items():
        pain = [s.pain.points for s in group if s.pain]
        fear = [s.fear.points for s in group if s.fear]
        rows.append(ScriptRow(script_id, len(group), _mean(pain), _mean(fear),
                              len(pain), len(fear)))
    return sorted(rows, key=lambda r: (-r.sessions, r.script_id))


def table_by_script(table: SessionTable) -> list[ScriptRow]:
    """``by_script`` of a table's sessions."""
    if len(table) == 0:
        return []
    names, group = np.unique(np.array(table.script_ids, dtype=object), return_inverse=True)
    group = group.reshape(-1)
    size = len(names)
    sessions = np.bincount(group, minlength=size)
    columns = []
    for before, after in ((table.pre_pain, table.post_pain), (table.pre_fear, table.post_fear)):
        change = after - before
        present = ~np.isnan(change)
        sums = np.bincount(group[present], weights=change[present], minlength=size)
        columns.append((sums, np.bincount(group[present], minlength=size)))
    (pain_sum, n_pain), (fear_sum, n_fear) = columns
    rows = [ScriptRow(str(names[k]), int(sessions[k]),
                      float(pain_sum[k] / n_pain[k]) if n_pain[k] else None,
                      float(fear_sum[k] / n_fear[k]) if n_fear[k] else None,
                      int(n_pain[k]), int(n_fear[k]))
            for k in range(size)]
    return sorted(rows, key=lambda r: (-r.sessions, r.script_id))


def _mean(values: Sequence[float]) -> float | None:
    return float(sum(values) / len(values)) if values else None
