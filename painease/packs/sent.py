"""What this install sent: for each set id, the version and content of the last pack made.

Contract
--------
A therapist's record, in ``paths.sent_packs_file()`` (JSON, written atomically): for each
set id, ``{"version": int, "content": content digest, "parts": part digests}`` of the
newest pack built here (``painease.packs.pack.content_digest`` and ``part_digests``: one
digest for the set, one per script). It lets the set builder's export
(``painease.packs.set_export``) give a set the next version when its scripts (not only its
own fields) changed since a pack of it was sent, and say which sessions changed; and ``pack
build`` warn when a set file's version was not raised for changed content. A record written
by an older painease has no ``parts``: it is read as before, and only which parts changed
cannot be told.

* ``last_sent(set_id)`` -> ``Sent`` or None (never sent, or the record is unreadable: a
  lost record only means no warning, never a wrong pack).
* ``record_sent(set_id, version, content, parts)`` keeps the newest version's entry (a
  lower version does not replace a higher one). Returns "" when it is noted; otherwise one
  or two sentences for the therapist saying what happened (``pack build`` prints them, the
  Set builder shows them). The record is never written over when it cannot be read: one
  that is there but unreadable (no permission, a folder of that name, a link to a drive
  not connected now…) is left as it is and this pack is not noted; one that is damaged
  (not JSON, not a record) is kept beside it as ``sent-packs.json.damaged`` (then
  ``…damaged-2``…) and a new record starts. Either way the pack itself is fine; only its
  check against earlier ones could not be made. A record that is a link stays one.
* ``changed_since(sent, parts, titles)``: what changed since that pack, in words ("the
  session “Calm corner” changed", "… was added", "… was removed"); "" when its record is
  too old to say.

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
from pathlib import Path
from typing import Any

from painease.files import (
    Unreadable,
    held_lock,
    link_target,
    read_small,
    set_aside,
    write_atomically,
)

MAX_BYTES = 64 << 20  # thousands of sets fit in a few MB; more is not a record


@dataclass(frozen=True)
class Sent:
    version: int
    content: str  # pack.content_digest of that pack
    # pack.part_digests of that pack; None: noted by a painease that did not keep them
    parts: dict[str, Any] | None = None


def last_sent(set_id: str) -> Sent | None:
    from painease import paths

    try:
        record = _read(paths.sent_packs_file())
    except Unreadable:
        return None
    return _entry(record or {}, set_id)


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
                parts: dict[str, Any] | None = None) -> str:
    """Note this pack; "" once noted, else what happened, in words (see the contract)."""
    from painease import paths

    path = paths.sent_packs_file()
    record_of = f"record of the packs exported here ({path})"
    told = ""  # what is said of a damaged record
    try:
        with held_lock(path.with_name(f".{path.name}.lock")):
            try:
                record = _read(path)
            except Unreadable as error:
                return (f"The {record_of} could not be read ({error.reason}), so "
                        "this export was not checked against earlier ones, and painease "
                        "leaves the record as it is: this export is not noted in it.")
            real = link_target(path)  # the file itself: a link stays a link
            if record is None:
                aside = set_aside(real)
                record = {}
                told = (f"The {record_of} was damaged, so this export was not checked "
                        f"against earlier ones. The damaged record is kept as {aside.name}.")
            earlier = _entry(record, set_id)
            if earlier is not None and earlier.version > version:
                return told
            record[set_id] = {"version": version, "content": content}
            if parts is not None:
                record[set_id]["parts"] = parts
            write_atomically(real, json.dumps(record, indent=1, sort_keys=True).encode(),
                             own_data=True)
    except OSError as error:
        return (f"{told} This export could not be noted in the {record_of}: "
                f"{error.strerror or error}.").lstrip()
    return told and f"{told} A new record starts with this export."


def changed_since(sent: Sent, parts: dict[str, Any], titles: Mapping[str, str]) -> str:
    """What differs between the pack ``sent`` and one with ``parts`` (``part_digests``), as
    a clause: "the session “Calm corner” changed", "the set changed, the session “Calm
    corner” was added and the session “Knee” was removed" (``titles``: script id ->
    title; ``Changes.said``). "" when ``sent`` was noted without its parts (an older painease),
    or when no part differs (then only something outside the parts did)."""
    from painease.packs.pack import parts_changed

    if sent.parts is None:
        return ""
    return parts_changed(sent.parts, parts).said(titles)


def _read(path: Path) -> dict[str, Any] | None:
    """The record: ``{}`` when there is none yet, None when it is damaged (not JSON, not an
    object, far too big). ``Unreadable`` when it is there but cannot be read."""
    data = read_small(path, MAX_BYTES)
    if data is None:
        return {}
    if len(data) > MAX_BYTES:
        return None
    try:
        record = json.loads(data.decode("utf-8"))
    except (ValueError, RecursionError):  # UnicodeDecodeError is a ValueError
        return None
    return record if isinstance(record, dict) else None
