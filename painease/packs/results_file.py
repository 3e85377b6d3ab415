"""A results file's outer parts: its name, its header line, its limits, and the payload as
it comes out of the sealed box (``painease.packs.results`` has the layout and the rest).

Contract
--------
* ``RESULTS_SUFFIX``, ``FORMAT``, ``VERSION``, ``ZONE_KEY``: what a results file is called,
  says it is, and (the payload's ``time_zone``) carries; ``ResultsError``: anything wrong
  with one, in one line (``DAMAGED`` for damage no update mends).
* ``read_file(path)``: the whole file, up to ``MAX_FILE_BYTES`` (a folder, a pipe, an
  endless file is a ``ResultsError``, never waited on); ``read_header(line)`` its first
  line as a dict, or None when it is no results file's; ``not_results(data)`` says why
  such a file is refused (a session pack is named for what it is); ``is_results_file``
  reads a file's first line only, for the pack import that names one.
* ``unpack_payload(compressed)``: the verified payload inflated (up to
  ``MAX_PAYLOAD_BYTES``) and parsed, a ``ResultsError`` when it is not one, or when text
  in it cannot be stored (a lone surrogate: ``lone_surrogate`` names the field);
  ``sent_zone(payload)`` the patient's zone it names (None: it says nothing of one;
  ``ValueError`` for a name that is none) and ``as_list(payload, key)`` a list it holds;
  ``sent_activations``/``other_activations`` the moments sets were made current, and
  ``sent_order``/``other_order`` their places in the patient's order (None: not sent;
  ``ORDER_KEY``, ``OTHERS_ORDER_KEY``, added in format version 1 beside the moments).

No state; any thread.
"""

from __future__ import annotations

import io
import json
import re
import zipfile
import zlib
from datetime import datetime
from pathlib import Path
from typing import Any

from painease.files import NotAFile, Unreadable, read_small, read_whole
from painease.storage.zones import SentZone

RESULTS_SUFFIX = ".painease-results"
FORMAT = "painease-results"
VERSION = 1
ZONE_KEY = "time_zone"  # the patient's IANA zone name, or null: see painease.storage.zones
# When a set the file does not hold was made current (painease.storage.set_activations).
OTHERS_KEY = "other_sets_made_current"
# Each activation's place in the order the patient made sets current, beside the moments
# (a set's "activation_order" beside its "activations"; this beside ``OTHERS_KEY``).
ORDER_KEY = "activation_order"
OTHERS_ORDER_KEY = "other_sets_made_current_order"
_ZONE_NAME = re.compile(r"^[A-Za-z0-9_+-]+(/[A-Za-z0-9_+-]+)*$")
MAX_FILE_BYTES = 128 * 1024 * 1024
MAX_PAYLOAD_BYTES = 512 * 1024 * 1024
MAX_HEADER_BYTES = 4096
DAMAGED = "the file is damaged; ask for it to be sent again"


class ResultsError(Exception):
    """A results file cannot be written or read; the message says why in one line."""


def read_header(head: bytes) -> dict[str, Any] | None:
    """A results file's first line as a dict, or None when it is not one."""
    try:
        header = json.loads(head[:MAX_HEADER_BYTES])
    except (ValueError, RecursionError):
        return None
    return header if isinstance(header, dict) and header.get("format") == FORMAT else None


def not_results(data: bytes) -> str:
    """Why a file is refused that is no results file. A session pack (a zip with a pack's
    manifest: the therapist's own kind of file, picked by mistake) is named for what it
    is, as the patient's pack import names a results file (``verify.not_a_pack``)."""
    from painease.packs.pack import MANIFEST, PACK_SUFFIX  # late: only for a wrong file

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            pack = MANIFEST in archive.namelist()
    except (zipfile.BadZipFile, ValueError, OSError):
        pack = False
    if pack:
        return (f"this is a session pack ({PACK_SUFFIX}), not a results file: a pack is for "
                f"your patient to import on their computer; the results they send back end "
                f"in {RESULTS_SUFFIX}")
    return "not a painease results file"


def is_results_file(path: Path) -> bool:
    """Whether ``path`` begins as a results file does (only its first line is read): a
    pack import names such a file for what it is."""
    try:  # a pipe is refused (OSError), not waited on
        head = read_small(path, MAX_HEADER_BYTES) or b""
    except OSError:
        return False
    return read_header(head.split(b"\n", 1)[0]) is not None


def read_file(path: Path) -> bytes:
    try:
        data = read_whole(path, MAX_FILE_BYTES, "results of years of daily sessions")
    except Unreadable as exc:  # a folder, /dev/zero (endless), a FIFO (waits), no file
        if exc.reason in NotAFile.REASONS:
            raise ResultsError(f"{path} is not a file") from None
        raise ResultsError(f"cannot read {path} ({exc.reason})") from None
    return data


def unpack_payload(compressed: bytes) -> dict[str, Any]:
    inflater = zlib.decompressobj()
    try:
        text = inflater.decompress(compressed, MAX_PAYLOAD_BYTES)
        if inflater.unconsumed_tail:
            raise ResultsError(f"the results expand to more than {MAX_PAYLOAD_BYTES:,} bytes")
        payload = json.loads(text.decode("utf-8"))
    except (zlib.error, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ResultsError(f"the results hold invalid data ({exc})") from None
    except RecursionError:
        raise ResultsError("the results hold invalid data (nested too deeply)") from None
    if not isinstance(payload, dict) or payload.get("format") != f"{FORMAT}-payload":
        raise ResultsError("the results hold invalid data (unknown payload format)")
    # Only a \u escape can make a surrogate (UTF-8 cannot): most payloads have none,
    # and ten years of live ratings are not walked for nothing.
    where = lone_surrogate(payload) if _SURROGATE_ESCAPE.search(text) else None
    if where is not None:
        raise ResultsError(
            f"this results file is damaged: {where} holds text that is not valid Unicode "
            "(a lone surrogate), which no painease writes; nothing was imported. Ask the "
            "patient to make the file again")
    return payload


_SURROGATE_ESCAPE = re.compile(rb"\\u[dD][89a-fA-F]")
# What one of a list in the payload is called (the rest: "item").
_ONE_OF = {"sessions": "session", "ratings": "rating", "journal": "journal entry",
           "sets": "set", "items": "item", "live": "live rating", "phases": "phase mark"}


def lone_surrogate(payload: object) -> str | None:
    """The first field whose text (or name) holds a lone surrogate ("\\ud800": JSON can
    say one, UTF-8, and so SQLite, cannot store it), said as "the field note of rating 1
    of session 2"; None when there is none. Iterative: any depth json.loads read."""
    todo: list[tuple[object, str, tuple[str, ...]]] = [(payload, "", ())]
    while todo:
        value, key, trail = todo.pop()
        if isinstance(value, str):
            if _unstorable(value):
                return f"the field {key or 'value'}{''.join(f' of {t}' for t in trail)}"
        elif isinstance(value, dict):
            for name, item in reversed(value.items()):
                if _unstorable(name):
                    return f"a field name{''.join(f' of {t}' for t in trail)}"
                todo.append((item, name, trail))
        elif isinstance(value, list):
            one = _ONE_OF.get(key, f"{key or 'list'} item")
            todo.extend((item, key, (f"{one} {n}", *trail))
                        for n, item in reversed(list(enumerate(value, 1))))
    return None


def _unstorable(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


def sent_zone(payload: dict[str, Any]) -> SentZone | None:
    """The patient's zone as the payload names it; None when it has no word on it."""
    if ZONE_KEY not in payload:
        return None
    name = payload[ZONE_KEY]
    if name is not None and (not isinstance(name, str) or len(name) > 100
                             or not _ZONE_NAME.match(name)):
        raise ValueError(f"{name!r:.60} is not a time zone name")
    return SentZone(name)


def as_list(payload: dict[str, Any], key: str) -> list[Any]:
    value = payload.get(key)
    if not isinstance(value, list):
        raise ValueError(f"{key} must be a list")
    return value


def other_activations(payload: dict[str, Any]) -> tuple[datetime, ...]:
    """The moments a set the payload does not hold was made current (none: not said)."""
    return sent_activations({"activations": payload.get(OTHERS_KEY, [])}) or ()


def other_order(payload: dict[str, Any], moments: tuple[datetime, ...]
                ) -> tuple[int, ...] | None:
    """The places of ``other_activations`` in the patient's order (None: not sent)."""
    if OTHERS_ORDER_KEY not in payload:
        return None
    return sent_order({ORDER_KEY: payload[OTHERS_ORDER_KEY]}, moments)


def sent_activations(entry: dict[str, Any]) -> tuple[datetime, ...] | None:
    """The moments a sent set was made current (its ``activations``: times with their
    zone); None when the file has no word on it (an older painease made it)."""
    if "activations" not in entry:
        return None
    moments = tuple(datetime.fromisoformat(text) for text in as_list(entry, "activations"))
    if any(moment.tzinfo is None for moment in moments):
        raise ValueError("a set's activation has no time zone")
    return moments


def sent_order(entry: dict[str, Any], moments: tuple[datetime, ...] | None
               ) -> tuple[int, ...] | None:
    """Each of ``moments``' place in the order the patient made sets current (the entry's
    ``activation_order``, one whole number from 1 per moment); None when the file has no
    word on it (a painease that sent the moments alone, or none)."""
    if ORDER_KEY not in entry:
        return None
    order = tuple(as_list(entry, ORDER_KEY))
    if any(type(place) is not int or place < 1 for place in order):
        raise ValueError("an activation's place in the order is not a whole number from 1")
    if len(order) != len(moments or ()):
        raise ValueError("a set's activations and their order do not match")
    return order
