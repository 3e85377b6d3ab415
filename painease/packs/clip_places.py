"""Where a pack carries each included script's clips, so that each script plays its own.

Contract
--------
A pack has one ``audio/`` folder for all its scripts, and an installed pack one
``packs/<pack-id>/audio/`` (``painease.catalog``). Two scripts from different folders (the
therapist's own and one from a colleague's pack) may name the same clip path for different
recordings: carried under one name, one script would play the other's voice.

``place_clips(entry, text, clips, files, owners)`` says where each of ``entry``'s clips
(``{clip: SHA-256}``: their bytes are told apart by their hashes, never held whole) goes
in the pack and returns the script's file as packed with them. A clip whose path is free
in the pack (``files``, the hash of every file placed so far), or holds the same bytes
already, keeps it: a pack with no clash is exactly as before, so fingerprints
and "what changed" are too. A clash moves this script's clip to
``<script-id>/<clip>``, and the script's ``clip = …`` line is rewritten to say so, its
other bytes as they were (checked by reading the rewritten file back: it must give the
same script with only those clips moved). The first script in the set to use a path
keeps it, so building the same set again gives the same pack. The patient's painease reads
such a pack like any other: nothing but the clip paths differ, so older ones read it too.

Where a clash cannot be moved (narration ``painease narrate`` rendered for a step, which
the script's file does not name; a ``clip`` line written in a way not safely rewritten,
such as steps written inline), ``PackError`` names both sessions and the clip, and says
to rename the clip in one of them. ``owners`` (pack name -> the entry that placed it)
is kept across the set's scripts, for that message.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping

from painease.catalog import ScriptEntry, audio_dir_for
from painease.domain.script_loader import ScriptError, parse_script
from painease.domain.script_locator import Locator

# One ``clip = "…"`` (or ``'…'``) line, with what is around the value kept as it was.
_CLIP_LINE = re.compile(r"""(\s*["']?clip["']?\s*=\s*)("(?:[^"\\\r\n]|\\.)*"|'[^'\r\n]*')"""
                        r"""([ \t]*(?:#[^\r\n]*)?(?:\r\n|\n)?)""")


class ClipClash(Exception):
    """A clash ``place_clips`` cannot move; ``painease.packs.pack`` says it as a PackError."""


def place_clips(entry: ScriptEntry, text: bytes, clips: Mapping[str, str],
                files: Mapping[str, str],
                owners: dict[str, ScriptEntry]) -> tuple[bytes, dict[str, str]]:
    """The script's file as packed and each clip's name in the pack (``audio/…``)."""
    own = {f"audio/{clip}": digest for clip, digest in clips.items()}
    names: dict[str, str] = {}
    for clip, digest in clips.items():
        name = f"audio/{clip}"
        if files.get(name, digest) != digest:
            other = owners[name]
            name = f"audio/{entry.script.id}/{clip}"
            if files.get(name, digest) != digest or own.get(name, digest) != digest:
                raise ClipClash(_clash(entry, other, clip, "its other place in the pack, "
                                       f"{name}, is taken too"))
            text = _pointed(entry, text, clip, name.removeprefix("audio/"), other)
        names[clip] = name
        owners.setdefault(name, entry)
    return text, names


def _pointed(entry: ScriptEntry, text: bytes, clip: str, place: str,
             other: ScriptEntry) -> bytes:
    """The script's file with its lines naming ``clip`` pointed at ``place``, checked."""
    source = text.decode("utf-8")  # the catalog read it as UTF-8
    original = parse_script(source, str(entry.path))
    if clip not in {step.clip for step in original.steps}:
        raise ClipClash(_clash(entry, other, clip, "it is narration rendered for a step that "
                               "names no clip, so its place cannot be changed"))
    lines = source.splitlines(keepends=True)
    locator = Locator(source)
    for index, step in enumerate(original.steps):
        if step.clip != clip:
            continue
        number = locator.line(("steps", index, "clip")) - 1
        found = _CLIP_LINE.fullmatch(lines[number]) if number < len(lines) else None
        if found is None:
            break
        lines[number] = (found.group(1) + json.dumps(place, ensure_ascii=False)
                         + found.group(3))
    pointed = "".join(lines)
    expected = original.model_copy(update={"steps": [
        step.model_copy(update={"clip": place}) if step.clip == clip else step
        for step in original.steps]})
    try:
        if parse_script(pointed, str(entry.path)) == expected:
            return pointed.encode("utf-8")
    except ScriptError:
        pass
    raise ClipClash(_clash(entry, other, clip, f"the clip line in {entry.path.name} could "
                           "not be rewritten safely"))


def _clash(entry: ScriptEntry, other: ScriptEntry, clip: str, why: str) -> str:
    first, second = other.script, entry.script
    # The one to rename: the therapist's own (another's pack folder is signed, not theirs).
    mine = other if other.origin == "user" and entry.origin != "user" else entry
    return (f"the sessions “{first.title}” ({first.id}) and “{second.title}” ({second.id}) "
            f"both name the clip {clip}, with different recordings, and the pack cannot "
            f"keep them apart ({why}); rename the clip in one of them, for example in "
            f"“{mine.script.title}”: give {audio_dir_for(mine.path) / clip} a new name, put "
            f"that name as the step's clip in {mine.path}, then build the pack again")
