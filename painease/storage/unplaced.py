"""Sessions whose start cannot be read (the file was edited or damaged outside painease).

Such a session is in no period: a time-range read never finds it, so whatever is made of a
period (the report, a results file) leaves it out, and says so in these words rather than
leaving it out unsaid. ``unplaced_rows(store)`` is their row ids (the sessions table's),
``unplaced_text(rows, own)`` the words: "1 session, because the time it started cannot be
read (row 2 of the sessions table); a CSV export (painease export --csv) has it." (``own``:
the person's own store, whose CSV export writes them as stored); "" for none.

No Qt; the store's thread rules apply.
"""

from __future__ import annotations

from painease.storage.database import UnreadableValue


def unplaced_rows(store) -> list[int]:
    """The ids of ``store``'s sessions whose start cannot be read, oldest row first."""
    return sorted(s.started_at.where[1] for s in store.sessions(keep_unreadable=True)
                  if isinstance(s.started_at, UnreadableValue))


def unplaced_text(rows: list[int] | tuple[int, ...], own: bool = True) -> str:
    """What is left out, said (see the module); "" when ``rows`` is empty."""
    if not rows:
        return ""
    one = len(rows) == 1
    said = (f"1 session, because the time it started cannot be read (row {rows[0]}" if one
            else f"{len(rows)} sessions, because the times they started cannot be read "
            f"(rows {', '.join(map(str, rows))}") + " of the sessions table)"
    return said + (f"; a CSV export (painease export --csv) has {'it' if one else 'them'}."
                   if own else ".")
