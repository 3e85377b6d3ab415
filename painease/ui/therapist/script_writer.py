"""Write a script's data as TOML in the layout ``docs/script-format.md`` shows.

``script_toml(data)`` takes the plain dict the editor builds (the same shape tomllib gives
back: metadata keys, ``steps`` as a list of dicts whose ``pause``/``breath`` are numbers or
dicts) and returns TOML text: metadata first, then one ``[[steps]]`` table per step, with
``pause`` and ``breath`` as inline tables. It writes whatever it is given -- validation is
the loader's job (``parse_script``), which reads this text back, so the editor's messages
are exactly what ``painease check`` would say about the saved file.

No dependency: the format is small and fixed, and a JSON string literal is a valid TOML
basic string, so ``json.dumps`` quotes text. Comments in a file that was loaded are not
kept. No Qt here.
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
