"""Every mistake in a hand-written set file, for ``painease pack build``.

Contract
--------
``set_file_problems(text, source, catalog)`` lists every problem found in a set file's
text (``painease.domain.programs.SET_FILE_EXAMPLE``), each one line starting with the
file's name and, where it is known, its line ("set.toml:12: item 2: …"): each item is
checked on its own (its fields, its script in ``catalog``, the lengths that script can be
played at), then the set's own fields, so a first mistake no longer hides the others. An
empty list means ``parse_program_toml`` reads the file and ``build_pack`` finds its
scripts. It never raises for the file's content (not TOML is one problem).

``item_problem(position, script_id, minutes, catalog)`` is the check of one item against
the catalog that ``build_pack`` makes too: "" when it fits.
"""

from __future__ import annotations

import re
import tomllib
import uuid
from collections.abc import Mapping
from typing import Any

from painease.catalog import Catalog
from painease.domain.programs import (
    MAX_ITEMS,
    Program,
    ProgramError,
    ProgramItem,
    Schedule,
    check_shown_names,
    no_id_problem,
    parse_program_toml,
)
from painease.domain.timeline import number_as_given

_ITEM_HEADER = re.compile(r"^\s*\[\[\s*items\s*\]\]")
_SCHEDULE_KEYS = ("times_per_week", "weeks", "start_week", "dates")


def item_problem(position: int, script_id: str, minutes: Any, catalog: Catalog) -> str:
    """What is wrong with item ``position`` using ``script_id`` at ``minutes`` against
    ``catalog``; "" when the script is there and can be played at that length."""
    entry = catalog.entries.get(script_id)
    if entry is None:
        return (f"item {position}: no script with id '{script_id}' was found; check the id "
                "('painease scripts' lists them)")
    lengths = entry.script.lengths
    if isinstance(minutes, int | float) and not isinstance(minutes, bool) and \
            minutes not in lengths:
        listed = ", ".join(f"{m:g}" for m in lengths)
        return (f"item {position}: {script_id} can be played at {listed} minutes, "
                f"not {number_as_given(minutes)}")
    return ""


def set_file_problems(text: str, source: str, catalog: Catalog) -> list[str]:
    """Every problem in the set file ``text`` named ``source`` (see the module doc)."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:  # its message gives the line
        return [f"{source}: not valid TOML ({exc})"]
    except RecursionError:
        return [f"{source}: not valid TOML (nested far too deeply)"]
    lines = text.splitlines()
    problems: list[str] = []
    listed = data.get("items", [])
    if not isinstance(listed, list):
        return [f"{source}: items must be [[items]] tables, one per session"]
    headers = [n for n, line in enumerate(lines, 1) if _ITEM_HEADER.match(line)]
    for position, raw in enumerate(listed, 1):
        start = headers[position - 1] if len(headers) == len(listed) else None
        where = f"{source}:{start}" if start else source
        if not isinstance(raw, dict):
            problems.append(f"{where}: item {position} must be a [[items]] table")
            continue
        problems += [f"{_line(lines, start, key, source)}: {said}"
                     for key, said in _item_problems(position, raw, catalog)]
    problems += [f"{source}: {said}" for said in _set_problems(data, len(listed))]
    if problems and data.get("id") in (None, ""):
        problems.append(no_id_problem(source))  # said last, as parse_program_toml says it
    if not problems:
        try:
            parse_program_toml(text, source)
        except ProgramError as exc:  # anything the checks above do not foresee, or no id
            problems.append(str(exc))
    return problems


def _item_problems(position: int, raw: Mapping[str, Any],
                   catalog: Catalog) -> list[tuple[str | None, str]]:
    """(the key it is about, or None; the problem) for one item, each said once."""
    found: list[tuple[str | None, str]] = []
    schedule = {k: raw[k] for k in _SCHEDULE_KEYS if k in raw}
    weekly = "dates" not in schedule and (
        "times_per_week" in schedule or "weeks" in schedule)
    for key in ("times_per_week", "weeks"):
        if weekly and key not in schedule:
            found.append((None, f"item {position}: {key} is missing ("
                          + ("times a week, 1 to 7" if key == "times_per_week"
                             else "the number of weeks, 1 to 104") + ")"))
    gaps = [(None, f"item {position}: {key} is missing ({what})")
            for key, what in (("script", "a script id such as 'paced-breathing'"),
                              ("minutes", "how long it plays, in minutes")) if key not in raw]
    script_id = raw.get("script")
    try:  # a key said missing is given a stand-in, not said again
        ProgramItem.from_dict({"position": position, "script": raw.get("script", "stand-in"),
                               "minutes": raw.get("minutes", 1), "note": raw.get("note"),
                               # a key said missing above is not said again
                               "schedule": {"times_per_week": 1, "weeks": 1, **schedule}
                               if found else schedule})
    except ProgramError as exc:
        said = str(exc)
        found.append((next((k for k in ("script", "minutes", "note", *_SCHEDULE_KEYS)
                            if k in said), None), said))
    if isinstance(script_id, str) and not any("script must be" in s for _, s in found):
        said = item_problem(position, script_id, raw.get("minutes"), catalog)
        if said:
            found.append(("script" if "no script" in said else "minutes", said))
    return gaps + found


def _set_problems(data: Mapping[str, Any], items: int) -> list[str]:
    """The set's own fields, checked with one stand-in item (the items were checked)."""
    found = []
    if not 1 <= items <= MAX_ITEMS:
        found.append(f"a set needs between 1 and {MAX_ITEMS} items")
    given_id = data.get("id")
    stand_in = ProgramItem(1, "stand-in", 1, Schedule(times_per_week=1, weeks=1))
    try:
        check_shown_names(Program(
            given_id if given_id not in (None, "") else str(uuid.UUID(int=0)),
            data.get("version", 1), data.get("title"), data.get("therapist"), (stand_in,)))
    except ProgramError as exc:
        found.append(str(exc))
    return found


def _line(lines: list[str], start: int | None, key: str | None, source: str) -> str:
    """``source:N`` for the line of ``key`` in the item that starts at line ``start`` (or
    that line itself); ``source`` alone when the line is not known."""
    if start is None:
        return source
    if key is not None:
        pattern = re.compile(rf"^\s*{re.escape(key)}\s*=")
        for n in range(start + 1, len(lines) + 1):
            line = lines[n - 1]
            if line.lstrip().startswith("["):
                break
            if pattern.match(line):
                return f"{source}:{n}"
    return f"{source}:{start}"
