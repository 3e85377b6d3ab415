"""Notes written before notes had a limit, carried whole in a results file.

A results file refuses any text longer than ``NOTE_LIMIT`` (``painease.storage.notes``),
and so does the therapist's painease reading one: a single older note past it once made
the whole file fail there. ``within_limit(sessions, journal)`` returns the records with
every such note in parts of at most ``NOTE_LIMIT`` characters, so nothing is left out:

* a journal entry becomes several entries of the same session, written at the same time,
  in order (the Insights notes panel shows a session's entries one after another);
* a rating note keeps its first part; the rest follow as journal entries of its session,
  at the time of the rating.

Parts are cut after the last space or line break of their last 200 characters, else at the
limit, so joined again (with nothing between) they are the note as written. A part that
would hold only spaces and line breaks (over 20,000 of them in a row) is left out: a
results file cannot carry blank text, and it holds no words. Each added entry's uid is
made from the note's own (sha256), so a note sent again is recognised, never duplicated.

Pure functions over the records of ``painease.storage.results``; no I/O.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import replace

from painease.storage.notes import NOTE_LIMIT
from painease.storage.results import JournalRecord, SessionRecord

_WORD_ROOM = 200  # how far back from the limit a part may end at a space or line break


def parts(text: str, limit: int = NOTE_LIMIT) -> list[str]:
    """``text`` in pieces of at most ``limit`` characters (see the module doc)."""
    pieces, start = [], 0
    while len(text) - start > limit:
        end = start + limit
        space = max(text.rfind(" ", end - _WORD_ROOM, end), text.rfind("\n", end - _WORD_ROOM,
                                                                          end))
        end = space + 1 if space > start else end
        pieces.append(text[start:end])
        start = end
    pieces.append(text[start:])
    return [piece for piece in pieces if piece.strip()]


def _uid(*names: object) -> str:
    return hashlib.sha256("/".join(map(str, names)).encode()).hexdigest()[:32]


def within_limit(sessions: Iterable[SessionRecord], journal: Iterable[JournalRecord]
                 ) -> tuple[list[SessionRecord], list[JournalRecord]]:
    """The records, with every text longer than ``NOTE_LIMIT`` carried in parts."""
    kept_sessions, added = [], []
    for session in sessions:
        ratings = []
        for rating in session.ratings:
            if rating.note is None or len(rating.note) <= NOTE_LIMIT:
                ratings.append(rating)
                continue
            first, *rest = parts(rating.note)
            ratings.append(replace(rating, note=first))
            added += [JournalRecord(_uid(session.uid, rating.moment, k), session.uid,
                                    rating.rated_at, piece)
                      for k, piece in enumerate(rest, start=1)]
        kept_sessions.append(replace(session, ratings=tuple(ratings)))
    entries = []
    for entry in journal:
        if len(entry.text) <= NOTE_LIMIT:
            entries.append(entry)
            continue
        first, *rest = parts(entry.text)
        entries.append(replace(entry, text=first))
        entries += [replace(entry, uid=_uid(entry.uid, k), text=piece)
                    for k, piece in enumerate(rest, start=1)]
    return kept_sessions, entries + added
