"""Where a patient stands in a set: what is planned, done, due today and missed.

Contract
--------
* ``planned_days(item, start)`` turns an item's ``Schedule`` into dates for a set started
  on ``start``: week k runs ``start + 7k .. start + 7k + 6`` and N sessions a week fall on
  day offsets ``floor(i * 7 / N)`` (2/week: days 0 and 3; 7/week: daily).
* One rule for done, due and missed: every planned session of an item is exactly one of
  *done* (a session that counts filled it), *due* (its week, or its date, is today's
  and its day has come), *went by* (its week, or date, is over and nothing filled it) or
  *still to come*. So "6 of 8 done" and what is due or went by never add up to more than
  the set, and a session once counted as done is never called missed.
* Which planned session a done session fills (``fill_planned``), taking them in the order
  they were done, on their (local) day: an open one of its own *window* (its week for a
  weekly schedule, its day for dates); else, for a weekly schedule, the next open one
  after it (done ahead: that week has less, or nothing, due), else the earliest one that
  went by (done late: it is no longer counted as gone by); for dates, the earliest date
  that went by (done late: made up, never "went by"), else the next open date (done
  ahead). So a dated session done a day late makes up its date, and the later dates stay
  due. A session with no open planned session left adds nothing.
  A session dated after a day it was lived by (the clock ran ahead when it was saved)
  was done on a day nothing records (every time the sessions table keeps, start, end
  and ratings, is from that same clock). What is known is a day it was lived by: today,
  and the day of any session saved after it (``DoneSession.lived_by``: the store's ids
  grow in save order, so a session saved later, dated earlier, was lived later). It
  fills the earliest open planned session whose day had come by then, as a late one
  does, else it counts as a session done on that day (its window, else ahead); it is
  never placed by the day it is dated. So what was due is filled, and stays filled
  while the session is dated ahead, rather than filled today and called gone by next
  week; and once a session was saved after it, it stays filled when its date comes
  (the later session's day does not move). One saved after nothing, whose date comes
  before any other session is saved, is from then on a session of its own day: nothing
  left tells it from one done that day.
  Sessions are taken in order of the day they are known lived by (without today, so
  who fills what does not depend on the day it is counted on; ties in the order given).
  So:
  - progress = sum over items of min(sessions done for the item, sessions planned);
  - due today = planned sessions of the current window, on days up to today, not filled;
    what went by in an earlier window is never due again (nothing piles up);
  - missed = planned sessions of windows already over that are not filled (shown gently
    by ``missed_message``: no guilt, no streaks, nothing to catch up on; doing a session
    later still counts and makes the number smaller).
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
  A session that counted under the rule of the older painease that recorded it (every
  set session that ended, before this rule: ``counted_before``, stored by schema step 20)
  keeps counting, so an upgrade never takes away progress the patient saw.
* ``plan_ended``: the set's last planned day (``last_day``) is behind today with planned
  sessions not done (Home's card says the planned days ended, and that they still count).
* ``ahead``: more sessions done than were planned up to today, with none gone by (the
  Home card then says the patient is ahead of plan rather than only "nothing planned").
* ``ended_early``: of the done ones, the sessions the patient stopped before their end
  (``DoneSession.ended_early``; the therapist's progress line says how many).
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


def counts_for_set(outcome: str, heard_ms: int | None, length_minutes: float,
                   counted_before: bool = False) -> bool:
    """Whether a session counts as done for its set item (see the module doc):
    ``heard_ms`` is its time played, else how far it got (None: neither is known);
    ``counted_before``: it counted under the older painease's rule it was recorded by."""
    if counted_before:
        return True
    if outcome not in ENDED:
        return False
    if heard_ms is None:
        return outcome == "completed"
    return heard_ms >= HEARD_SHARE * length_minutes * 60_000


@dataclass(frozen=True)
class DoneSession:
    """A session done for a set item: the item's position, the (local) day it was done,
    the script and length it played (None: not known, it counts at its position), and
    whether the patient stopped it before its end (it still counts: half of it was heard)."""

    position: int
    day: date
    script_id: str | None = None
    minutes: float | None = None
    ended_early: bool = False
    # The day of a session saved after it, when earlier than ``day``: it was lived by then.
    lived_by: date | None = None

    def known_by(self, today: date | None = None) -> date:
        """The latest day it can have been lived on: its own, else ``lived_by`` or
        ``today`` when earlier (see the module: a session dated ahead)."""
        bounds = [self.day] + [d for d in (self.lived_by, today) if d is not None]
        return min(bounds)


@dataclass(frozen=True)
class ItemStatus:
    item: ProgramItem
    planned: int  # sessions planned in total
    done: int  # planned sessions filled by a session done (so never more than planned)
    due_today: int  # sessions still due today (0 when nothing is due)
    next_day: date | None  # the next open planned day from today on, None when none is left
    missed: int = 0  # planned sessions of windows already over that nothing filled
    ended_early: int = 0  # of ``done``, those filled by a session stopped before its end
    planned_so_far: int = 0  # planned sessions whose day is today or earlier


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
    ended_early: int = 0  # of ``done``, sessions the patient stopped before their end
    planned_so_far: int = 0  # planned sessions whose day is today or earlier

    @property
    def ahead(self) -> bool:
        """More done than was planned up to today, with no planned session gone by: the
        patient is ahead of plan (Home's card says so when nothing is due)."""
        return self.missed == 0 and self.done > self.planned_so_far

    @property
    def plan_ended(self) -> bool:
        """The set's planned days are all behind ``today`` (its last planned week, or
        date, is over) and some planned sessions were not done: nothing is ever due again
        (Home's card says so, kindly, rather than "nothing is planned for today")."""
        return not self.finished and self.today > last_day(self.program, self.started_on)

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


def last_day(program: Program, start: date) -> date:
    """The set's last planned day for a set started on ``start``: the end of its last
    planned week (a session that day still counts for that week), or its last date if
    later; ``start`` when nothing is planned."""
    last = start
    for item in program.items:
        schedule = item.schedule
        if schedule.weekly:
            weeks = schedule.start_week + (schedule.weeks or 0)
            last = max(last, start + timedelta(days=7 * weeks - 1))
        elif schedule.dates:
            last = max(last, max(schedule.dates))
    return last


def planned_total(program: Program) -> int:
    """How many sessions ``program`` plans in all (the same on any start day)."""
    return sum(len(planned_days(item, date(2000, 1, 3))) for item in program.items)


def _window(item: ProgramItem, start: date, day: date) -> date:
    """The first day of the counting window ``day`` falls in (its week, or the day itself)."""
    if not item.schedule.weekly:
        return day
    return start + timedelta(days=7 * ((day - start).days // 7))


def sessions_by_item(program: Program,
                     done: Iterable[DoneSession]) -> dict[int, list[DoneSession]]:
    """The done sessions that count for each item, by position (see the module's
    contract: a session follows its script when a new version moved it)."""
    sessions: dict[int, list[DoneSession]] = {item.position: [] for item in program.items}
    for session in done:
        item = _counted_for(program, session)
        if item is not None:
            sessions[item.position].append(session)
    return sessions


def _counted_for(program: Program, session: DoneSession) -> ProgramItem | None:
    at = next((i for i in program.items if i.position == session.position), None)
    if session.script_id is None or (at is not None and at.script_id == session.script_id):
        return at
    same_script = [i for i in program.items if i.script_id == session.script_id]
    same_length = [i for i in same_script if i.minutes == session.minutes]
    return (same_length or same_script or [None])[0]


def fill_planned(item: ProgramItem, start: date, mine: Sequence[DoneSession],
                 today: date | None = None) -> list[tuple[date, DoneSession | None]]:
    """Each planned day of ``item``, in order, with the done session that fills it (None:
    open), by the module's rule: its own window, else ahead, else the earliest gone by
    (for dates: its own day, else the earliest date gone by, else the next one).
    A session dated after today, or after its ``lived_by``, fills as the module says of
    those; the order sessions are taken in does not depend on ``today``."""
    days = planned_days(item, start)
    windows = [_window(item, start, day) for day in days]
    filled: list[DoneSession | None] = [None] * len(days)
    for session in sorted(mine, key=lambda s: s.known_by()):  # stable: ties as given
        open_ = [i for i, by in enumerate(filled) if by is None]
        day = session.known_by(today)
        if day < session.day:  # dated ahead of a day it was lived by
            come = [i for i in open_ if days[i] <= day]
            if come:
                filled[min(come, key=lambda i: days[i])] = session
                continue
        own = _window(item, start, day)
        mine_now = [i for i in open_ if windows[i] == own]
        if item.schedule.weekly:  # its week, else ahead, else the earliest gone by
            choice = mine_now or [i for i in open_ if windows[i] > own] or open_
        else:  # its date, else the earliest date gone by (made up), else the next one
            choice = mine_now or open_
        if choice:
            filled[choice[0]] = session
    return list(zip(days, filled, strict=True))


def item_status(item: ProgramItem, start: date, mine: Sequence[DoneSession],
                today: date) -> ItemStatus:
    """``mine``: the sessions that count for ``item`` (``sessions_by_item``)."""
    current = _window(item, start, today)
    planned = fill_planned(item, start, mine, today)
    still_open = [day for day, by in planned if by is None]
    filled = [by for _, by in planned if by is not None]
    return ItemStatus(
        item=item, planned=len(planned), done=len(filled),
        due_today=sum(1 for d in still_open
                      if _window(item, start, d) == current and d <= today),
        next_day=next((d for d in still_open if d >= today), None),
        missed=sum(1 for d in still_open if _window(item, start, d) < current),
        ended_early=sum(1 for by in filled if by.ended_early),
        planned_so_far=sum(1 for day, _ in planned if day <= today),
    )


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
        missed=sum(s.missed for s in statuses),
        ended_early=sum(s.ended_early for s in statuses),
        planned_so_far=sum(s.planned_so_far for s in statuses),
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


def no_longer_counted(program: Program, done: Iterable[DoneSession]) -> int:
    """How many of ``done`` count for no item of ``program`` (``sessions_by_item``): done
    for an item a later version of the set removed or gave another script, so its
    progress went down ("5 of 12" to "4 of 10") though nothing was undone."""
    return sum(_counted_for(program, session) is None for session in done)


def no_longer_counted_text(count: int, own: bool) -> str:
    """One plain sentence saying why progress went down after a new version of the set
    (``no_longer_counted``); "" when nothing stopped counting. ``own``: to the patient."""
    why = f"this version changed the part of the set {'it was' if count == 1 else 'they were'} for"
    return _stopped_counting(count, own, why, why)


def fewer_planned_text(count: int, now: int, before: int, own: bool) -> str:
    """One plain sentence, as ``no_longer_counted_text`` says it, for ``count`` sessions
    that stopped counting because a new version plans fewer sessions (``now`` instead of
    ``before``); "" when none did."""
    return _stopped_counting(count, own,
                             f"this version plans fewer sessions: {now} instead of {before}",
                             f"this version plans fewer sessions, {now} instead of {before}")


def _stopped_counting(count: int, own: bool, why_own: str, why: str) -> str:
    """"N sessions … no longer count" and why: to the patient (``own``, ``why_own``) or
    about them (``why``); "" when ``count`` is none."""
    if count <= 0:
        return ""
    one = count == 1
    sessions, verb = ("1 session", "no longer counts") if one else (f"{count} sessions",
                                                                    "no longer count")
    if own:
        return (f"{sessions} you did for it {verb}, because {why_own}; "
                f"{'it stays' if one else 'they stay'} in your history.")
    return f"{sessions} done for an earlier version {verb}: {why}."
