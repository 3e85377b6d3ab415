"""Set files (the TOML ``painease pack build`` takes, docs/packs.md) in the set builder.

The builder keeps its sets in this install's database (``ProgramStore``, origin "own"): that
stays the one place a set of its lives. A set file is a way in and a way out, for sets
made or changed with ``pack build``:

* ``read_set_file(path, catalog)`` is the file's ``Program``, read by ``pack build``'s own
  reader (``painease.packs.set_file.read_set_file``). When it cannot be used,
  ``SetFileError`` says why it could not be read (a pipe or a folder said as such), or
  holds every problem ``pack build`` would find (each item and field on its own, unknown
  keys, scripts and lengths against ``catalog``), "line N: …" where known.
* ``take_in(programs, program, path)`` reconciles an opened set with the one stored under its
  id: a set not stored yet, or one whose file has a higher version (``pack build`` made
  a later version from the file), is stored as the file has it, id and version kept, so
  the builder's next change is the next version of the same set for the patient. A file
  with the stored content is the stored set. A file that differs from a stored version as
  high or higher is shown as unsaved changes to that version (Save set makes the next
  one). A set imported here from another therapist's pack is not taken over.
  ``StoreError`` when the database cannot be written.
* ``set_file_text(program)`` is the set as a set file ``pack build`` reads back to the
  same set (its id and version included).

No Qt here.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from painease.catalog import Catalog
from painease.domain.programs import Program
from painease.storage.programs import ProgramStore

SET_FILE_SUFFIX = ".toml"


class SetFileError(Exception):
    """A set file that cannot be opened: ``path`` and every problem found (plain lines)."""

    def __init__(self, path: Path, problems: list[str]):
        super().__init__(f"{path}: " + "; ".join(problems))
        self.path, self.problems = path, problems


@dataclass(frozen=True)
class Opened:
    program: Program  # what the builder shows: the file's set (or the stored one, if alike)
    version: int  # the version the builder edits from: the stored one
    unsaved: bool  # the form differs from the set stored under its id
    note: str  # what happened, in a sentence for the therapist


def read_set_file(path: Path, catalog: Catalog) -> Program:
    """The set in ``path``; ``SetFileError`` with every problem found (module doc)."""
    from painease.packs import set_file

    try:  # pack build's own reader: what it would refuse, said here
        return set_file.read_set_file(path, catalog, path.name)
    except set_file.SetFileError as exc:
        if exc.reason:
            raise SetFileError(path, [f"it cannot be read: {exc.reason}" if exc.system
                                      else exc.reason]) from None
        raise SetFileError(path, [_without_name(problem, path.name)
                                  for problem in exc.problems]) from None


def _without_name(problem: str, name: str) -> str:
    """A pack build problem as the builder's note says it: the file is named above the
    list, so "set.toml:12: item 2: …" reads "line 12: item 2: …"."""
    rest = problem.removeprefix(f"{name}:")
    if rest == problem:
        return problem
    line, sep, said = rest.partition(": ")
    return f"line {line}: {said}" if sep and line.isdigit() else rest.lstrip()


def take_in(programs: ProgramStore, program: Program, path: Path) -> Opened:
    """``program`` (from the set file ``path``) reconciled with the set stored under its
    id (module doc)."""
    try:
        stored = programs.program(program.id)
    except ValueError:
        stored = None
    if stored is not None and stored.origin != "own":
        raise SetFileError(path, [
            f"its id is the id of “{stored.program.title}”, a set imported here from "
            f"{stored.program.therapist_shown}'s pack, not a set of yours; to make a set of "
            "your own from it, give the file another id"])
    if stored is None or program.version > stored.program.version:
        programs.save_program(program, origin="own")
        return Opened(program, program.version, False,
                      f"Opened “{program.title}” (version {program.version}) and kept it "
                      "with your saved sets. Changed and exported, it goes to the patient "
                      "as the next version of the same set.")
    have = stored.program
    if _content(have) == _content(program):
        return Opened(have, have.version, False,
                      f"Opened “{have.title}”: the file holds version {have.version} "
                      "saved here.")
    return Opened(program, have.version, True,
                  f"Opened “{program.title}” from a file that differs from version "
                  f"{have.version} saved here. Save set keeps the file's sessions as "
                  f"version {have.version + 1}; New set or Open leave version "
                  f"{have.version} as it is.")


def _content(program: Program) -> dict:
    data = program.to_dict()
    data.pop("version")
    return data


def set_file_text(program: Program) -> str:
    """``program`` as a set file for ``painease pack build`` (docs/packs.md's layout)."""
    lines = [f"id = {_text(program.id)}  # keep it: later versions update the same set",
             f"version = {program.version}  # raise it when you send a changed set",
             f"title = {_text(program.title)}",
             f"therapist = {_text(program.therapist_name)}"]
    for item in program.items:
        lines += ["", "[[items]]", f"script = {_text(item.script_id)}",
                  f"minutes = {_number(item.minutes)}"]
        if item.note:
            lines.append(f"note = {_text(item.note)}")
        schedule = item.schedule
        if schedule.weekly:
            lines += [f"times_per_week = {schedule.times_per_week}",
                      f"weeks = {schedule.weeks}"]
            if schedule.start_week:
                lines.append(f"start_week = {schedule.start_week}")
        else:
            lines.append("dates = [" + ", ".join(_text(day.isoformat())
                                                 for day in schedule.dates) + "]")
    return "\n".join(lines) + "\n"


def _text(value: str) -> str:
    """A TOML basic string: a JSON string literal is one (as ``script_writer`` writes)."""
    return json.dumps(value, ensure_ascii=False)


def _number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else repr(float(value))
