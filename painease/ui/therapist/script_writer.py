"""Write a script's data as TOML in the layout ``docs/script-format.md`` shows.

``script_toml(data)`` takes the plain dict the editor builds (the same shape tomllib gives
back: metadata keys, ``steps`` as a list of dicts whose ``pause``/``breath`` are numbers or
dicts) and returns TOML text: metadata first, then one ``[[steps]]`` table per step, with
``pause`` and ``breath`` as inline tables. It writes whatever it is given -- validation is
the loader's job (``parse_script``), which reads this text back, so the editor's messages
are exactly what ``painease check`` would say about the saved file.

No dependency: the format is small and fixed, and a JSON string literal is a valid TOML
basic string, so ``json.dumps`` quotes text. Comments in a file that was loaded are not
kept: ``what_saving_drops`` says what a Save over a loaded file loses. No Qt here.
"""

from __future__ import annotations

import json
import math

METADATA_ORDER = ("format", "id", "version", "title", "kind", "language", "summary",
                  "when_to_use", "lengths", "ambience", "end_chime")
STEP_ORDER = ("phase", "from_minutes", "text", "clip", "pause", "breath")


def script_toml(data: dict) -> str:
    lines = [f"{key} = {_value(data[key])}" for key in METADATA_ORDER if key in data]
    lines += [f"{key} = {_value(value)}" for key, value in data.items()
              if key not in METADATA_ORDER and key != "steps"]
    for step in data.get("steps", []):
        lines += ["", "[[steps]]"]
        keys = [k for k in STEP_ORDER if k in step] + [k for k in step if k not in STEP_ORDER]
        lines += [f"{key} = {_value(step[key])}" for key in keys if step[key] is not None]
    return "\n".join(lines) + "\n"


def _value(value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if not math.isfinite(value):
            raise ValueError(f"{value} cannot be written to a script")
        return str(int(value)) if value.is_integer() and abs(value) < 1e15 else repr(value)
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, list | tuple):
        return "[" + ", ".join(_value(item) for item in value) + "]"
    if isinstance(value, dict):
        inner = ", ".join(f"{key} = {_value(item)}" for key, item in value.items()
                          if item is not None)
        return "{ " + inner + " }" if inner else "{}"
    raise TypeError(f"cannot write {type(value).__name__} to a script")


def what_saving_drops(text: str) -> str:
    """What writing a loaded file's script afresh (``script_toml``) loses of ``text``, the
    file as it was written, said for the therapist: its comments (``#`` to the end of a
    line, outside strings) and the layout of texts written over several lines (multi-line
    strings); "" if neither. The words themselves are all kept."""
    comments, spread = 0, False
    i, n = 0, len(text)
    while i < n:
        quote = text[i:i + 3] if text[i:i + 3] in ('"""', "'''") else text[i]
        if quote == "#":
            comments += 1
            end = text.find("\n", i)
            i = n if end < 0 else end
        elif quote in ('"', "'", '"""', "'''"):
            end = _string_end(text, i + len(quote), quote)
            spread = spread or (len(quote) == 3 and "\n" in text[i:end])
            i = end
        else:
            i += 1
    said = []
    if comments:
        said.append(f"its {comments} comment{'s' if comments > 1 else ''} (after #) will "
                    "be lost")
    if spread:
        said.append("texts written over several lines are saved each on one line (their "
                    "words are kept)")
    if not said:
        return ""
    return (f"Saving rewrites this file in the editor's layout: {'; '.join(said)}."
            + (" Keep a copy of the file first if you need them." if comments else ""))


def _string_end(text: str, i: int, quote: str) -> int:
    """Where the TOML string whose content starts at ``i`` ends (just past its closing
    ``quote``; a basic string's backslash escapes the next character), or the end of the
    text; a one-line string ends at its line's end too."""
    while i < len(text):
        if text.startswith(quote, i):
            i += len(quote)
            while len(quote) == 3 and text[i:i + 1] == quote[0]:  # """a""""" ends later
                i += 1
            return i
        if text[i] == "\\" and quote[0] == '"':
            i += 2
            continue
        if text[i] == "\n" and len(quote) == 1:
            return i
        i += 1
    return len(text)
