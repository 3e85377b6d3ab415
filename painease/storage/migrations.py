"""The painease database's schema: every step from an empty file to the newest version.

Contract
--------
* ``MIGRATIONS[i]`` takes a database from schema version ``i`` to ``i + 1``; the schema
  version lives in ``PRAGMA user_version`` and ``SCHEMA_VERSION`` is the newest one this code
  knows. Steps are only ever appended: a released step is never edited, because databases
  already on patients' disks were made by it. Each step's comment says what it adds and why.
* ``APPLICATION_ID`` is written to the file header by the first step, so a painease file
  can be told from another program's (``painease.storage.database.inspect``).
* ``migrate()`` applies each missing step in its own transaction together with the bump of
  ``user_version``, so a crash mid-migration leaves the file at the previous version, never
  half-migrated (SQLite DDL is transactional); a new file is made in one transaction.
  A step that is a ``FromVersion`` is also told the version the file had when this upgrade
  began (``set_counted_before``: what a painease from before the half-heard rule showed).

Opening and recognising the file, and the errors it can raise, are
``painease.storage.database``'s (``open_database`` calls ``migrate``).

Thread rules: plain functions on a connection the caller owns; no module state.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Sequence

# The first steps (versions 0 -> 8) live in their own module, listed here in order below.
from painease.storage.migrations_early import (
    _PATIENT_GROUPS,
    _PHASES,
    _PROGRAMS,
    _PROGRESS,
    _SENT_ZONE,
    _SHIFTS_CUT_AT_END,
    _V1,
    Migration,
    _pins_by_look,
)

# Written by the first step; ``database`` checks it when opening a file.
from painease.storage.migrations_early import APPLICATION_ID as APPLICATION_ID
from painease.storage.migrations_early import script as _script

# Therapist side: the name a patient's results give, kept apart from ``patients.name``,
# the name the therapist shows them by (the first file's, until Rename… changes it). A file
# signed with a patient's key but giving another name than their latest results did is
# asked about before it is merged (``painease.packs.sender_name``); a rename never is.
# In the therapist's own database, beside the key and the label, not in the patient's: it
# says who holds the key, not how their sessions read, and it must be read before anything
# is written (a new patient has no database yet). Patient databases get the column too
# (same schema) and leave it empty. NULL: imported before this step (the name was not
# kept); '': their results gave no name.
_SENT_NAME = _script(
    """
    ALTER TABLE patients ADD COLUMN sent_name TEXT
        CHECK (sent_name IS NULL OR length(sent_name) <= 200)
    """,
)

# The current set is the one made current last in the order this file saw it, not by the
# computer's clock: a set made current while the clock ran ahead kept the latest
# ``activated_at`` and stayed current through every later import. ``activation_seq`` counts
# up with each activation (``ProgramStore._activate``); ``activated_at`` stays, for display.
# Existing sets are numbered in the order the old rule read (latest time last; of equal
# times the smaller id last), so the set a patient sees stays the same until the next
# activation. NULL: never made current.
_ACTIVATION_ORDER = _script(
    """
    ALTER TABLE programs ADD COLUMN activation_seq INTEGER
        CHECK (activation_seq IS NULL OR (typeof(activation_seq) = 'integer'
                                          AND activation_seq >= 1))
    """,
    """
    UPDATE programs SET activation_seq = (
        SELECT count(*) FROM programs p WHERE p.activated_at IS NOT NULL
          AND (p.activated_at < programs.activated_at
               OR (p.activated_at = programs.activated_at AND p.id >= programs.id)))
    WHERE activated_at IS NOT NULL
    """,
)

def _end_after_start(conn: sqlite3.Connection) -> None:
    """A session's end is never before its start. Sessions ended while the computer's clock
    had been set back kept an ``ended_at`` before their ``started_at``; they now end at the
    start plus the audio time they ran, as ``SessionStore.end_session`` keeps such an end
    from here on (``values.end_after_start``). Every other row stays as it is."""
    from painease.storage.values import end_after_start

    rows = conn.execute("SELECT id, started_at, ended_at, elapsed_ms FROM sessions"
                        " WHERE ended_at < started_at").fetchall()
    conn.executemany("UPDATE sessions SET ended_at = ? WHERE id = ?",
                     [(end_after_start(s, e, ms), i) for i, s, e, ms in rows])


def _rated_after_start(conn: sqlite3.Connection) -> None:
    """An after-rating is never before its session's start. Ratings given after the
    computer's clock had been set back kept a ``rated_at`` before the session's
    ``started_at``; they now take the session's end (or its start when it has none), as
    ``SessionStore`` keeps such a rating from here on (``values.rated_after_start``).
    Before-ratings and every other row stay as they are."""
    from painease.storage.values import rated_after_start

    rows = conn.execute(
        "SELECT r.id, r.rated_at, s.started_at, s.ended_at FROM ratings r"
        " JOIN sessions s ON s.id = r.session_id"
        " WHERE r.moment = 'post' AND r.rated_at < s.started_at").fetchall()
    conn.executemany("UPDATE ratings SET rated_at = ? WHERE id = ?",
                     [(rated_after_start("post", r, s, e), i) for i, r, s, e in rows])

# A journal entry imported before its session (results files may come in any order) keeps
# the uid of the session it was written after until that session is here; then it is tied
# to it (``results_store.merge_records``). NULL: tied already, or written after no session.
_AWAITED_SESSION = _script("ALTER TABLE journal_entries ADD COLUMN awaited_session_uid TEXT")



def _sets_take_the_accepted_key(conn: sqlite3.Connection) -> None:
    """A therapist's new key accepted before it was put on record for all their sets:
    their sets still on the old key take it (``painease.storage.accepted_keys``)."""
    from painease.storage.accepted_keys import sets_take_the_accepted_key

    sets_take_the_accepted_key(conn)


# The patient's save order, in a therapist's copy of their results: each session's id in
# the patient's own database, which grows in the order sessions were saved there (the copy's
# own ids follow the order results were imported in). It tells a session dated ahead (the
# clock ran ahead) from one lived on its date (``ProgramStore.linked_sessions``). NULL: a
# session of this database's own, or from results that did not send it.
_SAVED_SEQ = _script(
    """
    ALTER TABLE sessions ADD COLUMN saved_seq INTEGER
        CHECK (saved_seq IS NULL OR (typeof(saved_seq) = 'integer' AND saved_seq >= 1))
    """,
)

# Whose sessions a database holds: one row in ``patient_copy`` when it is a therapist's
# copy of a patient's results (``painease.packs.results.patient_database``; written by
# ``results_store.merge_records``, the only way sessions get into one), none in a person's
# own store. Its sessions' ids then follow the order results were imported in, not the
# patient's save order (``ProgramStore.counts_by_save_order``). Databases from before are
# marked when they hold what only results bring: a session's save order or the patient's
# zone (only a results file sends those), or a set imported without a signer (a pack
# always names one; results never did). A copy with none of those holds no set to count
# and is marked by its next import.
_PATIENT_COPY = _script(
    "CREATE TABLE patient_copy (id INTEGER PRIMARY KEY CHECK (id = 1))",
    """
    INSERT INTO patient_copy (id) SELECT 1 WHERE
        EXISTS (SELECT 1 FROM sessions WHERE saved_seq IS NOT NULL)
        OR EXISTS (SELECT 1 FROM sent_zone)
        OR EXISTS (SELECT 1 FROM programs WHERE origin = 'imported' AND signer_key IS NULL)
    """,
)

# How many sessions a set planned before a new version changed that number
# (``ProgramStore.save_program``): a version that plans fewer can leave sessions already
# done beyond its plan, and progress goes down ("3 of 5" to "2 of 3"); Home's import
# message and the Patients page say why (``painease.storage.set_changes``). Kept through
# later versions that plan as many as the one before. NULL: never changed (or changed
# before this step, which cannot be told now).
_PLANNED_BEFORE = _script(
    """
    ALTER TABLE programs ADD COLUMN planned_before INTEGER
        CHECK (planned_before IS NULL OR (typeof(planned_before) = 'integer'
                                          AND planned_before >= 0))
    """,
)

# Every moment a set was made current, not only the last (``programs.activated_at``): a
# session done from the Library counts for the set that was current when it started
# (``painease.domain.cohort_set``), so a set started in the afternoon is not credited with
# that morning's practice, and two sets whose weeks overlap do not both count a session.
# A person's own store writes a row at each activation (``ProgramStore``); a therapist's
# copy of a patient's results holds only the moments their results sent
# (``painease.storage.set_activations``). Own stores keep the one moment they knew (the
# last); a copy's ``activated_at`` is the therapist's import time, so it gives none.
_SET_ACTIVATIONS = _script(
    """
    CREATE TABLE set_activations (
        program_id   TEXT NOT NULL,
        activated_at TEXT NOT NULL,
        PRIMARY KEY (program_id, activated_at)
    )
    """,
    """
    INSERT INTO set_activations (program_id, activated_at)
        SELECT id, activated_at FROM programs
        WHERE activated_at IS NOT NULL AND NOT EXISTS (SELECT 1 FROM patient_copy)
    """,
)


def _activation_seq(conn: sqlite3.Connection) -> None:
    """Each activation's place in the order the sets were made current
    (``set_activations.seq``): a Library session counts for the set made current last
    before it started in that order, as Home's current set goes
    (``programs.activation_seq``), not for the one whose clock time is latest (a set made
    current while the clock ran ahead stayed credited after a later one; of two in one
    millisecond the smaller id won). A person's own store numbers its rows in the order
    they were written, each set's latest activation in the order Home knows them
    (``programs.activation_seq``: the rows the step before copied were written in no
    such order); a therapist's copy leaves them unknown (NULL) until the patient's
    results send them, and counts by the moments until then (``set_activations``).
    Before this step a set made current again in the millisecond of one of its rows
    wrote none (the row was kept once): Home's order places it when that row is the
    set's latest; one the set was made current after again keeps where it was written,
    as nothing kept says otherwise (three activations in one millisecond, which no one
    makes by hand)."""
    conn.execute("ALTER TABLE set_activations ADD COLUMN seq INTEGER"
                 " CHECK (seq IS NULL OR (typeof(seq) = 'integer' AND seq > 0))")
    if conn.execute("SELECT 1 FROM patient_copy").fetchone():
        return
    rows = conn.execute(
        "SELECT a.rowid, p.activation_seq FROM set_activations a LEFT JOIN programs p"
        " ON p.id = a.program_id AND p.activated_at = a.activated_at ORDER BY a.rowid"
    ).fetchall()
    latest = iter(sorted((seq, rowid) for rowid, seq in rows if seq is not None))
    order = [next(latest)[1] if seq is not None else rowid for rowid, seq in rows]
    conn.executemany("UPDATE set_activations SET seq = ? WHERE rowid = ?",
                     [(place, rowid) for place, rowid in enumerate(order, 1)])


class FromVersion:
    """A step that also needs the version the file had when this upgrade began: what an
    older painease showed from the file can depend on it. ``migrate`` calls
    ``run(conn, began_at)``. (A plain class: this module loads at start-up.)"""

    __slots__ = ("run",)

    def __init__(self, run: Callable[[sqlite3.Connection, int], None]) -> None:
        self.run = run


# Up to version 10, painease counted every set session that ended (completed or stopped
# early) however little of it was heard; the painease that added step 11 and every one
# after counts one when at least half of it was heard (``program_status.counts_for_set``).
# A file from before then showed its patient fewer sessions done once it was upgraded
# ("4 of 14" became "2 of 14"). Its sessions that counted then keep counting:
# ``set_counted_before`` is 1 on each session that was linked to a set and had ended so
# when the file, at version 10 or below, began its upgrade. NULL: counted by the rule alone
# (every session recorded since, and every one of a file a later painease made or opened:
# it showed them by the rule). The painease that brought the rule in still wrote version
# 10, so a file it last opened gets its short sessions counted again: nothing tells the
# two apart, and a count going back up to what it once showed is kinder than one going
# down. An
# upgrade cut off between steps 11 and 19 leaves its file at one of those versions, which
# a later painease could have made too: its sessions are counted by the rule, as such a
# file's are.
_BEFORE_HALF_RULE = 10  # the newest version an older-rule painease wrote


def _set_counts_kept(conn: sqlite3.Connection, began_at: int) -> None:
    conn.execute("ALTER TABLE sessions ADD COLUMN set_counted_before INTEGER"
                 " CHECK (set_counted_before IS NULL OR set_counted_before = 1)")
    if began_at <= _BEFORE_HALF_RULE:
        conn.execute("UPDATE sessions SET set_counted_before = 1"
                     " WHERE outcome IN ('completed', 'stopped_early')"
                     " AND id IN (SELECT session_id FROM program_sessions)")


MIGRATIONS: Sequence[Migration | FromVersion] = (
    _V1, _PHASES, _PROGRAMS, _PATIENT_GROUPS, _pins_by_look, _SHIFTS_CUT_AT_END, _PROGRESS,
    _SENT_ZONE, _SENT_NAME, _ACTIVATION_ORDER, _end_after_start, _rated_after_start,
    _AWAITED_SESSION, _sets_take_the_accepted_key, _SAVED_SEQ, _PATIENT_COPY,
    _PLANNED_BEFORE, _SET_ACTIVATIONS, _activation_seq, FromVersion(_set_counts_kept))
SCHEMA_VERSION = len(MIGRATIONS)


def migrate(conn: sqlite3.Connection,
            steps: Sequence[Migration | FromVersion] = MIGRATIONS) -> int:
    """Apply the steps after the file's current version; return the version reached.

    ``conn`` must be in autocommit mode (``isolation_level=None``) so the explicit
    transactions here are the only ones. Each step runs under ``BEGIN IMMEDIATE`` so a second
    painease process cannot interleave its own migration, and in its own transaction, so a
    file that held data keeps every step that succeeded. A new file (version 0) is made in
    one transaction instead: there is nothing to keep if a step fails, the file is either
    complete or still empty, and it costs one fsync instead of one per step (~1 ms of a
    first start).
    """
    version = conn.execute("PRAGMA user_version").fetchone()[0]
    began_at = None  # the version this upgrade began at, read under the write lock
    while version < len(steps):
        conn.execute("BEGIN IMMEDIATE")
        try:
            # Re-read inside the write lock: another process may have migrated meanwhile,
            # even all the way (two processes opening one new file): then nothing is left.
            version = conn.execute("PRAGMA user_version").fetchone()[0]
            began_at = version if began_at is None else began_at
            last = len(steps) if version == 0 else min(version + 1, len(steps))
            while version < last:
                step = steps[version]
                if isinstance(step, FromVersion):
                    step.run(conn, began_at)
                else:
                    step(conn)
                version += 1
                conn.execute(f"PRAGMA user_version = {version}")
            conn.execute("COMMIT")
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise
    return version
