"""Session sets ("programs") a therapist assigns, and where a patient stands in one.

Contract
--------
* ``Program`` (id: a uuid string, version >= 1, title, therapist_name, items) is an ordered
  tuple of ``ProgramItem`` (position 1.., script_id, minutes, optional therapist's note,
  ``Schedule``). All are frozen dataclasses; ``to_dict``/``from_dict`` give the JSON form
  used in pack manifests and in the database, and ``from_dict`` raises ``ProgramError``
  with one plain line for anything malformed. ``parse_program_toml`` reads a hand-written
  set file (see ``SET_FILE_EXAMPLE``).
* A ``Schedule`` is either ``times_per_week`` x ``weeks`` (starting ``start_week`` weeks
  after the set was started: 0 = at once) or explicit ``dates``. ``planned_days(item,
  start)`` turns it into dates: week k runs ``start + 7k .. start + 7k + 6`` and N sessions a
  week fall on day offsets ``floor(i * 7 / N)`` (2/week: days 0 and 3; 7/week: daily).
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
* ``program_status(program, start, done, today)`` bundles all of it for the Home card.
  Pure functions: no clock, no I/O; ``done`` is the list of ``DoneSession`` (item position,
  local day, script and length) that storage hands over, and ``today`` is always passed in.
"""

from __future__ import annotations

import dataclasses
import re
import tomllib
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from painease.domain.shown_text import invisible_characters, mixed_script_words

MAX_ITEMS = 100
MAX_WEEKS = 104
MAX_DATES = 400
MAX_TEXT = 2000
_SLUG = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")

SET_FILE_EXAMPLE = '''\
title = "First two weeks"
therapist = "Dr. Ana Moreno"
# id = "…"      optional: a uuid; omit it and a new one is made
# version = 1   raise it when you send an updated set

[[items]]
script = "somatic-tracking-first-steps"
minutes = 10
note = "Notice the sensation with curiosity; it is safe."
times_per_week = 2
weeks = 2

[[items]]
script = "paced-breathing"
minutes = 5
dates = ["2026-12-01", "2026-12-03"]
'''


class ProgramError(ValueError):
    """A set could not be read; the message is one plain line saying what and where."""


@dataclass(frozen=True)
class Schedule:
    """When an item is to be done: N times a week for W weeks, or on explicit dates."""

    times_per_week: int | None = None
    weeks: int | None = None
    start_week: int = 0
    dates: tuple[date, ...] = ()

    def __post_init__(self) -> None:
        weekly = self.times_per_week is not None or self.weeks is not None
        if weekly == bool(self.dates):
            # Plain words first (the set builder shows these), the set file's keys after.
            raise ProgramError("a schedule needs either times a week and a number of weeks "
                               "(times_per_week, weeks), or dates")
        if weekly:
            _check_int(self.times_per_week, "times a week (times_per_week)", 1, 7)
            _check_int(self.weeks, "the number of weeks (weeks)", 1, MAX_WEEKS)
            _check_int(self.start_week, "the starting week (start_week)", 0, MAX_WEEKS)
        else:
            if len(self.dates) > MAX_DATES:
                raise ProgramError(f"a schedule may list at most {MAX_DATES} dates")
            if any(not isinstance(d, date) for d in self.dates):
                raise ProgramError("schedule dates must be dates")
            if len(set(self.dates)) != len(self.dates) or list(self.dates) != sorted(self.dates):
                raise ProgramError("schedule dates must be in order and listed once each")

    @property
    def weekly(self) -> bool:
        return not self.dates

    def describe(self, today: date | None = None) -> str:
        """Plain words: 'twice a week for 4 weeks', 'daily for 1 week, from week 3', 'on
        Wed 4 Nov, Fri 13 Nov' (with the year when it is not ``today``'s)."""
        if not self.weekly:
            this_year = (today or date.today()).year
            return "on " + ", ".join(f"{d:%a} {d.day} {d:%b}"
                                     + (f" {d.year}" if d.year != this_year else "")
                                     for d in self.dates)
        n, w = self.times_per_week, self.weeks
        often = {1: "once a week", 2: "twice a week", 7: "daily"}.get(n, f"{n} times a week")
        text = f"{often} for {w} week{'s' if w != 1 else ''}"
        return text + (f", from week {self.start_week + 1}" if self.start_week else "")

    def to_dict(self) -> dict[str, Any]:
        if self.weekly:
            return {"times_per_week": self.times_per_week, "weeks": self.weeks,
                    "start_week": self.start_week}
        return {"dates": [d.isoformat() for d in self.dates]}

    @classmethod
    def from_dict(cls, data: Any) -> Schedule:
        if not isinstance(data, dict):
            raise ProgramError("a schedule must be a table")
        unknown = set(data) - {"times_per_week", "weeks", "start_week", "dates"}
        if unknown:
            raise ProgramError(f"unknown schedule key {sorted(unknown)[0]!r}")
        if "dates" in data:
            raw = data["dates"]
            if not isinstance(raw, list):
                raise ProgramError("dates must be a list of YYYY-MM-DD dates")
            return cls(dates=tuple(_date(d) for d in raw))
        return cls(times_per_week=data.get("times_per_week"), weeks=data.get("weeks"),
                   start_week=data.get("start_week", 0))


@dataclass(frozen=True)
class ProgramItem:
    """One entry of a set: a script at a length, with the therapist's note and a schedule."""

    position: int  # 1-based order within the set
    script_id: str
    minutes: float
    schedule: Schedule
    note: str | None = None

    def __post_init__(self) -> None:
        _check_int(self.position, "position", 1, MAX_ITEMS)
        if not isinstance(self.script_id, str) or not _SLUG.match(self.script_id):
            raise ProgramError(f"item {self.position}: script must be a script id such as "
                               f"'paced-breathing', got {self.script_id!r}")
        minutes = self.minutes
        if isinstance(minutes, bool) or not isinstance(minutes, int | float) or not (
            0 < minutes <= 240
        ):
            raise ProgramError(f"item {self.position}: minutes must be between 0 and 240")
        if self.note is not None:
            _check_text(self.note, f"item {self.position}: note")

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {"position": self.position, "script": self.script_id,
                                "minutes": self.minutes, "schedule": self.schedule.to_dict()}
        if self.note:
            data["note"] = self.note
        return data

    @classmethod
    def from_dict(cls, data: Any) -> ProgramItem:
        if not isinstance(data, dict):
            raise ProgramError("an item must be a table")
        try:
            schedule = Schedule.from_dict(data.get("schedule"))
        except ProgramError as exc:
            raise ProgramError(f"item {data.get('position')}: {exc}") from None
        note = data.get("note") or None
        return cls(position=data.get("position"), script_id=data.get("script"),
                   minutes=data.get("minutes"), schedule=schedule, note=note)


@dataclass(frozen=True)
class Program:
    """A titled, versioned, ordered set of items from one therapist."""

    id: str
    version: int
    title: str
    therapist_name: str
    items: tuple[ProgramItem, ...] = field(default_factory=tuple)

    def __post_init__(self) -> None:
        try:
            canonical = str(uuid.UUID(self.id)) == self.id  # it also names a folder
        except (ValueError, TypeError, AttributeError):
            canonical = False
        if not canonical:
            raise ProgramError(f"set id must be a uuid like {uuid.UUID(int=0)}, got "
                               f"{self.id!r:.60}")
        _check_int(self.version, "version", 1, 1_000_000)
        _check_text(self.title, "title", required=True)
        _check_text(self.therapist_name, "therapist name", required=True)
        if not 1 <= len(self.items) <= MAX_ITEMS:
            raise ProgramError(f"a set needs between 1 and {MAX_ITEMS} items")
        positions = [item.position for item in self.items]
        if positions != list(range(1, len(self.items) + 1)):
            raise ProgramError("item positions must be 1, 2, 3, … in order")

    @classmethod
    def create(cls, title: str, therapist_name: str,
               items: Iterable[tuple[str, float, Schedule, str | None]]) -> Program:
        """A new set (fresh uuid, version 1) from (script_id, minutes, schedule, note)."""
        built = tuple(ProgramItem(i, s, m, sch, n) for i, (s, m, sch, n) in enumerate(items, 1))
        return cls(str(uuid.uuid4()), 1, title, therapist_name, built)

    def revised(self, **changes: Any) -> Program:
        """A copy with ``changes`` (title, therapist_name, items) and the next version: what
        a therapist sends when a set changes, so the patient's copy is updated."""
        return dataclasses.replace(self, **changes, version=self.version + 1)

    def item(self, position: int) -> ProgramItem:
        for item in self.items:
            if item.position == position:
                return item
        raise KeyError(f"set {self.title!r} has no item {position}")

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "version": self.version, "title": self.title,
                "therapist_name": self.therapist_name,
                "items": [item.to_dict() for item in self.items]}

    @classmethod
    def from_dict(cls, data: Any) -> Program:
        if not isinstance(data, dict):
            raise ProgramError("a set must be a table")
        items = data.get("items")
        if not isinstance(items, list):
            raise ProgramError("a set needs a list of items")
        return check_shown_names(cls(
            id=data.get("id"), version=data.get("version"), title=data.get("title"),
            therapist_name=data.get("therapist_name"),
            items=tuple(ProgramItem.from_dict(i) for i in items)))


def parse_program_toml(text: str, source: str = "set file") -> Program:
    """Read a hand-written set file (``SET_FILE_EXAMPLE``); ``ProgramError`` names the fault."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ProgramError(f"{source}: not valid TOML ({exc})") from None
    except RecursionError:  # tomllib parses nested arrays and tables by recursion
        raise ProgramError(f"{source}: not valid TOML (nested far too deeply)") from None
    try:
        listed = data.get("items", [])
        if not isinstance(listed, list):
            raise ProgramError("items must be [[items]] tables, one per session")
        items = []
        for position, raw in enumerate(listed, 1):
            if not isinstance(raw, dict):
                raise ProgramError(f"item {position} must be a [[items]] table")
            schedule = {k: raw[k] for k in ("times_per_week", "weeks", "start_week", "dates")
                        if k in raw}
            items.append({"position": position, "script": raw.get("script"),
                          "minutes": raw.get("minutes"), "note": raw.get("note"),
                          "schedule": schedule})
        return Program.from_dict({
            "id": data.get("id") or str(uuid.uuid4()), "version": data.get("version", 1),
            "title": data.get("title"), "therapist_name": data.get("therapist"),
            "items": items,
        })
    except ProgramError as exc:
        raise ProgramError(f"{source}: {exc}") from None


# ---- where a patient stands ----------------------------------------------------------------


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


# ---- checks ------------------------------------------------------------------------------


def _check_int(value: object, what: str, low: int, high: int) -> None:
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise ProgramError(f"{what} must be a whole number from {low} to {high}, got {value!r}")


def check_shown_names(program: Program) -> Program:
    """``program`` if its title and therapist's name show as they are; else
    ``ProgramError``. A name is shown and trusted as it reads (a pack's key is pinned to
    its therapist's name): a zero-width or right-to-left control would let "Dr. Ana
    Moreno" and a look-alike differ unseen. Checked where a set comes in (packs, results,
    set files, the set builder), not on sets already stored."""
    for text, what in ((program.title, "title"), (program.therapist_name, "therapist name")):
        hidden = invisible_characters(text)
        if hidden:
            raise ProgramError(f"{what} holds characters that do not show "
                               f"({', '.join(hidden)})")
        for word, scripts in mixed_script_words(text):
            raise ProgramError(f"{what} mixes letters of different alphabets in one word "
                               f"(“{word}”: {' and '.join(scripts)}), so it could pass for "
                               "another name")
    return program


def _check_text(value: object, what: str, required: bool = False) -> None:
    if not isinstance(value, str) or (required and not value.strip()):
        raise ProgramError(f"{what} must be some text")
    if len(value) > MAX_TEXT:
        raise ProgramError(f"{what} is longer than {MAX_TEXT} characters")


def _date(value: object) -> date:
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        raise ProgramError(f"{value!r} is not a date like 2026-12-01") from None
