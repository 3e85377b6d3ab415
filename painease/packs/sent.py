"""What this install sent: for each set id, the version and content of the last pack made.

Contract
--------
A therapist's record, in ``paths.sent_packs_file()`` (JSON, written atomically): for each
set id, ``{"version": int, "content": content digest}`` of the newest pack built here
(``painease.packs.pack.content_digest``). It lets the set builder give a set the next
version when its scripts (not only its own fields) changed since a pack of it was sent, and
``pack build`` warn when a set file's version was not raised for changed content.

* ``last_sent(set_id)`` -> ``Sent`` or None (never sent, or the record is unreadable: a
  lost record only means no warning, never a wrong pack).
* ``record_sent(set_id, version, content)`` keeps the newest version's entry (a lower
  version does not replace a higher one). ``OSError`` if the file cannot be written.

Any thread or process: ``record_sent`` reads, changes and writes the file while holding an
exclusive lock on ``.sent-packs.json.lock`` beside it (``painease.files.held_lock``), so
two processes recording at once (the window's Set builder and ``painease pack build``:
only the window takes the instance lock) never drop each other's entries. Readers need no
lock: the file is replaced whole.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from painease.files import held_lock, write_atomically


@dataclass(frozen=True)
class Sent:
    version: int
    content: str  # pack.content_digest of that pack


def last_sent(set_id: str) -> Sent | None:
    return _entry(_read(), set_id)


def _entry(record: dict[str, Any], set_id: str) -> Sent | None:
    entry = record.get(set_id)
    try:
        return Sent(int(entry["version"]), str(entry["content"]))
    except (TypeError, KeyError, ValueError):
        return None


def record_sent(set_id: str, version: int, content: str) -> None:
    from painease import paths

    path = paths.sent_packs_file()
    with held_lock(path.with_name(f".{path.name}.lock")):
        record = _read()
        earlier = _entry(record, set_id)
        if earlier is not None and earlier.version > version:
            return
        record[set_id] = {"version": version, "content": content}
        write_atomically(path, json.dumps(record, indent=1, sort_keys=True).encode())


def _read() -> dict[str, Any]:
    from painease import paths

    try:
        record = json.loads(paths.sent_packs_file().read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return record if isinstance(record, dict) else {}
