"""What this install sent: for each set id, the version and content of the last pack made.

Contract
--------
A therapist's record, in ``paths.sent_packs_file()`` (JSON, written atomically): for each
set id, ``{"version": int, "content": content digest, "parts": part digests}`` of the
newest pack built here (``painease.packs.pack.content_digest`` and ``part_digests``: one
digest for the set, one per script). It lets the set builder give a set the next version
when its scripts (not only its own fields) changed since a pack of it was sent, and say
which sessions changed; and ``pack build`` warn when a set file's version was not raised
for changed content. A record written by an older painease has no ``parts``: it is read as
before, and only which parts changed cannot be told.

* ``last_sent(set_id)`` -> ``Sent`` or None (never sent, or the record is unreadable: a
  lost record only means no warning, never a wrong pack).
* ``record_sent(set_id, version, content, parts)`` keeps the newest version's entry (a
  lower version does not replace a higher one). ``OSError`` if the file cannot be written.
* ``changed_since(sent, parts, titles)``: what changed since that pack, in words ("the
  session “Calm corner”"); "" when its record is too old to say.

Any thread or process: ``record_sent`` reads, changes and writes the file while holding an
exclusive lock on ``.sent-packs.json.lock`` beside it (``painease.files.held_lock``), so
two processes recording at once (the window's Set builder and ``painease pack build``:
only the window takes the instance lock) never drop each other's entries. Readers need no
lock: the file is replaced whole.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from painease.files import held_lock, write_atomically


@dataclass(frozen=True)
class Sent:
    version: int
    content: str  # pack.content_digest of that pack
    # pack.part_digests of that pack; None: noted by a painease that did not keep them
    parts: dict[str, Any] | None = None


def last_sent(set_id: str) -> Sent | None:
    return _entry(_read(), set_id)


def _entry(record: dict[str, Any], set_id: str) -> Sent | None:
    entry = record.get(set_id)
    try:
        return Sent(int(entry["version"]), str(entry["content"]), _parts(entry.get("parts")))
    except (TypeError, KeyError, ValueError, AttributeError):
        return None


def _parts(value: Any) -> dict[str, Any] | None:
    """Part digests as recorded, or None when missing or not of the expected shape (a
    damaged entry only loses the names of what changed)."""
    if not isinstance(value, dict) or not isinstance(value.get("set"), str):
        return None
    scripts = value.get("scripts")
    if not isinstance(scripts, dict) or not all(
            isinstance(k, str) and isinstance(v, str) for k, v in scripts.items()):
        return None
    return {"set": value["set"], "scripts": dict(scripts)}


def record_sent(set_id: str, version: int, content: str,
                parts: dict[str, Any] | None = None) -> None:
    from painease import paths

    path = paths.sent_packs_file()
    with held_lock(path.with_name(f".{path.name}.lock")):
        record = _read()
        earlier = _entry(record, set_id)
        if earlier is not None and earlier.version > version:
            return
        record[set_id] = {"version": version, "content": content}
        if parts is not None:
            record[set_id]["parts"] = parts
        write_atomically(path, json.dumps(record, indent=1, sort_keys=True).encode())


def changed_since(sent: Sent, parts: dict[str, Any], titles: Mapping[str, str]) -> str:
    """What differs between the pack ``sent`` and one with ``parts`` (``part_digests``):
    "the session “Calm corner”", "the set and the session “Calm corner”" (``titles``:
    script id -> title). "" when ``sent`` was noted without its parts (an older painease),
    or when no part differs (then only something outside the parts did)."""
    from painease.packs.pack import joined, parts_changed

    if sent.parts is None:
        return ""
    words = parts_changed(sent.parts, parts).words(titles)
    return joined(words) if words else ""


def _read() -> dict[str, Any]:
    from painease import paths

    try:
        record = json.loads(paths.sent_packs_file().read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return record if isinstance(record, dict) else {}
