"""Sessions whose start cannot be read (the file was edited or damaged outside painease),
and the words for whatever is left out because a value in it cannot be read.

Such a session is in no period: a time-range read never finds it, so whatever is made of a
period (the report, a results file) leaves it out, and says so in these words rather than
leaving it out unsaid. ``dated_sessions(store, undated, damaged)`` is the sessions whose
start and other values can be read, those whose start cannot put in ``undated``, those
with another value that cannot in ``damaged`` (Outcomes counts both as left out).
``unplaced_rows(store)`` is their row ids (the sessions table's;
``unread_sessions`` adds those the insights cannot read for a value of the wrong type,
``unread_sessions_text`` says both),
``unplaced_text(rows, own)`` the words: "1 session, because the time it started cannot be
read (row 2 of the sessions table); a CSV export (painease export --csv) has it." (``own``:
the person's own store, whose CSV export writes them as stored); "" for none.

``unread_part(rows, why, ...)`` says one group ("2 sessions, because the times they ended
cannot be read (rows 2, 4 of the sessions table)"; ``why`` is what cannot be read, for one
and for many: ``STARTED``, ``ENDED``…, and, when that is not "cannot be read", what is
wrong with it: ``SET_GONE``), ``unread_text(parts, own)`` joins groups and says
where they still are, as ``unplaced_text`` does (a results file leaves out more than a
session's start: ``painease.packs.unsent``).

No Qt; the store's thread rules apply.
"""

from __future__ import annotations

from painease.storage.readable import readable_session, readable_start
from painease.storage.stored_values import UnreadableValue

# What cannot be read, said of one row and of several.
STARTED = ("the time it started", "the times they started")
ENDED = ("the time it ended", "the times they ended")
RATING_TIME = ("a rating's time", "a rating's time in each")
RATING = ("a rating", "a rating in each")
LIVE = ("a live rating", "a live rating in each")
WRITTEN = ("the time it was written", "the times they were written")
SOME_VALUE = ("a value in it", "a value in each")
# A link from a session to a set (painease.packs.unsent): what it names is not there.
SET_GONE = ("the set it names", "the sets they name", "cannot be found")
SESSION_GONE = ("the session it names", "the sessions they name", "cannot be found")

SESSIONS = ("session", "sessions", "sessions")  # one, many, the table
JOURNAL = ("journal entry", "journal entries", "journal_entries")
LINKS = ("link to a set", "links to sets", "program_sessions")


def dated_sessions(store, undated: list, damaged: list | None = None) -> list:
    """``store``'s sessions whose start can be read, oldest first; each whose start cannot
    be is added to ``undated`` instead. Any other value that cannot be read in a session
    is raised (an ``UnreadableValue``), as ``store.sessions()`` raises it; or, given a
    list ``damaged``, that session is added to it instead, and so is one whose time
    played or elapsed is not a number (the store hands those on as stored; a set's count
    of done sessions compares them with its length: Outcomes leaves such a session out)."""
    found = []
    for session in store.sessions(keep_unreadable=True):
        if isinstance(session.started_at, UnreadableValue):
            undated.append(session)
            continue
        problem = next((value for value in session if isinstance(value, UnreadableValue)),
                       None)
        if problem is not None and damaged is None:
            raise problem
        if problem is not None or (damaged is not None and not _heard_readable(session)):
            damaged.append(session)
            continue
        found.append(session)
    return found


def _heard_readable(session) -> bool:
    """Whether a session's time played and time elapsed are each a number or None."""
    return all(ms is None or (isinstance(ms, int | float) and not isinstance(ms, bool))
               for ms in (session.played_ms, session.elapsed_ms))


def unplaced_rows(store) -> list[int]:
    """The ids of ``store``'s sessions whose start cannot be read, oldest row first."""
    return sorted(s.started_at.where[1] for s in store.sessions(keep_unreadable=True)
                  if isinstance(s.started_at, UnreadableValue))


def unread_sessions(store) -> tuple[list[int], list[int]]:
    """(the ids of the sessions whose start cannot be read, those of the others that the
    insights cannot read: a value of the wrong type), each in row order: the rows the
    insights' reads leave out (``painease.storage.readable``), so saying these says all."""
    with store.database.guard("read the sessions"):
        rows = store.database.conn.execute(
            f"SELECT id, {readable_start('started_at')} FROM sessions"
            f" WHERE NOT {readable_session()} ORDER BY id").fetchall()
    return [r[0] for r in rows if not r[1]], [r[0] for r in rows if r[1]]


def unread_sessions_text(store, own: bool = True) -> str:
    """``unplaced_text`` for every session ``unread_sessions`` names; "" for none."""
    started, other = unread_sessions(store)
    parts = [unread_part(rows, why) for rows, why in ((started, STARTED), (other, SOME_VALUE))
             if rows]
    return unread_text(parts, own)


def unplaced_text(rows: list[int] | tuple[int, ...], own: bool = True) -> str:
    """What is left out, said (see the module); "" when ``rows`` is empty."""
    return unread_text([unread_part(rows, STARTED)], own) if rows else ""


def unread_part(rows: list[int] | tuple[int, ...], why: tuple[str, ...],
                what: tuple[str, str, str] = SESSIONS) -> tuple[str, int]:
    """(the words for ``rows`` of ``what``, left out as ``why`` cannot be read; how many)."""
    one = len(rows) == 1
    wrong = why[2] if len(why) > 2 else "cannot be read"
    said = (f"1 {what[0]}, because {why[0]} {wrong} (row {rows[0]}" if one
            else f"{len(rows)} {what[1]}, because {why[1]} {wrong} "
            f"(rows {', '.join(map(str, rows))}") + f" of the {what[2]} table)"
    return said, len(rows)


def unread_text(parts: list[tuple[str, int]], own: bool = True) -> str:
    """The ``unread_part`` groups joined, and where they still are; "" for none."""
    if not parts:
        return ""
    one = sum(count for _, count in parts) == 1
    return "; ".join(said for said, _ in parts) + (
        f"; a CSV export (painease export --csv) has {'it' if one else 'them'}."
        if own else ".")
