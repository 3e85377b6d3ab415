"""When each set was made current: every activation's moment, not only the last.

A session done from the Library counts for the set that was the patient's current set
when it started (``painease.domain.cohort_set``): these moments say which that was.

Contract
--------
* Table ``set_activations`` (schema step ``_SET_ACTIVATIONS``): one row per moment a set
  was made current (``program_id``, ``activated_at`` as ``db_time``); a moment already
  there is not added twice. Its ``seq`` (step ``_activation_seq``) is the activation's
  place in the order they were made (the order ``ProgramStore.current`` goes by), which
  the counting follows, not the clock's times: a set made current while the clock ran
  ahead gives way to the next one made current, whatever that one's clock said, and the
  same set made current again in the same millisecond takes the last place again.
* In a person's own store, ``ProgramStore`` writes one at each activation, on this
  computer's clock (the clock its sessions' start times are on); a set removed keeps its
  moments (it was current then). A therapist's copy of a patient's results holds only the
  moments the patient's results sent (``painease.packs.results``), never the therapist's
  import time: those of the sets sent, and under ``ANOTHER_SET`` ("") those at which a set
  not sent was made current (another therapist's, say: which one is not sent); two
  such in one millisecond are one row, at the later place, which is all the counting
  reads of them (of activations at one moment, the one made last is current from it
  on, whichever place the other had). Results from an older painease send none, and
  their sets keep the day rule (``cohort_set.practice_during``).
* A therapist's copy keeps the places the patient's results sent (``record``'s
  ``order``); results from a painease that sent none leave them unknown (NULL). An
  unknown place is read from the same activation sent with its place (a set's moment
  that later results sent unnamed, or the other way round: ``_same_activation``), and
  the activations whose place is still unknown go by their moments among those placed
  (``in_their_order``): one file from an older painease does not turn the whole copy's
  counting back to the clock's times, and a copy with no place known counts by the
  moments, as it did before.
* Results that send the order send every activation the patient's store holds: the
  newest such file's places are the order (``placed_as_sent``), and an activation it did
  not send loses its place. A store restored from an older copy gives the places after
  that copy's last one again, to other activations than those sent before: the ones it
  lost (from before the restore, still counted here) go by their moments among the
  ones placed, never after those made since the restore for their higher places. An
  older file (made before the newest imported, ``painease.packs.results``) gives no
  places, and takes none away.
* ``record(conn, program_id, moments, order)``, ``made_now`` and ``placed_as_sent``
  (in the caller's transaction), ``known(conn)``: {set id: its moments, oldest first},
  ``in_their_order``: every activation in its order. ``MadeCurrent``: what every
  ``ProgramStore`` has of them (``made_current``, ``activations``, ``activations_kept``,
  ``another_set_made_current``, ``placed_as_sent``).
* ``timeline(conn, tz)``: ``known`` as the counting reads it, each set's moments through
  ``painease.domain.cohort_set.made_current`` (its first day, on the clock ``tz``, counts
  from its start when no moment of that day is known: an activation from before the
  moments were kept); ``in_order(conn, tz)``: the same, every activation in its order
  (``painease.domain.cohort_set.in_order``), the counting's timeline.

Plain functions on a connection the caller owns and guards (same thread rules). No Qt.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime, tzinfo
from sqlite3 import Connection

from painease.storage.stored_values import db_time, parse_db_date, parse_db_time

ANOTHER_SET = ""  # in a therapist's copy: a set the patient's results did not send


def record(conn: Connection, program_id: str, moments: Iterable[datetime],
           order: Iterable[int] | None = None) -> None:
    """Note that the set ``program_id`` was made current at each of ``moments`` (aware),
    each at its place ``order`` in the patient's order when given (from results; a moment
    already here takes the place given, and keeps its own when none is)."""
    moments = list(moments)
    places = list(order) if order is not None else [None] * len(moments)
    conn.executemany(
        "INSERT INTO set_activations (program_id, activated_at, seq) VALUES (?, ?, ?)"
        " ON CONFLICT (program_id, activated_at) DO UPDATE SET"
        " seq = coalesce(excluded.seq, seq)",
        [(program_id, db_time(moment), place) for moment, place in zip(moments, places,
                                                                       strict=True)])


def made_now(conn: Connection, program_id: str, moment: str) -> None:
    """Note that this store made ``program_id`` current at ``moment`` (``db_time``), after
    every activation before it: the same set made current again in the same millisecond
    moves that moment to the end of the order (in the caller's transaction)."""
    after = conn.execute("SELECT coalesce(max(seq), 0) + 1 FROM set_activations").fetchone()
    conn.execute(
        "INSERT INTO set_activations (program_id, activated_at, seq) VALUES (?, ?, ?)"
        " ON CONFLICT (program_id, activated_at) DO UPDATE SET seq = excluded.seq",
        (program_id, moment, after[0]))


def placed_as_sent(conn: Connection, sent: Iterable[tuple[str, datetime]]) -> None:
    """Results that send the order send every activation the patient's store holds, with
    its place (``sent``: (set id or ``ANOTHER_SET``, moment) of each): an activation kept
    here that they did not send is one that store no longer holds (restored from an
    older copy, or begun again), whose place it has since given to another. It keeps its
    moment but loses its place, and goes by its moment among those placed
    (``in_their_order``; one the results sent the other way, a set's moment unnamed or
    the other way round, reads that one's place again: ``_same_activation``). In the
    caller's transaction."""
    keys = {(set_id, db_time(moment)) for set_id, moment in sent}
    rows = conn.execute("SELECT program_id, activated_at FROM set_activations"
                        " WHERE seq IS NOT NULL").fetchall()
    gone = [row for row in rows if tuple(row) not in keys]
    conn.executemany("UPDATE set_activations SET seq = NULL"
                     " WHERE program_id = ? AND activated_at = ?", gone)


def in_their_order(conn: Connection) -> list[tuple[str, datetime, int | None]]:
    """Every activation kept, as (set id, moment, place in the order), in the order they
    were made: those placed by place, an unnamed set's (``ANOTHER_SET``) before a named
    one at the same place (the same activation, sent both ways: the named one says more).
    A place not kept is the same activation's place when one is (``_same_activation``);
    those still unknown (from results of a painease that did not send it) go by moment,
    then set id, among themselves and before the first placed one with a later moment
    (``_merged``): with none placed, as they were counted before the order was kept."""
    rows = [(set_id, parse_db_time(when, ("set_activations", set_id, "activated_at")), seq)
            for set_id, when, seq in conn.execute(
                "SELECT program_id, activated_at, seq FROM set_activations"
                " ORDER BY activated_at, program_id").fetchall()]
    rows = [(set_id, when, seq if seq is not None else _same_activation(rows, set_id, when))
            for set_id, when, seq in rows]
    placed = sorted((row for row in rows if row[2] is not None),
                    key=lambda row: (row[2], row[0] != ANOTHER_SET))
    return _merged(placed, [row for row in rows if row[2] is None])


def _same_activation(rows: list[tuple[str, datetime, int | None]], set_id: str,
                     when: datetime) -> int | None:
    """The place of the activation at ``when`` that ``set_id``'s row with no place is,
    sent another way by results that sent the order: a named set's moment sent unnamed
    (results whose period had none of its sessions send it as ``ANOTHER_SET``), or an
    unnamed one's sent named (the first named one's place: an unnamed row at a named
    one's place counts for nothing, as it is ordered just before it). None: none is."""
    places = sorted(seq for other, moment, seq in rows
                    if moment == when and seq is not None
                    and (other == ANOTHER_SET) != (set_id == ANOTHER_SET))
    return places[0] if places else None


def _merged(placed: list[tuple[str, datetime, int | None]],
            unplaced: list[tuple[str, datetime, int | None]]
            ) -> list[tuple[str, datetime, int | None]]:
    """``placed`` in their order, each of ``unplaced`` (by moment) before the first of
    them whose moment is later than its own."""
    merged, rest = [], iter(unplaced)
    waiting = next(rest, None)
    for row in placed:
        while waiting is not None and waiting[1] < row[1]:
            merged.append(waiting)
            waiting = next(rest, None)
        merged.append(row)
    return merged + ([waiting] if waiting is not None else []) + list(rest)


def known(conn: Connection) -> dict[str, list[datetime]]:
    """Every set's moments, oldest first; a set with none known is not in it."""
    found: dict[str, list[datetime]] = {}
    for set_id, when, _ in sorted(in_their_order(conn), key=lambda row: (row[1], row[0])):
        found.setdefault(set_id, []).append(when)
    return found


def _first_days(conn: Connection) -> dict[str, date | None]:
    return {set_id: parse_db_date(day, ("programs", set_id, "started_on")) if day else None
            for set_id, day in conn.execute("SELECT id, started_on FROM programs")}


def timeline(conn: Connection, tz: tzinfo) -> dict[str, list[datetime]]:
    """``known``, each set's moments as the counting reads them (module doc)."""
    from painease.domain.cohort_set import made_current

    started = _first_days(conn)
    return {set_id: made_current(found, started.get(set_id), tz)
            for set_id, found in known(conn).items()}


def in_order(conn: Connection, tz: tzinfo) -> list[tuple[str, datetime]]:
    """Every activation as the counting reads them, in the order they were made
    (``painease.domain.cohort_set.in_order`` on ``in_their_order``)."""
    from painease.domain.cohort_set import in_order as counted

    return counted([(set_id, when) for set_id, when, _ in in_their_order(conn)],
                   _first_days(conn), tz)


class MadeCurrent:
    """The moments sets were made current, on a ``ProgramStore`` (its database)."""

    def another_set_made_current(self, moments: Iterable[datetime],
                                 order: Iterable[int] | None = None) -> None:
        """Keep the moments a set the patient's results did not send was made current
        (and their places in the patient's order, when the results sent them)."""
        with self._database.write("when the sets were made current"):
            record(self._conn, ANOTHER_SET, moments, order)

    def placed_as_sent(self, sent: Iterable[tuple[str, datetime]]) -> None:
        """``placed_as_sent``: only the activations the newest results sent keep their
        places."""
        with self._database.write("when the sets were made current"):
            placed_as_sent(self._conn, sent)

    def made_current(self, *, tz: tzinfo | None) -> dict[str, list[datetime]]:
        """The moments each set was made current, as far as this store knows them: as kept
        (``tz`` None: what results send), else as a set's sessions are counted by them
        (``timeline``, first days on ``tz``)."""
        with self._database.guard("read when the sets were made current"):
            if tz is None:
                return known(self._conn)
            return timeline(self._conn, tz)

    def activations(self, *, tz: tzinfo) -> list[tuple[str, datetime]]:
        """(set id, moment) of every activation, in the order they were made, as the
        counting reads them (``in_order``; first days on ``tz``):
        ``painease.domain.cohort_set.current_at``'s timeline."""
        with self._database.guard("read when the sets were made current"):
            return in_order(self._conn, tz)

    def activations_kept(self) -> list[tuple[str, datetime, int | None]]:
        """``in_their_order``: what results send."""
        with self._database.guard("read when the sets were made current"):
            return in_their_order(self._conn)
