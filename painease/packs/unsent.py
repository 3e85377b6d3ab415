"""What a results file leaves out because a value in it cannot be read (the patient's
file was edited or damaged outside painease), so the therapist's painease, which checks
every value (``SessionRecord.from_dict``), does not refuse the whole file for it.

Contract
--------
* ``sendable_sessions(sessions)`` returns (the sessions the therapist's painease reads, each
  as its record and its JSON text, [(row, why)] for the others): ``row`` is the session's
  row in the sessions table and ``why`` what cannot be read, in
  ``painease.storage.unplaced``'s words (``ENDED``, ``RATING_TIME``, ``RATING``, ``LIVE``,
  else ``SOME_VALUE``). A kept session is as the file carries it: a long rating note in
  parts (``painease.packs.long_notes``, its other parts among the journal entries it
  returns), and its JSON text is the file's own (each session is written out once, and
  checked as written). A session whose start cannot be read is not in any period:
  ``unplaced_rows`` says those.
* A time the store reads (``parse_db_time``) goes in the store's own form (``db_time``),
  however it was written ("+00:00" by an editor): a session or entry is never left out
  for a time painease reads. ``in_stored_form(session)`` is that for a session.
* ``sendable_links(store, sessions)`` returns (the sessions, each without its link to a
  set when that link cannot be read or names a set not here, [(row, why)] for those
  links: ``SOME_VALUE``, ``SET_GONE``); ``links_to_nothing(store)`` the rows of the
  program_sessions table that name a session not here. Such a link never goes: the
  therapist's painease would refuse the file for it, or hold a link to nothing.
* ``sendable_journal(store, journal)`` returns (the entries read, the rows of the
  journal_entries table left out): every entry whose time cannot be read (in no period,
  like such a session) and any of ``journal`` the therapist's painease would refuse.
* ``unsent_text(started, damaged, journal, links)`` says them all, for the patient ("Not
  sent: 1 session, because the time it ended cannot be read (row 2 of the sessions table);
  a CSV export (painease export --csv) has it."), and the links in a sentence of their own
  (the CSV export has no links), or "".

A record is checked as the therapist's painease reads it: its JSON form, with a long note
in parts (``painease.packs.long_notes``). The store's thread rules apply.
"""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import datetime
from typing import Any

from painease.packs.long_notes import within_limit
from painease.storage.results import MAX_TEXT, JournalRecord, SessionRecord
from painease.storage.stored_values import UnreadableValue, db_time, parse_db_time
from painease.storage.unplaced import (
    ENDED,
    JOURNAL,
    LINKS,
    LIVE,
    RATING,
    RATING_TIME,
    SESSION_GONE,
    SET_GONE,
    SOME_VALUE,
    STARTED,
    WRITTEN,
    unread_part,
    unread_text,
)

Why = tuple[str, ...]  # what cannot be read, in painease.storage.unplaced's words


def sendable_sessions(sessions: list[SessionRecord]) -> tuple[
        list[SessionRecord], list[str], list[JournalRecord], list[tuple[int, Why]]]:
    """(the sessions kept, their JSON texts, the parts of their long rating notes, the
    others' (row, why)): see the module."""
    kept, texts, parts, left_out = [], [], [], []
    for session in sessions:
        try:
            [whole], rest = within_limit([in_stored_form(session)], [])  # note in parts
            text = json.dumps(whole.to_dict(), ensure_ascii=False)
        except (ValueError, TypeError):  # not even JSON (bytes where text should be)
            left_out.append((session.saved_seq, SOME_VALUE))
            continue
        why = _unreadable(json.loads(text))  # as the therapist's painease reads it
        if why is None:
            kept.append(whole)
            texts.append(text)
            parts += rest
        else:
            left_out.append((session.saved_seq, why))
    return kept, texts, parts, left_out


def in_stored_form(session: SessionRecord) -> SessionRecord:
    """``session`` with each time the store reads in the store's form (see the module)."""
    return replace(session, started_at=_stored(session.started_at),
                   ended_at=_stored(session.ended_at),
                   ratings=tuple(replace(r, rated_at=_stored(r.rated_at))
                                 for r in session.ratings))


def sendable_links(store, sessions: list[SessionRecord]
                   ) -> tuple[list[SessionRecord], list[tuple[int, Why]]]:
    """(``sessions``, a link that cannot be read or names no set taken off, those links'
    (row, why)): see the module."""
    with store.database.guard("read the sets to send"):
        sets = {row[0] for row in store.database.conn.execute("SELECT id FROM programs")}
    kept, left_out = [], []
    for session in sessions:
        set_id, position = session.program_id, session.position
        if set_id is None and position is None:
            why = None
        elif not (isinstance(set_id, str) and set_id.strip() and len(set_id) <= MAX_TEXT
                  and isinstance(position, int) and not isinstance(position, bool)
                  and position >= 1):
            why = SOME_VALUE
        else:
            why = None if set_id in sets else SET_GONE
        if why is None:
            kept.append(session)
        else:
            kept.append(replace(session, program_id=None, position=None))
            left_out.append((session.saved_seq, why))
    return kept, left_out


def links_to_nothing(store) -> list[int]:
    """The rows of the program_sessions table that name a session not here."""
    with store.database.guard("read the sets to send"):
        return [row for (row,) in store.database.conn.execute(
            "SELECT session_id FROM program_sessions WHERE session_id NOT IN"
            " (SELECT id FROM sessions) ORDER BY session_id")]


def sendable_journal(store, journal: list[JournalRecord]
                     ) -> tuple[list[JournalRecord], list[int]]:
    rows = {e.written_at.where[1] for e in store.journal_entries(keep_unreadable=True)
            if isinstance(e.written_at, UnreadableValue)}
    journal = [replace(entry, written_at=_stored(entry.written_at)) for entry in journal]
    kept, refused = [], []
    for entry in journal:
        (refused if _refused(lambda entry=entry: [
            JournalRecord.from_dict(_sent(part.to_dict()))
            for part in within_limit([], [entry])[1]]) else kept).append(entry)
    if refused:
        with store.database.guard("read the journal to send"):
            rows |= {row for entry in refused for (row,) in store.database.conn.execute(
                "SELECT id FROM journal_entries WHERE uid = ?", (entry.uid,))}
    return kept, sorted(rows)


def unsent_text(started: tuple[int, ...], damaged: tuple[tuple[int, Why], ...],
                journal: tuple[int, ...], links: tuple[tuple[int, Why], ...] = ()) -> str:
    parts = [unread_part(started, STARTED)] if started else []
    parts += _grouped(damaged)
    if journal:
        parts.append(unread_part(journal, WRITTEN, JOURNAL))
    said = [f"Not sent: {unread_text(parts)}"] if parts else []
    if links:  # the CSV export has no links: said apart
        said.append(f"Not sent: {'; '.join(text for text, _ in _grouped(links, LINKS))}"
                    f"{_sent_without(links)}.")
    return " ".join(said)


def _grouped(rows: tuple[tuple[int, Why], ...], what: tuple[str, str, str] | None = None
             ) -> list[tuple[str, int]]:
    """``unread_part`` for each ``why`` in ``rows``, in the order first met. Sessions keep
    their order (their starts'); links (``what``) are said by row."""
    groups: dict[Why, list[int]] = {}
    for row, why in rows:
        groups.setdefault(why, []).append(row)
    return [unread_part(sorted(found), why, what) if what else unread_part(found, why)
            for why, found in groups.items()]


def _sent_without(links: tuple[tuple[int, Why], ...]) -> str:
    """What became of the sessions of ``links`` (all sent, but for those not here)."""
    sent = sum(why != SESSION_GONE for _, why in links)
    if not sent:
        return ""
    if len(links) == 1:
        return "; its session is sent without it"
    return ("; 1 session is sent without its link" if sent == 1
            else f"; {sent} sessions are sent without their links")


def _stored(text):
    """A stored time the store reads, in its form (``db_time``); any other value as it is."""
    when = parse_db_time(text, keep=True) if isinstance(text, str) else None
    return db_time(when) if isinstance(when, datetime) else text


def _sent(data: dict[str, Any]) -> Any:
    """``data`` as the therapist's painease reads it: through JSON."""
    return json.loads(json.dumps(data, ensure_ascii=False))


def _refused(read) -> bool:
    """Whether ``read()`` (a check the therapist's painease makes) refuses its record."""
    try:
        read()
    except (ValueError, TypeError):
        return True
    return False


def _unreadable(data: dict[str, Any]) -> Why | None:
    """What in a session's record as sent (``data``: its JSON read back) the therapist's
    painease would refuse, or None."""
    if not _refused(lambda: SessionRecord.from_dict(data)):
        return None
    base = {**data, "ended_at": None, "ratings": [], "live": [], "phases": []}
    if _refused(lambda: SessionRecord.from_dict(base)):
        return SOME_VALUE
    ratings, live = data["ratings"], data["live"]
    rated_then = [{**r, "rated_at": data["started_at"]} for r in ratings]
    checks = (
        (ENDED, {"ended_at": data["ended_at"]}),
        (RATING, {"ratings": ratings}),
        (LIVE, {"live": live}),
    )
    for why, part in checks:
        if _refused(lambda part=part: SessionRecord.from_dict({**base, **part})):
            if why is RATING and not _refused(
                    lambda: SessionRecord.from_dict({**base, "ratings": rated_then})):
                return RATING_TIME  # the rating reads at another time: its time is it
            return why
    return SOME_VALUE
