"""When each set was made current: every activation's moment, not only the last.

A session done from the Library counts for the set that was the patient's current set
when it started (``painease.domain.cohort_set``): these moments say which that was.

Contract
--------
* Table ``set_activations`` (schema step ``_SET_ACTIVATIONS``): one row per moment a set
  was made current (``program_id``, ``activated_at`` as ``db_time``); a moment already
  there is not added twice.
* In a person's own store, ``ProgramStore`` writes one at each activation, on this
  computer's clock (the clock its sessions' start times are on); a set removed keeps its
  moments (it was current then). A therapist's copy of a patient's results holds only the
  moments the patient's results sent (``painease.packs.results``), never the therapist's
  import time: those of the sets sent, and under ``ANOTHER_SET`` ("") those at which a set
  not sent was made current (another therapist's, say: which one is not sent). Results
  from an older painease send none, and their sets keep the day rule
  (``cohort_set.practice_during``).
* ``record(conn, program_id, moments)`` (in the caller's transaction), ``known(conn)``:
  {set id: its moments, oldest first}. ``MadeCurrent``: what every ``ProgramStore`` has
  of them (``made_current``, ``another_set_made_current``).
* ``timeline(conn, tz)``: ``known`` as the counting reads it, each set's moments through
  ``painease.domain.cohort_set.made_current`` (its first day, on the clock ``tz``, counts
  from its start when no moment of that day is known: an activation from before the
  moments were kept).

Plain functions on a connection the caller owns and guards (same thread rules). No Qt.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, tzinfo
from sqlite3 import Connection

from painease.storage.database import db_time, parse_db_date, parse_db_time

ANOTHER_SET = ""  # in a therapist's copy: a set the patient's results did not send


def record(conn: Connection, program_id: str, moments: Iterable[datetime]) -> None:
    """Note that the set ``program_id`` was made current at each of ``moments`` (aware)."""
    conn.executemany(
        "INSERT OR IGNORE INTO set_activations (program_id, activated_at) VALUES (?, ?)",
        [(program_id, db_time(moment)) for moment in moments])


def known(conn: Connection) -> dict[str, list[datetime]]:
    """Every set's moments, oldest first; a set with none known is not in it."""
    rows = conn.execute("SELECT program_id, activated_at FROM set_activations"
                        " ORDER BY activated_at, program_id").fetchall()
    found: dict[str, list[datetime]] = {}
    for set_id, when in rows:
        found.setdefault(set_id, []).append(
            parse_db_time(when, ("set_activations", set_id, "activated_at")))
    return found


def timeline(conn: Connection, tz: tzinfo) -> dict[str, list[datetime]]:
    """``known``, each set's moments as the counting reads them (module doc)."""
    from painease.domain.cohort_set import made_current

    started = dict(conn.execute("SELECT id, started_on FROM programs").fetchall())
    return {set_id: made_current(found, parse_db_date(started[set_id], (
                "programs", set_id, "started_on")) if started.get(set_id) else None, tz)
            for set_id, found in known(conn).items()}


class MadeCurrent:
    """The moments sets were made current, on a ``ProgramStore`` (its database)."""

    def another_set_made_current(self, moments: Iterable[datetime]) -> None:
        """Keep the moments a set the patient's results did not send was made current."""
        with self._database.write("when the sets were made current"):
            record(self._conn, ANOTHER_SET, moments)

    def made_current(self, *, tz: tzinfo | None) -> dict[str, list[datetime]]:
        """The moments each set was made current, as far as this store knows them: as kept
        (``tz`` None: what results send), else as a set's sessions are counted by them
        (``timeline``, first days on ``tz``)."""
        with self._database.guard("read when the sets were made current"):
            if tz is None:
                return known(self._conn)
            return timeline(self._conn, tz)
