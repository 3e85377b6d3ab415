"""What a person wrote with their sessions, read back for them (and their therapist).

A session can carry three kinds of words: the note given with the rating before it, the
note with the rating after it, and journal entries ("What did you notice?" on the After
page, kept whether the after-rating was given or skipped). ``session_notes(store, ids)``
reads them for the sessions ``ids`` in two queries (ratings, journal), returning a
``SessionNotes`` for each session that has any, text exactly as written (one that is not
text, edited in as bytes, is ``UNREADABLE_NOTE``).

A journal entry can belong to no session: results imported on the therapist's side carry
the entries written in the period sent, and an entry whose session started before that
period (or was never sent) arrives without it. ``loose_notes(store, since, until)`` reads
those written in ``[since, until)`` (None: open), oldest first, for the Insights page's
"Other notes".

``NOTE_LIMIT`` is the longest a note can be, in characters: the Before and After pages
stop entry there, and a results file refuses longer text (``painease.storage.results``).
Older notes can be longer; they are kept whole (see ``painease.packs.long_notes`` for how
results carry them, and the Insights notes panel for how they are shown).

Reads only; the store's thread rules apply (``store.py``). No Qt.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import NamedTuple

from painease.storage.store import SessionStore
from painease.storage.stored_values import db_time, parse_db_time

_CHUNK = 500  # ids per query: well under SQLite's limit on parameters
NOTE_LIMIT = 20_000  # characters (code points, as Python counts them) in one note
# In place of a note that is not text (the file was edited or damaged outside painease).
UNREADABLE_NOTE = ("(This note cannot be read. It is kept as it is, and a CSV export "
                   "(painease export --csv) has it.)")


class LooseNote(NamedTuple):
    written_at: datetime  # aware, UTC
    text: str


class SessionNotes(NamedTuple):
    session_id: int
    before: str | None  # the pre-rating's note
    after: str | None  # the post-rating's note
    journal: tuple[str, ...] = ()  # journal entries of the session, oldest first


def session_notes(store: SessionStore, session_ids: Iterable[int]) -> dict[int, SessionNotes]:
    """``{session id: SessionNotes}`` for the sessions in ``session_ids`` that have any
    note that is not blank (a session without one is left out)."""
    ids = list(dict.fromkeys(session_ids))
    rating_notes: dict[int, dict[str, str]] = {}
    journal: dict[int, list[str]] = {}
    conn = store.database.conn
    with store.database.guard("read the notes"):
        for start in range(0, len(ids), _CHUNK):
            chunk = ids[start:start + _CHUNK]
            marks = ", ".join("?" * len(chunk))
            for session_id, moment, note in conn.execute(
                    "SELECT session_id, moment, note FROM ratings WHERE note IS NOT NULL"
                    f" AND trim(note) != '' AND session_id IN ({marks})", chunk):
                rating_notes.setdefault(session_id, {})[moment] = _said(note)
            for session_id, text in conn.execute(
                    "SELECT session_id, text FROM journal_entries WHERE trim(text) != ''"
                    f" AND session_id IN ({marks}) ORDER BY written_at, id", chunk):
                journal.setdefault(session_id, []).append(_said(text))
    found = {}
    for session_id in ids:
        notes = rating_notes.get(session_id, {})
        if notes or session_id in journal:
            found[session_id] = SessionNotes(session_id, notes.get("pre"), notes.get("post"),
                                             tuple(journal.get(session_id, ())))
    return found


def loose_notes(store: SessionStore, since: datetime | None = None,
                until: datetime | None = None) -> list[LooseNote]:
    """Journal entries tied to no session, written in ``[since, until)``, oldest first
    (blank ones left out)."""
    low = db_time(since) if since is not None else ""
    high = db_time(until) if until is not None else "~"  # after every stored time
    with store.database.guard("read the notes"):
        rows = store.database.conn.execute(
            "SELECT id, written_at, text FROM journal_entries WHERE session_id IS NULL"
            " AND trim(text) != '' AND written_at >= ? AND written_at < ?"
            " ORDER BY written_at, id", (low, high)).fetchall()
    return [LooseNote(parse_db_time(when, ("journal_entries", i, "written_at")), _said(text))
            for i, when, text in rows]


def _said(text: object) -> str:
    """A note as stored, or, when it is not text (bytes: the file was edited or damaged),
    ``UNREADABLE_NOTE`` in its place: said, and kept in the file as it is."""
    return text if isinstance(text, str) else UNREADABLE_NOTE
