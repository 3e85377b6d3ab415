"""Which words a therapist's own clip was recorded or rendered from.

A clip made in the script editor (Record… or Render with voice) speaks the step's words as
they were at that moment. If the words are edited afterwards, the captions say one thing
and the voice another. So each save notes the SHA-256 of the words (spacing ignored) in
``clip-words.json``
beside the clip (``{clip file name: hash}``), and ``words_changed`` compares a step's
current words with that note.

* ``remember_words(clip, text)`` — after a clip is saved; atomic (temp file + rename).
* ``forget_words(folder, names)`` — after clips were removed (``painease narrate``, for
  steps a script no longer has): their notes go too.
* ``not_noted(what, exc)`` — what the editor says when a clip was saved but its note was
  not (the clip stays the step's: an old note can only cause a false "out of date").
* ``words_changed(clip, text)`` and ``unmatched_steps(script, audio_dir)`` read the notes
  (``painease.audio.clip_words``, where the catalog and packs, below narration, ask them
  too): building a pack refuses a step whose clip was made for other words, ``painease
  check`` reports it, and the script editor notes it (a draft may be saved, not sent).

The note is the editor's own bookkeeping: packs carry only the clips a script names, so it
never travels to a patient. No Qt, no audio.
"""

from __future__ import annotations

import json
from pathlib import Path

from painease.audio.clip_words import WORDS_FILE as WORDS_FILE
from painease.audio.clip_words import read_notes, words_digest
from painease.audio.clip_words import unmatched_steps as unmatched_steps
from painease.audio.clip_words import words_changed as words_changed
from painease.narration.manifest import replacing


def remember_words(clip: Path, text: str) -> None:
    """Note that ``clip`` speaks ``text`` (replaces any earlier note for it)."""
    clip = Path(clip)
    notes = read_notes(clip.parent)
    notes[clip.name] = words_digest(text)
    with replacing(clip.parent / WORDS_FILE) as temp:
        temp.write_text(json.dumps(notes, indent=2, sort_keys=True) + "\n", encoding="utf-8")


def forget_words(folder: Path, names: list[str]) -> None:
    """Drop the notes of the clips ``names`` in ``folder`` (removed files); the note file is
    written again only when it held any of them."""
    folder = Path(folder)
    notes = read_notes(folder)
    if not any(name in notes for name in names):
        return
    for name in names:
        notes.pop(name, None)
    with replacing(folder / WORDS_FILE) as temp:
        temp.write_text(json.dumps(notes, indent=2, sort_keys=True) + "\n", encoding="utf-8")


def not_noted(what: str, exc: OSError) -> str:
    """The editor's words for a clip (``what``: "The take", "The rendering") that was saved
    while ``remember_words`` failed with ``exc``."""
    return (f"{what} was saved as the step's recording, but painease could not note which "
            f"words it speaks ({exc.strerror or exc}), so it may not notice if the words and "
            "the recording stop matching.")
