"""Everything the Insights page and the therapist report show, gathered in one pass.

``gather(store, since, until, tz)`` reads the sessions of a period with one query, as
columns (``SessionStore.insight_table``), and computes the daily or weekly series, the
fear–pain link, the yardsticks, the by-script table (vectorised, over every session), the
recent sessions' shifts and every plain-language reading with ``painease.domain``'s
``insights``, ``summaries`` and ``readings`` (the same numbers as their ``SessionPoint``
functions give), plus the within-session shift
of the live rating after safety and curiosity-and-ease phases begin
(``SessionStore.phase_shift_summary``, cached), and the period's journal entries that
belong to no session (``painease.storage.notes.loose_notes``). It touches no Qt, so the
page can run it on a worker thread (with that thread's own store: a store belongs to the
thread that opened it).

``voice`` (``painease.domain.voice``) says whose sessions the readings speak of: ``YOU``
for a patient's own, ``Voice.about(name)`` for a therapist reading that patient's.

``period_bounds`` turns the page's period choices into times.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta, tzinfo

import numpy as np

from painease.domain import insights
from painease.domain.insights import Link, Series, SessionPoint, SessionShift, SessionTable
from painease.domain.live_shifts import PHASES_WITH_SHIFT
from painease.domain.readings import (
    MIN_READING_SESSIONS,
    few_note,
    link_reading,
    phase_reading,
    rated_sessions,
    shift_reading,
    trend_reading,
)
from painease.domain.summaries import ScriptRow, Yardsticks, table_by_script, table_yardsticks
from painease.domain.vocabulary import decimal_text, quoted
from painease.domain.voice import YOU, Voice
from painease.domain.wrong_clock import left_out_sentence
from painease.local_time import day_start
from painease.storage.notes import LooseNote, loose_notes

WEEKLY_AFTER_DAYS = 366  # longer periods are drawn per week, not per day
RECENT_SHIFTS = 50  # shifts kept per period; the shift chart and its reading use the last 10
PERIODS = {  # key → (label, days in it, today included; None = everything)
    "2w": ("Last 2 weeks", 14),
    "3m": ("Last 3 months", 91),  # 13 weeks
    "all": ("All time", None),
}


def period_bounds(key: str, tz: tzinfo,
                  now: datetime | None = None) -> tuple[datetime | None, None]:
    """(since, until) for a period key; ``until`` is None (up to now). A period is whole
    local days, as many as it says, today the last of them: "Last 2 weeks" is today and
    the 13 days before it, from midnight (once the 14 days before it: 15 days), so a day
    is never cut in half and the numbers do not depend on the hour the page is opened (as
    with ``painease report``'s inclusive days). Insights, its report and the therapist's
    view of a patient all take their periods from here."""
    days = PERIODS[key][1]
    if days is None:
        return None, None
    today = (now or datetime.now(tz)).astimezone(tz).date()
    return day_start(today - timedelta(days=days - 1), tz), None


@dataclass(frozen=True)
class InsightsData:
    since: datetime | None
    until: datetime | None
    points: Sequence[SessionPoint]  # every session (a SessionTable from gather)
    shifts: list[SessionShift]  # the recent sessions' only (see recent_start)
    series: Series
    weekly: bool
    link: Link
    yardsticks: Yardsticks
    scripts: list[ScriptRow]
    readings: dict[str, str] = field(default_factory=dict)
    any_sessions: bool = True  # False: none at all, in any period
    loose_notes: Sequence[LooseNote] = ()  # journal entries of no session, in the period

    def moments(self) -> Iterator[datetime]:
        """When each session started and each loose note was written (aware): the moments
        whose days and times the page shows (``local_time.same_clock`` compares at them)."""
        if isinstance(self.points, SessionTable):  # no points built for 11,000 sessions
            epoch = datetime(1970, 1, 1, tzinfo=UTC)
            yield from (epoch + timedelta(milliseconds=int(ms))
                        for ms in self.points.started_ms)
        else:
            yield from (point.started_at for point in self.points)
        yield from (note.written_at for note in self.loose_notes)

    @property
    def newest_id(self) -> int | None:
        """The id of the session saved last (a new one's is above every other's), or None."""
        ids = (self.points.ids if isinstance(self.points, SessionTable)
               else [point.id for point in self.points])
        return max(ids, default=None)

    @property
    def outcomes(self) -> dict[str, int]:
        counts = {"completed": 0, "stopped_early": 0, "interrupted": 0, "in_progress": 0}
        if isinstance(self.points, SessionTable):
            outcomes = self.points.outcome_counts()
        else:
            outcomes = {}
            for point in self.points:
                outcomes[point.outcome] = outcomes.get(point.outcome, 0) + 1
        for outcome, n in outcomes.items():
            counts[outcome] = counts.get(outcome, 0) + n
        return counts


def gather(store, since: datetime | None, until: datetime | None, tz: tzinfo,
           titles: Mapping[str, str] | None = None, voice: Voice = YOU, *,
           say_unread: bool = True) -> InsightsData:
    """All of a period's insights. ``store`` is a ``SessionStore`` used on this thread.

    ``say_unread``: the sessions no period holds are said under the trend
    (``unread_sentence``); the report says them once in its own words, so it passes False.

    The period's sessions are read as columns (``SessionTable``) and every number over all
    of them is computed vectorised; ``SessionShift`` objects are made only for the recent
    sessions the shift chart and its reading look at (see ``recent_start``).
    """
    table = store.insight_table(since, until)
    shifts = insights.session_shifts(table[recent_start(table):])
    # Sessions dated in the future (the clock ran ahead) are counted and listed, but the
    # history does not end at them (painease.domain.wrong_clock): one dated next year
    # neither makes two weeks weekly nor stretches the chart over a year of nothing.
    lived = table.lived(datetime.now(UTC))
    drawn = table if lived == len(table) else table.head(lived)
    weekly = drawn.span_days() > WEEKLY_AFTER_DAYS
    series = insights.table_series(drawn, tz, weekly)
    link = insights.table_link(table)
    scripts = table_by_script(table)
    phases = [store.phase_shift_summary(phase, since, until)
              for phase in PHASES_WITH_SHIFT]
    readings = {
        "phases": " ".join(filter(None, (phase_reading(p, voice) for p in phases))),
        "shift": shift_reading(shifts, voice=voice),
        "trend": " ".join(filter(None, (trend_reading(series),
                                        left_out_sentence(len(table) - lived),
                                        unread_sentence(store, voice) if say_unread else ""))),
        "link": link_reading(link, voice),
        "scripts": scripts_reading(scripts, titles or {}, voice),
    }
    # An empty period: are there sessions at all? (Only read when the period is empty.)
    anything = bool(table) or bool(since is not None and store.insight_points(None, since))
    return InsightsData(since, until, table, shifts, series, weekly, link,
                        table_yardsticks(table, tz), scripts, readings, anything,
                        loose_notes(store, since, until))


def unread_sentence(store, voice: Voice = YOU) -> str:
    """The sessions no period holds, as a value in them cannot be read (the file was
    edited or damaged: ``painease.storage.unplaced``), said under the trend; "" for none."""
    from painease.storage.unplaced import unread_sessions_text

    said = unread_sessions_text(store, own=voice is YOU)
    return f"Not shown: {said}" if said else ""


def recent_start(table: SessionTable, keep: int = RECENT_SHIFTS) -> int:
    """Index of the first session whose shift ``InsightsData.shifts`` keeps: the last
    ``keep`` sessions, reaching back far enough to hold the last ``keep`` sessions with a
    pain or a fear change (the shift chart draws the last rated ones)."""
    pain = ~np.isnan(table.pre_pain) & ~np.isnan(table.post_pain)
    fear = ~np.isnan(table.pre_fear) & ~np.isnan(table.post_fear)
    rated = np.flatnonzero(pain | fear)
    if len(rated) < keep:
        return 0
    return max(min(len(table) - keep, int(rated[-keep])), 0)


def scripts_reading(rows: Sequence[ScriptRow], titles: Mapping[str, str],
                    voice: Voice = YOU) -> str:
    """Which kind of session went with the largest average drop in pain, from the rows.
    Counts are of the sessions behind each average (rated before and after), not of every
    session played. The rule every reading shares holds for each average compared: a kind
    with fewer than ``MIN_READING_SESSIONS`` is left out of the comparison (said so), and an
    average over fewer than ``FEW`` is said with "treat it lightly" (``few_note``). Changes
    are rounded as people round (halves away from zero), and one that rounds to 0 is "no
    change"."""
    rated = [r for r in rows if r.mean_pain_change is not None]
    if not rated:
        return "No sessions rated before and after in this period yet."
    if len(rated) == 1:
        row = rated[0]
        title = quoted(titles.get(row.script_id, row.script_id))
        if row.n_pain == 1:
            return f"The one session {voice.who()} rated before and after here was {title}."
        every = "Both sessions" if row.n_pain == 2 else f"All {row.n_pain} sessions"
        return f"{every} {voice.who()} rated before and after here were {title}."
    enough = [r for r in rated if r.n_pain >= MIN_READING_SESSIONS]
    if not enough:
        return (f"Not enough yet to compare kinds of session: each has fewer than "
                f"{MIN_READING_SESSIONS} sessions rated before and after in this period.")
    if len(enough) == 1:
        row = enough[0]
        title = quoted(titles.get(row.script_id, row.script_id))
        change = decimal_text(abs(row.mean_pain_change))
        over = f"over {rated_sessions(row.n_pain)}"
        if row.mean_pain_change >= 0 or change == "0.0":
            moved = "no change" if change == "0.0" else f"up {change} points"
            said = f"After {title}, pain did not come down on average ({moved} {over})."
        else:
            said = f"Pain came down by {change} points on average after {title}, {over}."
        return (f"{said}{few_note(row.n_pain)} The other kinds have fewer than "
                f"{MIN_READING_SESSIONS} sessions rated before and after so far, too few to "
                "compare.")
    best = min(enough, key=lambda r: (r.mean_pain_change, -r.n_pain))
    change = decimal_text(abs(best.mean_pain_change))
    # Kinds whose averages read the same are named together: none is singled out.
    tied = sorted((r for r in enough
                   if decimal_text(r.mean_pain_change) == decimal_text(best.mean_pain_change)),
                  key=lambda r: (-r.n_pain, titles.get(r.script_id, r.script_id)))
    name = names_text([quoted(titles.get(r.script_id, r.script_id)) for r in tied])
    counts = sorted({r.n_pain for r in tied}, reverse=True)
    over = (f"on average over {rated_sessions(best.n_pain)}" if len(tied) == 1 else
            f"on average over {rated_sessions(counts[0])} each" if len(counts) == 1 else
            f"on average over {names_text([str(r.n_pain) for r in tied])} sessions rated "
            "before and after")
    few = few_note(min(counts))
    left_out = (f" Kinds with fewer than {MIN_READING_SESSIONS} sessions rated before and "
                "after are not compared yet." if len(enough) < len(rated) else "")
    if best.mean_pain_change >= 0 or change == "0.0":
        moved = "no change" if change == "0.0" else f"up {change} points"
        among = ("any kind of session" if not left_out else
                 f"any kind of session with {MIN_READING_SESSIONS} or more rated")
        return (f"On average, pain did not come down in {among} in this period; "
                f"{name} came closest ({moved} {over}).{few}{left_out}")
    most = "most" if len(tied) == 1 else "equally"
    return f"Pain came down {most} after {name}, by {change} points {over}.{few}{left_out}"


def names_text(names: Sequence[str]) -> str:
    """"A", "A and B", "A, B and C"."""
    return " and ".join(filter(None, (", ".join(names[:-1]), names[-1])))
