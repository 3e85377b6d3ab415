"""A set's rows read back: the ``programs`` row and its ``program_items`` made a ``Program``,
and a row that cannot be read said by the set's title.

Contract
--------
* ``stored_program(conn, row)``: the ``Program`` of a ``programs`` row (id, version, title,
  therapist_name, as ``ProgramStore`` selects them) and its items, read on ``conn`` in the
  caller's transaction. A value the set cannot hold (edited or damaged outside painease: a
  title that is not text, a schedule that is not one) is an ``UnreadableValue`` naming its
  table, row and column (``stored_values.read_stored``), like every other value the stores
  read: never the ``ProgramError`` the set's own check raises, which is a ``ValueError``
  and says "no such set" to the stores' callers.
* ``by_title(database, problem)``: ``problem`` (an ``UnreadableValue`` of a ``programs`` or
  ``program_items`` row) said by the set's title instead of its long id ("the programs
  table, row of the set “Two weeks”, column started_on holds …"; an item's: "…, item 2"),
  or as it is when the title cannot be read or shows nothing. For what a person reads
  (Send results, ``painease results export``, the report). ``shown_title(database,
  set_id)``: that title on one line, "" when it cannot be read or shows nothing.
* ``status_in_calendar(program, start, done, today)``: ``program_status.program_status``,
  its last planned day included, for a set whose stored start day is ``start``; a start
  so near the year 9999 that its planned days do not fit in the calendar (an
  ``OverflowError`` there) is an ``UnreadableValue`` of its ``started_on``, like any
  other stored value the set cannot hold: a reader that says "cannot be read" says it.

The caller's connection and thread.
"""

from __future__ import annotations

import json
import sqlite3
from datetime import date

from painease.domain.program_status import (
    DoneSession,
    ProgramStatus,
    last_day,
    program_status,
)
from painease.domain.programs import (
    MAX_ITEMS,
    MAX_TEXT,
    Program,
    ProgramItem,
    Schedule,
)
from painease.domain.shown_text import one_line
from painease.storage.database import Database
from painease.storage.store_errors import StoreError
from painease.storage.stored_values import UnreadableValue, read_stored


def stored_program(conn: sqlite3.Connection, row: tuple) -> Program:
    """See the module doc: ``row`` is (id, version, title, therapist_name)."""
    set_id = row[0]
    where = ("programs", set_id)
    version = read_stored(_version, row[1], "a version number", (*where, "version"))
    title = read_stored(_text, row[2], "a title", (*where, "title"))
    therapist = read_stored(_text, row[3], "a therapist's name", (*where, "therapist_name"))
    items = conn.execute(
        "SELECT position, script_id, minutes, note, schedule FROM program_items"
        " WHERE program_id = ? ORDER BY position", (set_id,)).fetchall()
    read_stored(_numbered, tuple(p for p, *_ in items), "items numbered 1, 2, 3…",
                ("program_items", f"set {set_id}", "position"))
    built = tuple(_item(set_id, *item) for item in items)
    return read_stored(lambda _: Program(set_id, version, title, therapist, built), set_id,
                       "a set's id", (*where, "id"))


def _item(set_id: str, position: int, script: object, minutes: object, note: object,
          schedule: object) -> ProgramItem:
    where = ("program_items", f"set {set_id}, item {position}")
    # The item's own check of a script id (its other values here ones it takes).
    script = read_stored(lambda s: ProgramItem(position, s, 1, _ANY).script_id, script,
                         "a script's id", (*where, "script_id"))
    minutes = read_stored(_minutes, minutes, "a number of minutes", (*where, "minutes"))
    note = read_stored(_note, note, "a note", (*where, "note"))
    return ProgramItem(position, script, minutes, read_stored(
        _schedule, schedule, "a schedule", (*where, "schedule")), note)


_ANY = Schedule(times_per_week=1, weeks=1)  # a schedule to check an item's other values by


def _version(value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 1_000_000:
        raise ValueError(f"not a version: {value!r}")
    return value


def _text(value: object) -> str:
    """Some text, as a set's title and its therapist's name are (``Program``'s check)."""
    if not isinstance(value, str) or not value.strip() or len(value) > MAX_TEXT:
        raise ValueError(f"not a set's text: {value!r}")
    return value


def _note(value: object) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str) or len(value) > MAX_TEXT:
        raise ValueError(f"not a note: {value!r}")
    return value


def _numbered(positions: tuple) -> tuple:
    if not 1 <= len(positions) <= MAX_ITEMS or positions != tuple(
            range(1, len(positions) + 1)):
        raise ValueError(f"items not numbered 1, 2, 3…: {positions!r}")
    return positions


def _minutes(value: object) -> float | int:
    if isinstance(value, bool) or not isinstance(value, int | float) or not (
            0 < value <= 240):
        raise ValueError(f"not a number of minutes: {value!r}")
    return int(value) if float(value).is_integer() else value


def _schedule(text: str) -> Schedule:
    return Schedule.from_dict(json.loads(text))


def by_title(database: Database, problem: UnreadableValue) -> UnreadableValue:
    """See the module doc."""
    table, row, column = problem.where or (None, None, None)
    item = ""
    if table == "program_items" and isinstance(row, str) and ", item " in row:
        row, position = row.removeprefix("set ").rsplit(", item ", 1)
        item = f", item {position}"
    elif table == "program_items" and isinstance(row, str):
        row = row.removeprefix("set ")
    elif table != "programs":
        return problem
    title = shown_title(database, row)
    if not title:  # the title cannot be read either, or shows nothing: as it is
        return problem
    return UnreadableValue(problem.raw, problem.kind,
                           (table, f"of the set “{title}”{item}", column))


def shown_title(database: Database, set_id: object) -> str:
    """See the module doc."""
    try:
        with database.guard("read the set's title"):
            found = database.conn.execute("SELECT title FROM programs WHERE id = ?",
                                          (set_id,)).fetchone()
    except StoreError:
        return ""
    title = read_stored(_text, found[0], "a title", keep=True) if found else ""
    return one_line(title) if isinstance(title, str) else ""  # unreadable: none


def status_in_calendar(program: Program, start: date, done: list[DoneSession],
                       today: date) -> ProgramStatus:
    """See the module doc."""
    try:
        last_day(program, start)  # read later by ``plan_ended``: it must fit too
        return program_status(program, start, done, today)
    except OverflowError:
        raise UnreadableValue(start.isoformat(), "a start day whose planned days fit in the"
                              " calendar", ("programs", program.id, "started_on")) from None
