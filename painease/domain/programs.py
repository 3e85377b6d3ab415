"""Session sets ("programs") a therapist assigns: the set, its items and their schedules.

Contract
--------
* ``Program`` (id: a uuid string, version >= 1, title, therapist_name, items) is an ordered
  tuple of ``ProgramItem`` (position 1.., script_id, minutes, optional therapist's note,
  ``Schedule``). All are frozen dataclasses; ``to_dict``/``from_dict`` give the JSON form
  used in pack manifests and in the database, and ``from_dict`` raises ``ProgramError``
  with one plain line for anything malformed. ``parse_program_toml`` reads a hand-written
  set file (see ``SET_FILE_EXAMPLE``); one without an ``id`` is refused, the message
  giving a fresh one to add.
* A ``Schedule`` is either ``times_per_week`` x ``weeks`` (starting ``start_week`` weeks
  after the set was started: 0 = at once) or explicit ``dates``
  (``program_status.planned_days`` turns it into dates).
* ``check_shown_names`` refuses a title or therapist name that does not show as it is.
* ``past_dates_note`` words the dates of a set already gone by (the set builder and
  ``pack build`` warn with it).
* Where a patient stands in a set (what is due, done, missed) is ``program_status``.
"""

from __future__ import annotations

import dataclasses
import re
import tomllib
import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from painease.domain.shown_text import invisible_characters, mixed_script_words, one_line
from painease.domain.vocabulary import counted

MAX_ITEMS = 100
MAX_WEEKS = 104
MAX_DATES = 400
MAX_TEXT = 2000
# 100 items, each with a note of MAX_TEXT characters and MAX_DATES dates: under 1 MB.
MAX_SET_FILE_BYTES = 4 * 1024 * 1024
_SLUG = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")

SET_FILE_EXAMPLE = '''\
id = "8955eaa9-acc0-4ad8-8b2d-57619bebe08d"    # keep it: later versions update the same set
version = 1                                    # raise it when you send a changed set
title = "First two weeks"
therapist = "Dr. Ana Moreno"

[[items]]
script = "somatic-tracking-first-steps"
minutes = 10
note = "Notice the sensation with curiosity, as we practised."
times_per_week = 2
weeks = 2

[[items]]
script = "somatic-tracking-first-steps"
minutes = 10
times_per_week = 3
weeks = 2
start_week = 2                                 # weeks 3 and 4 ("from week 3")

[[items]]
script = "paced-breathing"
minutes = 5
dates = ["2031-03-03", "2031-03-05"]           # example dates: write the days you choose
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

    def describe(self, today: date | None = None, start: date | None = None) -> str:
        """Plain words: 'twice a week for 4 weeks', 'daily for 1 week, from week 3', 'on
        Wed 4 Nov, Fri 13 Nov' (with the year when it is not ``today``'s). Given the day
        the set was started (``start``: the patient's), a later start is that day, 'from
        Mon 14 Dec', not a week counted from a day the patient cannot see."""
        from painease.local_time import day_text

        this_year = (today or date.today()).year

        def day(d: date) -> str:
            return day_text(d, weekday=True, year=d.year != this_year)

        if not self.weekly:
            return "on " + ", ".join(day(d) for d in self.dates)
        n, w = self.times_per_week, self.weeks
        often = {1: "once a week", 2: "twice a week", 7: "daily"}.get(n, f"{n} times a week")
        text = f"{often} for {counted(w, 'week', 'weeks')}"
        if not self.start_week:
            return text
        if start is not None:
            return f"{text}, from {day(start + timedelta(days=7 * self.start_week))}"
        return f"{text}, from week {self.start_week + 1}"

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

    @property
    def therapist_shown(self) -> str:
        """The therapist's name as people read it: each run of spaces one space, none at
        either end ("  Dr  Lee " is "Dr Lee"; ``one_line``). For what is shown, and for
        grouping names that differ only so. ``therapist_name`` stays as it came (a pack's,
        as signed); keys are pinned by ``programs.therapist_key_name``, which reads
        spacing alike already, and never by this."""
        return one_line(self.therapist_name)

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
        # Without an id, everything else is still checked first (with a stand-in), so
        # the file's other faults are said before the one line it needs added.
        given_id = data.get("id")
        program = Program.from_dict({
            "id": given_id if given_id not in (None, "") else str(uuid.UUID(int=0)),
            "version": data.get("version", 1),
            "title": data.get("title"), "therapist_name": data.get("therapist"),
            "items": items,
        })
    except ProgramError as exc:
        raise ProgramError(f"{source}: {exc}") from None
    if given_id in (None, ""):
        # Refused, not made up: a fresh id on every build made each pack a new set, and a
        # patient who imported two had two sets of one title. Nothing in the file can
        # stand for the set for good (its title or path may change; a copy used as a
        # template would take the original's place on a patient's side), so the therapist
        # adds one, once; this one is ready to paste.
        raise ProgramError(no_id_problem(source))
    return program


def no_id_problem(source: str) -> str:
    """What a set file without an id is told, with a fresh id to add."""
    return (f"{source}: the set has no id, so each pack built from it would be a new set "
            "beside the old one on the patient's side; add this line at the top of the "
            f'file and keep it: id = "{uuid.uuid4()}"')


# ---- checks ------------------------------------------------------------------------------


def past_dates_note(program: Program, today: date) -> str | None:
    """Dates in ``program`` already gone by on ``today``, in the words the set builder and
    ``painease pack build`` both show; None when there are none. Such a set may still go
    (a set may be sent late), but the patient's app counts each of those dates as missed
    on the day the pack arrives, so the therapist is told before it goes."""
    past = [(item.position, day) for item in program.items if not item.schedule.weekly
            for day in item.schedule.dates if day < today]
    if not past:
        return None
    from painease.local_time import day_text

    position, day = past[0]
    if len(past) == 1:
        return (f"session {position}'s date {day_text(day)} is in the past; the patient's "
                "app will count it as missed")
    more = counted(len(past) - 1, "more date", "more dates")
    return (f"session {position}'s date {day_text(day)} and {more} are in the past; the "
            "patient's app will count them as missed")


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
