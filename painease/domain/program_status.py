"""Where a patient stands in a set: what is planned, done, due today and missed.

Contract
--------
* ``planned_days(item, start)`` turns an item's ``Schedule`` into dates for a set started
  on ``start``: week k runs ``start + 7k .. start + 7k + 6`` and N sessions a week fall on
  day offsets ``floor(i * 7 / N)`` (2/week: days 0 and 3; 7/week: daily).
* Counting is done in *windows*: one week for a weekly schedule, one day for a date.
  A session counts for the window its (local) day falls in; extra sessions in a window do
  not carry over, missed ones do not pile up. So:
  - due today = planned days of the current window up to today, minus sessions done in it;
  - missed = planned sessions of windows that are already over and were not done (shown
    gently by ``missed_message``: no guilt, no streaks, nothing to catch up on);
  - progress = sum over items of min(sessions done for the item, sessions planned).
* A done session counts for the item at its position when that item plays the session's
  script; a later version of the set may have moved or removed items, so otherwise it
  counts for the first item with the same script and length, then with the same script,
  else for none (``sessions_by_item``).
* Which sessions are done (``counts_for_set``): those the patient heard at least half of,
  however they ended (reached the end, stopped early, or cut off when the app died): the
  time that played when it is known, else how far the session got, and a completed one
  with neither known (older files) reached its end. A session still running is not done
  yet. So a crash at 9:58 of 10:00 counts, and a session stopped after 4 seconds, or
  skipped through to its end, does not: the set counts practice, not button presses.
* ``program_status(program, start, done, today)`` bundles all of it for the Home card.
  Pure functions: no clock, no I/O; ``done`` is the list of ``DoneSession`` (item position,
  local day, script and length) that storage hands over, and ``today`` is always passed in.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from painease.domain.programs import Program, ProgramItem

HEARD_SHARE = 0.5  # of a session's length, for it to count for its set
ENDED = ("completed", "stopped_early", "interrupted")


def counts_for_set(outcome: str, heard_ms: int | None, length_minutes: float) -> bool:
    """Whether a session counts as done for its set item (see the module doc):
    ``heard_ms`` is its time played, else how far it got (None: neither is known)."""
    if outcome not in ENDED:
        return False
    if heard_ms is None:
        return outcome == "completed"
    return heard_ms >= HEARD_SHARE * length_minutes * 60_000


@dataclass(frozen=True)
class DoneSession:
    """A session done for a set item: the item's position, the (local) day it was done,
    and the script and length it played (None: not known, it counts at its position)."""

    position: int
    day: date
    script_id: str | None = None
    minutes: float | None = None


@dataclass(frozen=True)
class ItemStatus:
    item: ProgramItem
    planned: int  # sessions planned in total
    done: int  # sessions done for it, capped at planned
    due_today: int  # sessions still due today (0 when nothing is due)
    next_day: date | None  # the next planned day from today on, None when none is left


@dataclass(frozen=True)
class ProgramStatus:
    """Everything Home shows about the current set, computed for one day."""

    program: Program
    started_on: date
    today: date
    items: tuple[ItemStatus, ...]
    done: int
    total: int
    due_today: tuple[ProgramItem, ...]
    next_item: ProgramItem | None
    missed: int

    @property
    def progress_text(self) -> str:
        return f"{self.done} of {self.total} done"

    @property
    def finished(self) -> bool:
        return self.done >= self.total

    @property
    def missed_text(self) -> str | None:
        return missed_message(self.missed)


def planned_days(item: ProgramItem, start: date) -> list[date]:
    """Every planned day of ``item`` for a set started on ``start``, in order."""
    schedule = item.schedule
    if not schedule.weekly:
        return list(schedule.dates)
    n = schedule.times_per_week or 0
    days = []
    for week in range(schedule.start_week, schedule.start_week + (schedule.weeks or 0)):
        first = start + timedelta(days=7 * week)
        days.extend(first + timedelta(days=(i * 7) // n) for i in range(n))
    return days


def _window(item: ProgramItem, start: date, day: date) -> date:
    """The first day of the counting window ``day`` falls in (its week, or the day itself)."""
    if not item.schedule.weekly:
        return day
    return start + timedelta(days=7 * ((day - start).days // 7))


def sessions_by_item(program: Program, done: Iterable[DoneSession]) -> dict[int, list[date]]:
    """The days of the done sessions that count for each item, by position (see the
    module's contract: a session follows its script when a new version moved it)."""
    days: dict[int, list[date]] = {item.position: [] for item in program.items}
    for session in done:
        item = _counted_for(program, session)
        if item is not None:
            days[item.position].append(session.day)
    return days


def _counted_for(program: Program, session: DoneSession) -> ProgramItem | None:
    at = next((i for i in program.items if i.position == session.position), None)
    if session.script_id is None or (at is not None and at.script_id == session.script_id):
        return at
    same_script = [i for i in program.items if i.script_id == session.script_id]
    same_length = [i for i in same_script if i.minutes == session.minutes]
    return (same_length or same_script or [None])[0]


def item_status(item: ProgramItem, start: date, mine: Sequence[date],
                today: date) -> ItemStatus:
    """``mine``: the days of the sessions that count for ``item``."""
    days = planned_days(item, start)
    current = _window(item, start, today)
    planned_now = sum(1 for d in days if _window(item, start, d) == current and d <= today)
    done_now = sum(1 for d in mine if _window(item, start, d) == current)
    upcoming = [d for d in days if d >= today]
    return ItemStatus(item=item, planned=len(days), done=min(len(mine), len(days)),
                      due_today=max(0, planned_now - done_now),
                      next_day=upcoming[0] if upcoming else None)


def missed_sessions(item: ProgramItem, start: date, mine: Sequence[date],
                    today: date) -> int:
    """Planned sessions of windows already over that were not done (never negative)."""
    current = _window(item, start, today)
    planned: dict[date, int] = {}
    for day in planned_days(item, start):
        window = _window(item, start, day)
        if window < current:
            planned[window] = planned.get(window, 0) + 1
    got: dict[date, int] = {}
    for day in mine:
        window = _window(item, start, day)
        got[window] = got.get(window, 0) + 1
    return sum(max(0, n - got.get(window, 0)) for window, n in planned.items())


def program_status(program: Program, start: date, done: Sequence[DoneSession],
                   today: date) -> ProgramStatus:
    """Progress, what is due today, the next item and gently counted missed sessions."""
    counted = sessions_by_item(program, done)
    statuses = tuple(item_status(item, start, counted[item.position], today)
                     for item in program.items)
    due = tuple(s.item for s in statuses if s.due_today > 0)
    return ProgramStatus(
        program=program, started_on=start, today=today, items=statuses,
        done=sum(s.done for s in statuses), total=sum(s.planned for s in statuses),
        due_today=due, next_item=_next(statuses, due),
        missed=sum(missed_sessions(item, start, counted[item.position], today)
                   for item in program.items),
    )


def _next(statuses: Sequence[ItemStatus], due: Sequence[ProgramItem]) -> ProgramItem | None:
    """Due today first (in set order); else the soonest planned item; else any unfinished."""
    if due:
        return due[0]
    waiting = [s for s in statuses if s.done < s.planned and s.next_day is not None]
    if waiting:
        return min(waiting, key=lambda s: (s.next_day, s.item.position)).item
    unfinished = [s for s in statuses if s.done < s.planned]
    return unfinished[0].item if unfinished else None


def missed_message(missed: int) -> str | None:
    """Kind words about planned sessions that did not happen; None when there are none."""
    if missed <= 0:
        return None
    some = "One planned session" if missed == 1 else "A few planned sessions"
    return (f"{some} went by without being done, and that is completely fine. "
            "There is nothing to catch up on: just carry on from today.")
