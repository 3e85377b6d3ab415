"""What a results file leaves out because a value in it cannot be read (the patient's
file was edited or damaged outside painease), so the therapist's painease, which checks
every value (``SessionRecord.from_dict``), does not refuse the whole file for it.

Contract
--------
* ``sendable_sessions(sessions)`` returns (the sessions the therapist's painease reads,
  [(row, why)] for the others): ``row`` is the session's row in the sessions table and
  ``why`` what cannot be read, in ``painease.storage.unplaced``'s words (``ENDED``,
  ``RATING_TIME``, ``RATING``, ``LIVE``, else ``SOME_VALUE``). A session whose start
  cannot be read is not in any period: ``unplaced_rows`` says those.
* ``sendable_journal(store, journal)`` returns (the entries read, the rows of the
  journal_entries table left out): every entry whose time cannot be read (in no period,
  like such a session) and any of ``journal`` the therapist's painease would refuse.
* ``unsent_text(started, damaged, journal)`` says them all, for the patient ("Not sent:
  1 session, because the time it ended cannot be read (row 2 of the sessions table); a
  CSV export (painease export --csv) has it."), or "".

A record is checked as the therapist's painease reads it: its JSON form, with a long note
in parts (``painease.packs.long_notes``). The store's thread rules apply.
"""

from __future__ import annotations

import json
from typing import Any

from painease.packs.long_notes import within_limit
from painease.storage.database import UnreadableValue
from painease.storage.results import JournalRecord, SessionRecord
from painease.storage.unplaced import (
    ENDED,
    JOURNAL,
    LIVE,
    RATING,
    RATING_TIME,
    SOME_VALUE,
    STARTED,
    WRITTEN,
    unread_part,
    unread_text,
)


def sendable_sessions(sessions: list[SessionRecord]
                      ) -> tuple[list[SessionRecord], list[tuple[int, tuple[str, str]]]]:
    kept, left_out = [], []
    for session in sessions:
        why = _unreadable(session)
        if why is None:
            kept.append(session)
        else:
            left_out.append((session.saved_seq, why))
    return kept, left_out


def sendable_journal(store, journal: list[JournalRecord]
                     ) -> tuple[list[JournalRecord], list[int]]:
    rows = {e.written_at.where[1] for e in store.journal_entries(keep_unreadable=True)
            if isinstance(e.written_at, UnreadableValue)}
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


def unsent_text(started: tuple[int, ...], damaged: tuple[tuple[int, tuple[str, str]], ...],
                journal: tuple[int, ...]) -> str:
    parts = [unread_part(started, STARTED)] if started else []
    whys = dict.fromkeys(why for _, why in damaged)  # in the order first met
    parts += [unread_part([row for row, w in damaged if w == why], why) for why in whys]
    if journal:
        parts.append(unread_part(journal, WRITTEN, JOURNAL))
    return f"Not sent: {unread_text(parts)}" if parts else ""


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


def _unreadable(session: SessionRecord) -> tuple[str, str] | None:
    """What in ``session`` the therapist's painease would refuse, or None."""
    try:
        [whole], _ = within_limit([session], [])  # a long note goes in parts
        data = _sent(whole.to_dict())
    except (ValueError, TypeError):  # not even JSON (bytes where text should be)
        return SOME_VALUE
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
