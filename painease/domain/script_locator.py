"""Find the line a key of a script's text is on, for a problem said about that key.

tomllib keeps no positions, so the text's ``[table]``/``[[array]]`` headers and ``key =``
lines are scanned. A ``Locator`` indexes one text's tables once, so a file with thousands
of problems is still pinned in about one pass over it.
"""

from __future__ import annotations

import re

from painease.domain.script import UNION_TAGS

_ARRAY_HEADER = re.compile(r"^\s*\[\[\s*([A-Za-z0-9_.\-]+)\s*\]\]")
_TABLE_HEADER = re.compile(r"^\s*\[\s*([A-Za-z0-9_.\-]+)\s*\]")


def locate(text: str, loc: tuple[str | int, ...]) -> int:
    """Return the 1-based line where the key at ``loc`` (e.g. ``("steps", 2, "pause")``) is.
    For many keys of one text, make one ``Locator`` and ask it: this reads the text each
    time."""
    return Locator(text).line(loc)


class Locator:
    """Finds keys' lines in one script text. The text's tables are indexed once, so
    pinning every one of thousands of problems costs about one pass over the text, not
    one pass per problem."""

    def __init__(self, text: str):
        self._lines = text.splitlines()
        # A key path's last [table]/[[array]] block wins, as TOML's own reading does.
        self._blocks = {path: (start, end) for path, start, end in _blocks(self._lines)}
        self._keys: dict[tuple, dict[str, int]] = {}  # a block's key names: first line
        self._found: dict[tuple[tuple, str], int | None] = {}

    def line(self, loc: tuple[str | int, ...]) -> int:
        """The 1-based line of the key at ``loc``; its table's header line when the key
        is not written there (a missing key), else line 1."""
        loc = tuple(part for part in loc if part not in UNION_TAGS)
        best_path: tuple = ()
        best_start, best_end = 0, len(self._lines)
        for size in range(len(loc), 0, -1):  # the longest block path loc starts with
            if loc[:size] in self._blocks:
                best_path = loc[:size]
                best_start, best_end = self._blocks[best_path]
                break
        rest = [part for part in loc[len(best_path):] if isinstance(part, str)]
        if rest:
            found = self._key_line(best_path, best_start, best_end, rest[0])
            if found is not None:
                return found
        whole = self._blocks.get((*loc, 0))  # an [[array]] as a whole: its first table
        if whole is not None:
            return whole[0]
        if best_path:
            return best_start  # the header line of the table the key belongs in
        return 1

    def _key_line(self, block: tuple, start: int, end: int, name: str) -> int | None:
        # Each block's key lines are indexed on its first question, so thousands of keys
        # cost one pass over the block, not one pass per key.
        if block not in self._keys:
            keys: dict[str, int] = {}
            for number in range(start, end):
                name_here = _key_name(self._lines[number])
                if name_here is not None:
                    keys.setdefault(name_here, number + 1)
            self._keys[block] = keys
        if "=" not in name and name[:1] not in _QUOTES and name[-1:] not in _QUOTES:
            return self._keys[block].get(name)
        # A quoted name holding '=', or starting or ending with a quote (a typo's, never a
        # known key's): the block is read for it, for the first few such names only.
        if (block, name) not in self._found:
            if len(self._found) >= _SCANS:
                return None  # said at its table's header line
            key = re.compile(rf"^\s*[\"']?{re.escape(name)}[\"']?\s*=")
            self._found[block, name] = next(
                (number + 1 for number in range(start, end) if key.match(self._lines[number])),
                None)
        return self._found[block, name]


_QUOTES = ("'", '"')
_SCANS = 100


def _key_name(line: str) -> str | None:
    """The key a ``name =``, ``"name" =`` or ``'name' =`` line sets, as the regex
    ``^\\s*["']?NAME["']?\\s*=`` finds it for a NAME without '=' or a quote at either
    end; None for a line with no '='. String methods, not a regex: a line of a million
    spaces is read once."""
    head, equals, _ = line.partition("=")
    if not equals:
        return None
    name = head.strip()
    name = name[1:] if name[:1] in _QUOTES else name
    return name[:-1] if name[-1:] in _QUOTES else name


def _blocks(lines: list[str]) -> list[tuple[tuple, int, int]]:
    """(key path, first body line index, end index) for every ``[table]``/``[[array]]``."""
    counts: dict[str, int] = {}
    blocks: list[tuple[tuple, int, int]] = []
    current_array: dict[str, int] = {}
    for number, line in enumerate(lines):
        array = _ARRAY_HEADER.match(line)
        table = None if array else _TABLE_HEADER.match(line)
        if not (array or table):
            continue
        name = (array or table).group(1)
        if array:
            counts[name] = counts.get(name, 0) + 1
            current_array[name] = counts[name] - 1
            path: tuple = (*name.split("."), current_array[name])
        else:
            head, _, tail = name.partition(".")
            if head in current_array and tail:  # [steps.breath] belongs to the last [[steps]]
                path = (head, current_array[head], *tail.split("."))
            else:
                path = tuple(name.split("."))
        blocks.append((path, number + 1, len(lines)))
    # Each block ends where the next header starts.
    return [
        (path, start, blocks[i + 1][1] - 1 if i + 1 < len(blocks) else end)
        for i, (path, start, end) in enumerate(blocks)
    ]
