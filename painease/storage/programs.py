"""Session sets in the database: saved sets, the current one, session links, pinned keys.

Contract
--------
* ``ProgramStore(store)`` works on an open ``SessionStore``'s connection (same file, same
  thread rules, same one-transaction-per-write and ``StoreError`` messages). It owns the
  tables ``programs``, ``program_items``, ``program_sessions`` and ``pinned_keys``.
* ``save_program(program, origin=..., signer_key=..., activate=..., today=...)`` stores a set
  and returns ``'new'``, ``'updated'`` (a higher version replaced the items; sessions stay
  linked by position, count for the item that now plays their script, see
  ``program_status.sessions_by_item``, and ``started_on`` is kept; also a same version with
  ``resent=True``: a pack sent again with changed content), ``'same'`` (same version: the
  set is left as it is, though ``activate=True`` still makes it current) or ``'older'`` (lower
  version: nothing written); a version that plans another number of sessions than the
  one before puts that one's on record (``StoredProgram.planned_before``, kept through
  versions that plan the same; ``painease.storage.set_changes``). ``origin`` is ``'own'`` (made
  here, e.g. by a therapist) or ``'imported'`` (from a pack). ``activate=True`` makes it
  the current set (Home's), starting it ``today`` if it was never started; ``started_on``
  (a patient's day one, from their results) starts it without making it current.
* ``current()`` is the set made current last (or None), in the order the file saw the
  activations (``programs.activation_seq``), never by the computer's clock: a clock that
  ran ahead once must not keep its set current after later imports; deleting the current
  set makes the one before it current again, an activation noted as such
  (``delete_program``). ``activated_at`` is
  the clock's time of the last activation, for display only (every activation's moment is
  kept: ``made_current``, ``painease.storage.set_activations``); ``status(today, tz=...)`` is
  ``program_status.program_status`` for it (or None; a start day too near 9999 for its
  plan is an ``UnreadableValue``: ``set_rows.status_in_calendar``). Sessions are linked
  to items by ``SessionStore.start_session(..., program_item=(set_id, position))`` or
  ``link_session``; ``done_sessions(set_id, tz=...)`` lists the linked sessions that
  count as done, with their day on ``tz``: those heard at least half through, however
  they ended (``program_status.counts_for_set``, the one rule for Home, the therapist's views,
  results and reports alike; a session of a file from before that rule that counted
  then keeps counting: ``sessions.set_counted_before``, schema step 20), each marked when
  the patient stopped it before its end;
  ``linked_sessions`` lists them all, each saying whether it counts and, counted in
  save order, the day it was lived by (``DoneSession.lived_by``: the earliest date of the
  sessions saved after it, when earlier than its own: one dated ahead was lived by then).
  Whether it is counted so is the store's to say (``save_order=None``, the default of
  ``linked_sessions``, ``done_sessions`` and ``status``: ``counts_by_save_order()``, the
  rule ``painease.storage.save_order`` states): a person's own store always, a therapist's
  copy of a patient's results when every session came with the patient's save order
  (results from an older painease keep the today rule there). ``True``/``False`` override;
  ``stopped_too_soon(set_id)`` counts those stopped before half was heard (not done).
  ``followed()`` is the set a patient follows (the current one, else the latest they
  started), as the Patients page and the reports show it.
* ``tz`` is required: which clock a patient's days are on depends on whose view it is, and
  this computer's is rarely the answer on its own. A person's own views pass
  ``painease.storage.zones.own_zone(store)`` (a session done on a trip is on the day it was
  lived); a therapist's view of a patient's imported results passes
  ``patient_zone(store).tz`` (the patient's clock, not the therapist's).
* Pinned keys (``pinned_key``, ``pin_key``, ``pinned_since``, ``therapist_key_name``):
  ``painease.storage.pinned_keys``, whose methods every ``ProgramStore`` has; the links of
  sessions to set items and what they count for (``link_session``, ``session_items``,
  ``done_sessions``, ``linked_sessions``, the save-order questions, ``stopped_too_soon``):
  ``painease.storage.set_links``, the same.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, tzinfo

from painease.domain.program_status import ProgramStatus, planned_total
from painease.domain.programs import Program
from painease.storage import set_activations
from painease.storage.pinned_keys import PinnedKeys
from painease.storage.pinned_keys import therapist_key_name as therapist_key_name
from painease.storage.save_order import is_patient_copy
from painease.storage.set_activations import MadeCurrent
from painease.storage.set_links import SetLinks
from painease.storage.set_rows import status_in_calendar, stored_program
from painease.storage.store import SessionStore
from painease.storage.stored_values import db_time, parse_db_date, parse_db_time

ORIGINS = ("own", "imported")


@dataclass(frozen=True)
class StoredProgram:
    program: Program
    origin: str  # 'own' | 'imported'
    signer_key: str | None  # hex Ed25519 key of the therapist who signed its pack
    started_on: date | None  # the patient's day one (local date); None until activated
    activated_at: datetime | None
    saved_at: datetime
    # Sessions planned before a new version changed that number (None: never changed).
    planned_before: int | None = None


class ProgramStore(PinnedKeys, MadeCurrent, SetLinks):
    """Sets and their progress, on a ``SessionStore``'s connection (same thread)."""

    def __init__(self, store: SessionStore) -> None:
        self._database = store.database  # one storage package, one connection
        self._conn = store.database.conn

    # ---- sets -----------------------------------------------------------------------------

    def save_program(self, program: Program, origin: str = "own",
                     signer_key: str | None = None, activate: bool = False,
                     today: date | None = None, started_on: date | None = None,
                     resent: bool = False, pin_signer: bool = False,
                     replaces: Iterable[str] = (), at: datetime | None = None,
                     activations: Iterable[datetime] | None = None,
                     activation_order: Iterable[int] | None = None) -> str:
        """Store ``program``; returns 'new', 'updated', 'same' or 'older' (see module doc).
        ``pin_signer``: also pin ``signer_key`` for its therapist (``pin_key``, with
        ``replaces``), in the same transaction (unless 'older'). A 'same' set takes
        ``signer_key`` as its signer when one is given: its files are that key's copy.
        ``at``: the moment of this activation (default: now). ``activations``: the moments
        the patient made the set current, from their results (a therapist's copy): they
        are kept instead (with ``activation_order``, their places in the patient's order,
        when sent), and this activation keeps no moment of this computer's
        (``painease.storage.set_activations``)."""
        if origin not in ORIGINS:
            raise ValueError(f"origin must be 'own' or 'imported', got {origin!r}")
        now = db_time(at or datetime.now(UTC))
        day = (today or date.today()).isoformat()
        keep = activations is None  # a therapist's copy keeps the patient's moments
        with self._database.write("the set"):
            row = self._conn.execute(
                "SELECT version, started_on, planned_before FROM programs WHERE id = ?",
                (program.id,)).fetchone()
            set_activations.record(self._conn, program.id, activations or (),
                                   activation_order)
            if row is not None and program.version < row[0]:
                return "older"
            if pin_signer and signer_key:
                self._pin(program.therapist_name, signer_key, replaces)
            if row is not None and program.version == row[0] and not resent:
                if signer_key:
                    self._conn.execute("UPDATE programs SET signer_key = ? WHERE id = ?",
                                       (signer_key, program.id))
                if activate:
                    self._activate(program.id, row[1] or day, now, keep)
                return "same"
            started = ((row[1] if row else None)
                       or (started_on.isoformat() if started_on else None)
                       or (day if activate else None))
            self._conn.execute(
                "INSERT INTO programs (id, version, title, therapist_name, origin, signer_key,"
                " started_on, activated_at, saved_at) VALUES (?, ?, ?, ?, ?, ?, ?, NULL, ?)"
                " ON CONFLICT (id) DO UPDATE SET version = excluded.version,"
                " title = excluded.title, therapist_name = excluded.therapist_name,"
                " origin = excluded.origin, signer_key = excluded.signer_key,"
                " saved_at = excluded.saved_at",
                (program.id, program.version, program.title, program.therapist_name, origin,
                 signer_key, started, now),
            )
            if row is not None:  # the plan before a version changed it (module doc)
                self._keep_planned_before(program, row[2])
            self._conn.execute("DELETE FROM program_items WHERE program_id = ?", (program.id,))
            self._conn.executemany(
                "INSERT INTO program_items (program_id, position, script_id, minutes, note,"
                " schedule) VALUES (?, ?, ?, ?, ?, ?)",
                [(program.id, i.position, i.script_id, float(i.minutes), i.note,
                  json.dumps(i.schedule.to_dict())) for i in program.items],
            )
            if activate:
                self._activate(program.id, started or day, now, keep)
        return "new" if row is None else "updated"

    def _keep_planned_before(self, program: Program, before: int | None) -> None:
        """Put on record how many sessions the set planned before ``program`` replaces it,
        when that number changes (in the caller's transaction)."""
        planned = planned_total(self.program(program.id).program)
        if planned != planned_total(program):
            before = planned
        self._conn.execute("UPDATE programs SET planned_before = ? WHERE id = ?",
                           (before, program.id))

    def activate(self, program_id: str, today: date | None = None,
                 at: datetime | None = None) -> None:
        """Make a saved set the current one (started ``today`` unless started before), at
        the moment ``at`` (default: now)."""
        with self._database.write("the current set"):
            row = self._conn.execute(
                "SELECT started_on FROM programs WHERE id = ?", (program_id,)
            ).fetchone()
            if row is None:
                raise ValueError(f"no set with id {program_id}")
            day = row[0] or (today or date.today()).isoformat()
            now = db_time(at or datetime.now(UTC))
            self._activate(program_id, day, now, True)

    def delete_program(self, program_id: str, at: datetime | None = None) -> None:
        """Forget a set; its sessions stay (their link rows go too), and the moments it
        was made current (``set_activations``). Deleting the current set makes the set
        made current before it the current one (``current``): that is noted as its
        activation at ``at`` (default: now), so practice from then on counts for it."""
        with self._database.write("the removal of the set"):
            was_current = self._conn.execute(
                "SELECT 1 FROM programs WHERE id = ? AND activation_seq = (SELECT"
                " max(activation_seq) FROM programs)", (program_id,)).fetchone()
            self._conn.execute("DELETE FROM program_sessions WHERE program_id = ?",
                               (program_id,))
            self._conn.execute("DELETE FROM programs WHERE id = ?", (program_id,))
            after = self._conn.execute(
                "SELECT id, started_on FROM programs WHERE activation_seq IS NOT NULL"
                " ORDER BY activation_seq DESC LIMIT 1").fetchone()
            if was_current and after is not None:
                self._activate(after[0], after[1], db_time(at or datetime.now(UTC)),
                               not is_patient_copy(self._conn))

    def program(self, program_id: str) -> StoredProgram:
        """The saved set with this id; ``ValueError`` if there is none."""
        found = self._select("WHERE id = ?", (program_id,))
        if not found:
            raise ValueError(f"no set with id {program_id}")
        return found[0]

    def programs(self, origin: str | None = None) -> list[StoredProgram]:
        """Saved sets, newest saved first; only one origin's when ``origin`` is given."""
        if origin is None:
            return self._select("ORDER BY saved_at DESC, id", ())
        return self._select("WHERE origin = ? ORDER BY saved_at DESC, id", (origin,))

    def program_ids(self) -> list[str]:
        """The saved sets' ids, newest saved first, as ``programs`` lists them, but with
        none of their values read: a reader that can do without a set it cannot read reads
        each with ``program`` (``programs`` raises for any one)."""
        with self._database.guard("read the sets"):
            return [row[0] for row in self._conn.execute(
                "SELECT id FROM programs ORDER BY saved_at DESC, id").fetchall()]

    def current(self) -> StoredProgram | None:
        """The set made current last, or None when no set was ever started (the order of
        activations, not of their clock times: see the module doc)."""
        found = self._select(
            "WHERE activation_seq IS NOT NULL ORDER BY activation_seq DESC LIMIT 1", ()
        )
        return found[0] if found else None

    def followed(self) -> StoredProgram | None:
        """The set the patient follows: the current one, else (in a therapist's copy of a
        patient's results, whose current set may be another therapist's) the latest saved
        set they started; None when they started none."""
        current = self.current()
        if current is not None and current.started_on is not None:
            return current
        return next((p for p in self.programs() if p.started_on), None)

    def status(self, today: date | None = None, program_id: str | None = None, *,
               tz: tzinfo, save_order: bool | None = None) -> ProgramStatus | None:
        """Where the patient stands in the current (or the given, started) set ``today``
        (default: today on ``tz``); sessions are counted on the days of the clock ``tz``,
        which has no default: see the module's contract (and for ``save_order``: None, as
        this store knows, ``counts_by_save_order``)."""
        stored = self.program(program_id) if program_id else self.current()
        if stored is None or stored.started_on is None:
            return None
        done = self.done_sessions(stored.program.id, tz=tz, save_order=save_order)
        # A start day too near 9999 for its plan: as unreadable as one that is no date.
        return status_in_calendar(stored.program, stored.started_on, done,
                                  today or datetime.now(tz).date())

    # ---- internals -----------------------------------------------------------------------------

    def _activate(self, program_id: str, started_on: str, now: str, keep: bool) -> None:
        """Make the set current at ``now``, a moment kept among its activations' when
        ``keep`` (a therapist's copy keeps the patient's instead: ``save_program``)."""
        self._conn.execute(
            "UPDATE programs SET started_on = ?, activated_at = ?, activation_seq ="
            " (SELECT coalesce(max(activation_seq), 0) + 1 FROM programs) WHERE id = ?",
            (started_on, now, program_id),
        )
        if keep:
            set_activations.made_now(self._conn, program_id, now)

    def _select(self, where: str, args: tuple) -> list[StoredProgram]:
        with self._database.guard("read the sets"):
            rows = self._conn.execute(
                "SELECT id, version, title, therapist_name, origin, signer_key, started_on,"
                f" activated_at, saved_at, planned_before FROM programs {where}", args
            ).fetchall()
            result = []
            for row in rows:  # a value the set cannot hold: an UnreadableValue (set_rows)
                program = stored_program(self._conn, row[:4])
                result.append(StoredProgram(
                    program, row[4], row[5],
                    parse_db_date(row[6], ("programs", row[0], "started_on"))
                    if row[6] else None,
                    parse_db_time(row[7], ("programs", row[0], "activated_at"))
                    if row[7] else None,
                    parse_db_time(row[8], ("programs", row[0], "saved_at")), row[9],
                ))
        return result

