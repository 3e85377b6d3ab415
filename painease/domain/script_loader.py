"""Read script TOML text into a ``Script``, or say exactly what is wrong and where.

Every problem becomes a ``Problem`` printed as ``FILE:LINE: what is wrong and how to fix
it``: pydantic reports *which key* is wrong, and a ``Locator`` (``script_locator``) finds
the line that key is on.
A problem about one key keeps that key's path beside its words (``Said``): the message
reads "step 2, text: is empty", and the script editor names the same place by its form's
labels from the path, never by reading the message back.
"""

from __future__ import annotations

import math
import re
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from painease.domain.script import (
    CLIPS_FOLDER,
    FORMAT_VERSION,
    UNION_TAGS,
    KeyValueError,
    Script,
    StepValueError,
)
from painease.domain.script_locator import Locator

# The longest bundled script is 7 KB; a script of 300 steps, each with a caption of the
# longest allowed (see ``script.MAX_TEXT``), is under 1 MB.
MAX_SCRIPT_BYTES = 1024 * 1024
_LONE_CR = re.compile(r"\r(?!\n)")
_HUGE_DIGITS = re.compile(r"\d(?:_?\d){4300,}")  # past sys.get_int_max_str_digits()
_KEY = re.compile(r"^\s*[\"']?([A-Za-z0-9_\-]+)[\"']?\s*=")
_TOML_POSITION = re.compile(r"\s*\(at line (\d+), column \d+\)|\s*\(at end of document\)")


class Said(str):
    """A message as ``painease check`` says it, "step 2, text: is empty", that keeps its
    parts: ``where``, the key path it is about (``("steps", 1, "text")``; ``()`` for the
    whole script, or a message said of no key), and ``words``, what is said of it ("is
    empty"). ``place(where)`` then ``sep`` start the text when there is a place."""

    where: tuple[str | int, ...]
    words: str
    sep: str

    def __new__(cls, where: tuple[str | int, ...], words: str, sep: str = ": "):
        said = super().__new__(cls, f"{place(where)}{sep}{words}" if where else words)
        said.where, said.words, said.sep = tuple(where), words, sep
        return said

    def __reduce__(self):
        return Said, (self.where, self.words, self.sep)


def place(where: tuple[str | int, ...]) -> str:
    """A key path as the file's reader finds it: ``("steps", 1, "breath", "inhale")`` is
    "step 2, breath, inhale", ``("lengths", 1)`` "lengths[2]"."""
    words: list[str] = []
    for i, part in enumerate(where):
        if isinstance(part, int):
            words[-1] = (f"step {part + 1}" if where[i - 1] == "steps"
                         else f"{words[-1]}[{part + 1}]")
        else:
            words.append(str(part))
    return ", ".join(words)


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a script file, pinned to a line (1-based). ``message`` is a
    ``Said`` when it is about a key (``Problem.at``)."""

    file: str
    line: int
    message: str

    @classmethod
    def at(cls, file: str, line: int, where: tuple[str | int, ...], words: str) -> Problem:
        """The problem ``words`` with the key at ``where``: "step 2, text: is empty"."""
        return cls(file, line, Said(where, words))

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.message}"


# Problems said of one file before the rest are only counted: a file with thousands (a
# generated script gone wrong) is fixed from its first few, which then stay readable.
SHOWN_PER_FILE = 20


def shown_problems(problems: list[Problem]) -> list[str]:
    """Lines to print for ``problems``: each file's first ``SHOWN_PER_FILE``, then
    "FILE: … and N more problems in this file" (files in their first problem's order)."""
    by_file: dict[str, list[Problem]] = {}
    for problem in problems:
        by_file.setdefault(problem.file, []).append(problem)
    lines = []
    for file, found in by_file.items():
        lines.extend(str(problem) for problem in found[:SHOWN_PER_FILE])
        if len(found) > SHOWN_PER_FILE:
            lines.append(f"{file}: … and {len(found) - SHOWN_PER_FILE:,} more problems in "
                         "this file")
    return lines


class ScriptError(Exception):
    """A script could not be used; ``problems`` lists every reason found."""

    def __init__(self, problems: list[Problem]):
        super().__init__("\n".join(str(p) for p in problems))
        self.problems = problems


def load_script(path: Path) -> tuple[Script, str]:
    """Read and validate one script file; return the script and its text (for a ``Locator``)."""
    from painease.files import NotAFile, Unreadable, read_whole

    try:
        # A folder, /dev/zero (endless) or a FIFO (waits) is refused; so is a file of a
        # size no script comes near, before it is read.
        data = read_whole(path, MAX_SCRIPT_BYTES, "a script holds")
        # utf-8-sig: Windows Notepad starts a UTF-8 file with a byte-order mark, which TOML
        # would otherwise report as an "invalid statement" on line 1.
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ScriptError([Problem(str(path), 1, "is not UTF-8 text; save it as UTF-8")]) from None
    except Unreadable as exc:
        said = "is not a file" if exc.reason in NotAFile.REASONS else f"cannot be read ({exc})"
        raise ScriptError([Problem(str(path), 1, said)]) from None
    return parse_script(text, str(path), clips_folder=_clips_folder(path)), text


def _clips_folder(path: Path) -> str | None:
    """Where the script at ``path`` has its clips read (``painease.catalog.audio_dir_for``),
    as said in messages: ``<data>/audio/`` for the person's own, never assets' for all."""
    try:
        return f"{path.resolve().parent.parent / 'audio'}/"
    except (OSError, RuntimeError, ValueError):  # a loop of links; no folder to name
        return None


def parse_script(text: str, source: str, clips_folder: str | None = None) -> Script:
    """Validate script ``text``; ``source`` names it in messages, and ``clips_folder`` the
    folder its clips are read from (without it, a clip path outside is said by the rule).
    Raises ``ScriptError``."""
    # Old Mac files end lines with a lone CR, which TOML does not take as a line end (nor
    # anywhere else: no valid file has one), so each is read as the line end it was meant.
    text = _LONE_CR.sub("\n", text)
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        found = _TOML_POSITION.search(str(exc))
        line = int(found.group(1)) if found and found.group(1) else _last_line(text)
        what = _TOML_POSITION.sub("", str(exc))
        message = f"not valid TOML ({what}); check quotes, brackets, commas and '=' signs"
        raise ScriptError([Problem(source, line, message)]) from None
    except RecursionError:  # tomllib parses nested arrays and tables by recursion
        raise ScriptError([Problem(source, 1, "not valid TOML (arrays or tables nested far "
                                              "too deeply)")]) from None
    except ValueError:  # an integer past Python's 4,300 digits, which tomllib lets out
        huge = _huge_number(text, source)
        if huge is None:  # something else: the catalog skips the file with its words
            raise
        raise ScriptError([huge]) from None
    try:
        return Script.model_validate(data, context={CLIPS_FOLDER: clips_folder})
    except ValidationError as exc:
        locator = Locator(text)
        problems = [_problem(source, locator, error) for error in exc.errors()]
        raise ScriptError(sorted(_unique(problems), key=lambda p: p.line)) from None


def _huge_number(text: str, source: str) -> Problem | None:
    """The problem with the first number in ``text`` too long for Python to read."""
    for number, line in enumerate(text.splitlines(), start=1):
        digits = _HUGE_DIGITS.search(line)
        if digits:
            key = _KEY.match(line)
            said = _too_large(key.group(1) if key else "", digits.group().replace("_", ""))
            return Problem.at(source, number, (key.group(1),) if key else (), said)
    return None


def _too_large(key: str, number: object) -> str:
    """What is said of a whole ``number`` far too large for its ``key`` (Python's own words
    are "exceeded maximum size"); a number of many digits is shown by its first few."""
    shown = str(number)
    if len(shown) > 24:
        shown = f"{shown[:20]}… ({len(shown):,} digits)"
    if key == "format":
        return (f"the file says format = {shown}, far too large a number for a format "
                f"version; this painease reads format {FORMAT_VERSION}, so write "
                f"format = {FORMAT_VERSION}")
    return f"{shown} is far too large a number"


def _problem(source: str, locator: Locator, error: dict) -> Problem:
    loc = tuple(part for part in error["loc"] if part not in UNION_TAGS)
    raised = error.get("ctx", {}).get("error")
    if isinstance(raised, StepValueError):  # "step 2 has …": the whole script's, of a step
        # Pinned to the step's key (or its [[steps]] line), not to the whole script's line 1.
        step = ("steps", raised.index)
        line = locator.line((*step, raised.key) if raised.key else step)
        return Problem(source, line, Said(step, raised.words, sep=" "))
    # The whole script's words about one of its keys: at that key's line, said as before.
    line = locator.line((raised.key,) if isinstance(raised, KeyValueError) else loc)
    return Problem.at(source, line, loc, _explain(loc, error))


def _explain(loc: tuple, error: dict) -> str:
    kind, ctx = error["type"], error.get("ctx", {})
    field = _field(loc)
    hint = f" ({field.description})" if field is not None and field.description else ""
    key = next((p for p in reversed(loc) if isinstance(p, str)), "")
    if kind == "missing":
        return f"is missing; add {key} = …{hint}"
    if kind == "extra_forbidden":
        allowed = ", ".join(_model_at(loc[:-1]).model_fields) if _model_at(loc[:-1]) else ""
        return f"unknown key; check the spelling (allowed here: {allowed})"
    if kind == "literal_error" and key == "format":
        return (
            f"this painease reads format 1, but the file says format = {error['input']!r}; "
            "update painease or rewrite the script for format 1"
        )
    if kind == "int_parsing_size":  # a whole number past any size (pydantic's words)
        return _too_large(key, error["input"])
    if kind.startswith("value_error") or kind == "assertion_error":
        return str(ctx.get("error", error["msg"]))
    if kind in {"string_type", "str_type"}:
        return f"must be text in quotes{hint}"
    if kind in {"float_type", "int_type", "float_parsing", "int_from_float", "int_parsing"}:
        whole = "a whole number" if kind.startswith("int") else "a number"
        return f"must be {whole}, not {error['input']!r}{hint}"
    if kind == "bool_type":
        return "must be true or false"
    if kind in {"model_type", "dict_type", "model_attributes_type"}:
        return f"must be a table such as {{ key = value }}{hint}"
    if kind == "list_type":
        return f"must be a list in square brackets{hint}"
    if kind == "string_too_short":
        return f"is empty; write the text{hint}"
    if kind == "too_short":
        return f"needs at least one entry{hint}"
    if kind == "string_pattern_mismatch":
        return f"{error['input']!r} is not allowed{hint}"
    if kind == "enum":
        return f"{error['input']!r} is not one of: {ctx.get('expected', '')}"
    if kind in {"greater_than", "greater_than_equal", "less_than", "less_than_equal"}:
        value = error["input"]
        if isinstance(value, float) and not math.isfinite(value):  # TOML's nan and inf
            return f"must be a number, not {value!r}{hint}"
        bound = next(iter(ctx.values()))
        if isinstance(bound, int):
            bound = f"{bound:,}"  # 1,000,000, not 1e+06
        elif isinstance(bound, float):
            bound = f"{bound:g}"
        relation = {"greater_than": "more than", "greater_than_equal": "at least",
                    "less_than": "less than", "less_than_equal": "at most"}[kind]
        return f"{error['input']!r} is out of range: it must be {relation} {bound}{hint}"
    return f"{error['msg']}{hint}"


def _model_at(loc: tuple) -> type[BaseModel] | None:
    """The pydantic model class that the key path ``loc`` points into."""
    model: type[BaseModel] | None = Script
    for part in loc:
        if model is None:
            return None
        if isinstance(part, int):
            continue
        field = model.model_fields.get(part)
        model = _model_of(field.annotation) if field else None
    return model


def _field(loc: tuple):
    names = [p for p in loc if isinstance(p, str)]
    if not names:
        return None
    model = _model_at(loc[: max(i for i, p in enumerate(loc) if isinstance(p, str))])
    return model.model_fields.get(names[-1]) if model else None


def _model_of(annotation: Any) -> type[BaseModel] | None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in getattr(annotation, "__args__", ()) or getattr(annotation, "__metadata__", ()):
        found = _model_of(arg)
        if found is not None:
            return found
    origin = getattr(annotation, "__origin__", None)
    return _model_of(origin) if origin is not None and origin is not annotation else None


def _unique(problems: list[Problem]) -> list[Problem]:
    return list(dict.fromkeys(problems))


def _last_line(text: str) -> int:
    return max(1, len(text.splitlines()))
