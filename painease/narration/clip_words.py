"""Which words a therapist's own clip was recorded or rendered from.

A clip made in the script editor (Record… or Render with voice) speaks the step's words as
they were at that moment. If the words are edited afterwards, the captions say one thing
and the voice another. So each save notes the SHA-256 of the words (spacing ignored) in
``clip-words.json``
beside the clip (``{clip file name: hash}``), and ``words_changed`` compares a step's
current words with that note.

* ``remember_words(clip, text)`` — after a clip is saved; atomic (temp file + rename).
* ``not_noted(what, exc)`` — what the editor says when a clip was saved but its note was
  not (the clip stays the step's: an old note can only cause a false "out of date").
* ``words_changed(clip, text)`` — True when the note differs, False when it matches, None
  when nothing was noted (clips made before this existed, or copied in by hand).

The note is the editor's own bookkeeping: packs carry only the clips a script names, so it
never travels to a patient. No Qt, no audio.
"""

from __future__ import annotations

import json
from pathlib import Path

from painease.narration.manifest import replacing, text_sha256

WORDS_FILE = "clip-words.json"


MAX_BYTES = 4 * 1024 * 1024  # a clip's name and a digest: about 100 bytes a clip


def _read(folder: Path) -> dict[str, str]:
    from painease.files import read_small

    try:  # a pipe there is refused (OSError), not waited on
        raw = read_small(folder / WORDS_FILE, MAX_BYTES) or b"{}"
        data = json.loads(raw.decode("utf-8")) if len(raw) <= MAX_BYTES else {}
    except (OSError, ValueError, RecursionError):
        return {}  # none yet, or unreadable: then nothing is known about any clip
    if not isinstance(data, dict):
        return {}
    return {str(name): str(digest) for name, digest in data.items()}


def remember_words(clip: Path, text: str) -> None:
    """Note that ``clip`` speaks ``text`` (replaces any earlier note for it)."""
    clip = Path(clip)
    notes = _read(clip.parent)
    notes[clip.name] = _digest(text)
    with replacing(clip.parent / WORDS_FILE) as temp:
        temp.write_text(json.dumps(notes, indent=2, sort_keys=True) + "\n", encoding="utf-8")


def not_noted(what: str, exc: OSError) -> str:
    """The editor's words for a clip (``what``: "The take", "The rendering") that was saved
    while ``remember_words`` failed with ``exc``."""
    return (f"{what} was saved as the step's recording, but painease could not note which "
            f"words it speaks ({exc.strerror or exc}), so it may not notice if the words and "
            "the recording stop matching.")


def words_changed(clip: Path, text: str) -> bool | None:
    """Whether ``text`` differs from the words ``clip`` was made from (None: not noted)."""
    clip = Path(clip)
    noted = _read(clip.parent).get(clip.name)
    if noted is None:
        return None
    return noted != _digest(text)


def _digest(text: str) -> str:
    """The words' hash; runs of spaces and line breaks count as one space."""
    return text_sha256(" ".join(text.split()))
