"""The links of sessions to set items, and what each linked session counts for.

``SetLinks`` holds these methods for ``painease.storage.programs.ProgramStore`` (which
owns the table ``program_sessions`` with the sets, and states the rules in its module
doc): ``link_session``, ``session_item``, ``session_items``; ``done_sessions`` and
``linked_sessions`` (the sessions that count as done for a set, ``counts_for_set``, each
on its day on the clock ``tz`` and, counted in save order, with the day it was lived by);
whether the store counts by save order (``save_order_known``, ``is_patient_copy``,
``counts_by_save_order``: ``painease.storage.save_order``); ``stopped_too_soon``. It
works on the store's ``_database`` and ``_conn``, same thread rules, same ``StoreError``
messages.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, tzinfo

from painease.domain.program_status import DoneSession, counts_for_set
from painease.storage.save_order import (
    counts_by_save_order,
    is_patient_copy,
    lived_by,
    save_order_known,
    session_day,
)


@dataclass(frozen=True)
class LinkedSession:
    """A session linked to a set item: its id, its link (``done.position``) and day, and
    whether it counts as done for the set (``counts``)."""

    session_id: int
    done: DoneSession
    counts: bool


class SetLinks:
    """The session-link half of ``ProgramStore`` (see the module doc)."""

    def link_session(self, session_id: int, program_id: str, position: int) -> None:
        """Link an existing session to a set item (replacing any earlier link)."""
        with self._database.write("the link to the set"):
            self._database.require_session(session_id)
            self._conn.execute(
                "INSERT INTO program_sessions (session_id, program_id, position)"
                " VALUES (?, ?, ?) ON CONFLICT (session_id) DO UPDATE SET"
                " program_id = excluded.program_id, position = excluded.position",
                (session_id, program_id, position),
            )

    def session_item(self, session_id: int) -> tuple[str, int] | None:
        """(set id, position) the session was done for, or None."""
        with self._database.guard("read the set link"):
            row = self._conn.execute(
                "SELECT program_id, position FROM program_sessions WHERE session_id = ?",
                (session_id,),
            ).fetchone()
        return (row[0], row[1]) if row else None

    def session_items(self) -> dict[int, tuple[str, int]]:
        """``session_item`` of every linked session in one read, keyed by session id."""
        with self._database.guard("read the set links"):
            rows = self._conn.execute(
                "SELECT session_id, program_id, position FROM program_sessions").fetchall()
        return {sid: (program_id, position) for sid, program_id, position in rows}

    def done_sessions(self, program_id: str, *, tz: tzinfo,
                      save_order: bool | None = None) -> list[DoneSession]:
        """Linked sessions that count as done (``program_status.counts_for_set``: at least
        half of it heard, however it ended), with their day on the clock ``tz``."""
        return [linked.done for linked in self.linked_sessions(program_id, tz=tz,
                                                               save_order=save_order)
                if linked.counts]

    def linked_sessions(self, program_id: str, *, tz: tzinfo,
                        save_order: bool | None = None,
                        days: dict[int, date | None] | None = None
                        ) -> list[LinkedSession]:
        """Every session linked to the set, oldest first, and whether it counts as done
        (``program_status.counts_for_set``), its day on the clock ``tz``; in save order
        (``save_order``; None: when this store knows it, ``counts_by_save_order``), the
        day each was lived by (see the module's contract). ``days``: every session's
        day on ``tz`` by id, when the caller has worked them out already (one not in them
        is converted here, ``save_order.session_day``: with ``days``, one whose start
        cannot be read, or whose day there is None, is left out, as the caller left it
        out)."""
        with self._database.guard("read the set's sessions"):
            rows = self._conn.execute(
                "SELECT s.id, l.position, s.started_at, s.script_id, s.length_minutes,"
                " s.outcome, coalesce(s.played_ms, s.elapsed_ms), s.set_counted_before"
                " FROM program_sessions l"
                " JOIN sessions s ON s.id = l.session_id"
                " WHERE l.program_id = ? ORDER BY s.started_at, s.id",
                (program_id,),
            ).fetchall()
            if save_order is None:
                save_order = self.counts_by_save_order()
            lived_by = self._lived_by(tz, days) if save_order else {}
        linked = []
        for sid, p, t, script, minutes, outcome, heard, kept in rows:
            day = session_day(sid, t, tz, days)
            if day is None:
                continue  # the caller left it out: its start, or another value, cannot be read
            bound = lived_by.get(sid)
            linked.append(LinkedSession(
                sid, DoneSession(p, day, script, minutes,
                                 ended_early=outcome == "stopped_early",
                                 lived_by=bound if bound is not None and bound < day
                                 else None),
                counts_for_set(outcome, heard, minutes, bool(kept))))
        return linked

    def _lived_by(self, tz: tzinfo, days: dict[int, date | None] | None = None
                  ) -> dict[int, date]:
        """``save_order.lived_by`` on this store (module doc)."""
        return lived_by(self._conn, tz, days)

    def save_order_known(self) -> bool:
        """Whether every session here carries the patient's save order
        (``save_order.save_order_known``: a therapist's copy whose results all sent it)."""
        with self._database.guard("read the sessions' save order"):
            return save_order_known(self._conn)

    def is_patient_copy(self) -> bool:
        """Whether this store is a therapist's copy of a patient's results, not a
        person's own (``save_order.is_patient_copy``)."""
        with self._database.guard("read whose sessions these are"):
            return is_patient_copy(self._conn)

    def counts_by_save_order(self) -> bool:
        """Whether this store knows its sessions' save order, so its sets count by it
        (what ``save_order=None`` means: ``save_order.counts_by_save_order``)."""
        with self._database.guard("read the sessions' save order"):
            return counts_by_save_order(self._conn)

    def stopped_too_soon(self, program_id: str) -> int:
        """How many of the set's linked sessions the patient stopped before half of it was
        heard, so they do not count (``counts_for_set``); ones the app was closed in are
        not among them (the patient did not choose to stop those), nor ones that count as
        they did under an older painease's rule (``set_counted_before``)."""
        with self._database.guard("read the set's sessions"):
            rows = self._conn.execute(
                "SELECT s.length_minutes, coalesce(s.played_ms, s.elapsed_ms)"
                " FROM program_sessions l JOIN sessions s ON s.id = l.session_id"
                " WHERE l.program_id = ? AND s.outcome = 'stopped_early'"
                " AND s.set_counted_before IS NULL",
                (program_id,),
            ).fetchall()
        return sum(not counts_for_set("stopped_early", heard, minutes)
                   for minutes, heard in rows)
