"""Reading which words a therapist's own clip was made from (``clip-words.json`` beside
it, written by ``painease.narration.clip_words.remember_words``), low enough in the layers
for the catalog and packs to ask.

* ``words_changed(clip, text)`` — True when the note differs, False when it matches, None
  when nothing was noted (clips made before this existed, or copied in by hand).
* ``unmatched_steps(script, audio_dir)`` — the numbers (from 1) of the steps whose clip
  was made for other words than theirs; each step is compared, so of two steps sharing a
  clip either may be the one. Building a pack refuses such a script (``painease.packs
  .pack``), ``painease check`` reports it, and the script editor notes it (a draft may be
  saved, but not sent).

Words are compared by SHA-256, runs of spaces and line breaks counting as one space. No
Qt, no audio decoding.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from painease.domain.script import Script

WORDS_FILE = "clip-words.json"
MAX_BYTES = 4 * 1024 * 1024  # a clip's name and a digest: about 100 bytes a clip


def read_notes(folder: Path) -> dict[str, str]:
    """``{clip file name: digest}`` noted in ``folder``; {} when none or unreadable."""
    from painease.files import read_small

    try:  # a pipe there is refused (OSError), not waited on
        raw = read_small(folder / WORDS_FILE, MAX_BYTES) or b"{}"
        data = json.loads(raw.decode("utf-8")) if len(raw) <= MAX_BYTES else {}
    except (OSError, ValueError, RecursionError):
        return {}  # none yet, or unreadable: then nothing is known about any clip
    if not isinstance(data, dict):
        return {}
    return {str(name): str(digest) for name, digest in data.items()}


def words_changed(clip: Path, text: str) -> bool | None:
    """Whether ``text`` differs from the words ``clip`` was made from (None: not noted)."""
    clip = Path(clip)
    noted = read_notes(clip.parent).get(clip.name)
    if noted is None:
        return None
    return noted != words_digest(text)


def unmatched_steps(script: Script, audio_dir: Path) -> list[int]:
    """The numbers (from 1) of ``script``'s steps whose clip (in ``audio_dir``) was noted
    as made for other words than the step's; a step whose clip has no note is not one."""
    notes: dict[Path, dict[str, str]] = {}  # each folder's note, read once
    found = []
    for number, step in enumerate(script.steps, start=1):
        if step.clip is None:
            continue
        clip = Path(audio_dir) / step.clip
        folder = notes.setdefault(clip.parent, read_notes(clip.parent))
        noted = folder.get(clip.name)
        if noted is not None and noted != words_digest(step.text):
            found.append(number)
    return found


def words_digest(text: str) -> str:
    """The words' hash (hex SHA-256 of the UTF-8); runs of spaces and line breaks count as
    one space."""
    return hashlib.sha256(" ".join(text.split()).encode("utf-8")).hexdigest()
