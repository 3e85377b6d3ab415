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

A key the format does not know (``SET_KEYS``, ``ITEM_KEYS``: a typo such as ``notes``
for ``note``) is a problem too, said with its line and the known key it is closest to:
ignored, the field the therapist meant would vanish without a word.

``item_problem(position, script_id, minutes, catalog)`` is the check of one item against
the catalog that ``build_pack`` makes too: "" when it fits.

``read_set_file(path, catalog, name)`` is the one reader of a set file (``pack build`` and
the Set builder's Open set file…): the file read whole (a pipe, a folder or a device is
said as what it is, never waited on), as UTF-8, checked with ``set_file_problems`` (the
file called ``name`` in what is said) and read with ``parse_program_toml``. When it cannot
be used, ``SetFileError`` says why: ``reason`` when the file could not be read at all
(``system`` when the reason is the system's: no such file, no permission), else every
problem found, as ``set_file_problems`` says them. Each caller words it its own way.
"""

from __future__ import annotations

import difflib
import os
import re
import stat
import tomllib
import uuid
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from painease.catalog import Catalog
from painease.domain.programs import (
    MAX_ITEMS,
    MAX_SET_FILE_BYTES,
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
SET_KEYS = ("id", "version", "title", "therapist", "items")
ITEM_KEYS = ("script", "minutes", "note", *_SCHEDULE_KEYS)
NOT_A_SET_FILE = "not a set file; give the set file (.toml) itself"


class SetFileError(Exception):
    """A set file that cannot be used (module doc): ``path``; ``reason`` why it could not
    be read ("" when it was), ``system`` when that reason is the system's; ``problems``
    found in what was read, each as ``set_file_problems`` says it."""

    def __init__(self, path: Path, reason: str = "", problems: tuple[str, ...] = (),
                 system: bool = False):
        super().__init__(f"cannot read {path}: {reason}" if reason
                         else "\n".join(problems))
        self.path, self.reason, self.problems, self.system = path, reason, problems, system


def read_set_file(path: Path, catalog: Catalog, name: str | None = None) -> Program:
    """The set in the set file ``path``, called ``name`` (the path as given, by default)
    in the problems said; ``SetFileError`` when it cannot be used (module doc)."""
    from painease.files import Unreadable, read_whole

    try:
        mode = os.stat(path).st_mode
    except OSError:
        mode = 0  # said below, as read_whole finds it
    kind = next((what for test, what in (
        (stat.S_ISFIFO, "a named pipe"), (stat.S_ISDIR, "a folder"),
        (stat.S_ISCHR, "a device"), (stat.S_ISBLK, "a device"), (stat.S_ISSOCK, "a socket"))
        if mode and test(mode)), None)
    if kind:
        raise SetFileError(path, f"it is {kind}, {NOT_A_SET_FILE}")
    try:
        text = read_whole(path, MAX_SET_FILE_BYTES, "a set file of 100 sessions holds")
        text = text.decode("utf-8-sig")
    except Unreadable as exc:
        raise SetFileError(path, exc.reason, system=True) from None
    except UnicodeDecodeError:
        raise SetFileError(path, "it is not UTF-8 text; save it as UTF-8") from None
    except OSError as exc:
        raise SetFileError(path, str(exc.strerror or exc), system=True) from None
    source = str(path) if name is None else name
    problems = set_file_problems(text, source, catalog)
    if problems:
        raise SetFileError(path, problems=tuple(problems))
    return parse_program_toml(text, source)  # the checks above found nothing it refuses


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
    headers = [n for n, line in enumerate(lines, 1) if _ITEM_HEADER.match(line)]
    top = lines[:headers[0] - 1] if headers else lines
    problems = [f"{_key_line(top, 0, key, source)}: {_unknown(key, SET_KEYS, 'a set')}"
                for key in data if key not in SET_KEYS]
    listed = data.get("items", [])
    if not isinstance(listed, list):
        return [*problems, f"{source}: items must be [[items]] tables, one per session"]
    for position, raw in enumerate(listed, 1):
        start = headers[position - 1] if len(headers) == len(listed) else None
        where = f"{source}:{start}" if start else source
        if not isinstance(raw, dict):
            problems.append(f"{where}: item {position} must be a [[items]] table")
            continue
        problems += [f"{_line(lines, start, key, source)}: {said}"
                     for key, said in _item_problems(position, raw, catalog)]
        problems += [f"{_line(lines, start, key, source)}: item {position}: "
                     + _unknown(key, ITEM_KEYS, "an item") for key in raw
                     if key not in ITEM_KEYS]
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


def _unknown(key: str, known: tuple[str, ...], what: str) -> str:
    """A key the format does not know, with the known one it is closest to, if any."""
    close = difflib.get_close_matches(key, known, n=1)
    listed = ", ".join(known[:-1]) + f" and {known[-1]}"
    return (f"unknown key {key!r:.60}; " + (f"did you mean {close[0]!r}?" if close else
            f"{what} has the keys {listed}"))


def _key_line(lines: list[str], offset: int, key: str, source: str) -> str:
    """``source:N`` for the first line in ``lines`` (line ``offset`` + 1 onwards) that sets
    ``key`` or opens a table under it; ``source`` alone when none does."""
    name = rf"""["']?{re.escape(key)}["']?"""
    pattern = re.compile(rf"^\s*(\[+\s*)?{name}\s*[=.\]]")
    for n, line in enumerate(lines, offset + 1):
        if pattern.match(line):
            return f"{source}:{n}"
    return source


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
