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

Opening and recognising the file, and the errors it can raise, are
``painease.storage.database``'s (``open_database`` calls ``migrate``).

Thread rules: plain functions on a connection the caller owns; no module state.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Sequence

# "PAIN" in ASCII. Written to the file header so a painease database can be recognised even
# when another program happens to use the same user_version numbers.
APPLICATION_ID = 0x5041494E


Migration = Callable[[sqlite3.Connection], None]


def _script(*statements: str) -> Migration:
    """A migration made of plain SQL statements, run one by one on the caller's transaction.

    ``executescript`` is not used on purpose: it commits any open transaction first, which
    would break the one-step-one-transaction rule.
    """

    def run(conn: sqlite3.Connection) -> None:
        for statement in statements:
            conn.execute(statement)

    return run


# Version 0 -> 1: the first schema. Types are enforced with CHECK (typeof ...) rather than
# STRICT tables so that older system SQLite libraries (< 3.37) can still open the file.
_V1 = _script(
    """
    CREATE TABLE sessions (
        id             INTEGER PRIMARY KEY,
        script_id      TEXT    NOT NULL CHECK (length(script_id) > 0),
        script_version INTEGER NOT NULL CHECK (typeof(script_version) = 'integer'
                                               AND script_version >= 0),
        length_minutes REAL    NOT NULL CHECK (length_minutes > 0),
        started_at     TEXT    NOT NULL,
        ended_at       TEXT,
        elapsed_ms     INTEGER CHECK (elapsed_ms IS NULL
                                      OR (typeof(elapsed_ms) = 'integer' AND elapsed_ms >= 0)),
        outcome        TEXT    NOT NULL DEFAULT 'in_progress'
                       CHECK (outcome IN ('in_progress', 'completed', 'stopped_early',
                                          'interrupted')),
        audio_note     TEXT
    )
    """,
    "CREATE INDEX sessions_by_start ON sessions (started_at, id)",
    """
    CREATE TABLE ratings (
        id         INTEGER PRIMARY KEY,
        session_id INTEGER NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
        moment     TEXT    NOT NULL CHECK (moment IN ('pre', 'post')),
        pain       INTEGER NOT NULL CHECK (typeof(pain) = 'integer' AND pain BETWEEN 0 AND 10),
        fear       INTEGER NOT NULL CHECK (typeof(fear) = 'integer' AND fear BETWEEN 0 AND 10),
        note       TEXT,
        rated_at   TEXT    NOT NULL,
        UNIQUE (session_id, moment)
    )
    """,
    """
    CREATE TABLE live_samples (
        session_id INTEGER NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
        t_ms       INTEGER NOT NULL CHECK (typeof(t_ms) = 'integer' AND t_ms >= 0),
        value      REAL    NOT NULL CHECK (value BETWEEN 0 AND 10)
    )
    """,
    "CREATE INDEX live_samples_by_session ON live_samples (session_id, t_ms)",
    """
    CREATE TABLE journal_entries (
        id         INTEGER PRIMARY KEY,
        session_id INTEGER REFERENCES sessions (id) ON DELETE SET NULL,
        written_at TEXT    NOT NULL,
        text       TEXT    NOT NULL CHECK (length(trim(text)) > 0)
    )
    """,
    f"PRAGMA application_id = {APPLICATION_ID}",
)

# Phase marks and a cache of within-session phase shifts (insights). A mark is the start
# (audio-clock ms) of each run of one phase on the session's fitted timeline. The shift cache
# holds one row per session, phase and window: the usable phase starts and their mean shift
# (NULL when none was usable); it is derived data, filled when a session ends or lazily.
_PHASES = _script(
    """
    CREATE TABLE session_phases (
        session_id INTEGER NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
        t_ms       INTEGER NOT NULL CHECK (typeof(t_ms) = 'integer' AND t_ms >= 0),
        phase      TEXT    NOT NULL CHECK (length(phase) > 0),
        PRIMARY KEY (session_id, t_ms)
    )
    """,
    "CREATE INDEX session_phases_by_phase ON session_phases (phase, session_id)",
    """
    CREATE TABLE session_phase_shifts (
        session_id INTEGER NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
        phase      TEXT    NOT NULL,
        window_ms  INTEGER NOT NULL,
        n_events   INTEGER NOT NULL,
        shift      REAL,
        PRIMARY KEY (phase, window_ms, session_id)
    )
    """,
)

# Sets, packs and results (issue #7): programs and their items, the link from a session to
# the item it was done for, pinned therapist keys, and (therapist side) patients and their
# imported results. Sessions and journal entries get a stable random ``uid`` (filled for
# existing rows, and by a trigger for every new row) so results imported twice never
# duplicate. Session links are by (program id, position), not by item row, so a newer
# version of a set keeps the sessions already done.
_PROGRAMS = _script(
    """
    CREATE TABLE programs (
        id             TEXT    PRIMARY KEY CHECK (length(id) > 0),
        version        INTEGER NOT NULL CHECK (typeof(version) = 'integer' AND version >= 1),
        title          TEXT    NOT NULL,
        therapist_name TEXT    NOT NULL,
        origin         TEXT    NOT NULL CHECK (origin IN ('own', 'imported')),
        signer_key     TEXT,
        started_on     TEXT,
        activated_at   TEXT,
        saved_at       TEXT    NOT NULL
    )
    """,
    """
    CREATE TABLE program_items (
        program_id TEXT    NOT NULL REFERENCES programs (id) ON DELETE CASCADE,
        position   INTEGER NOT NULL CHECK (typeof(position) = 'integer' AND position >= 1),
        script_id  TEXT    NOT NULL,
        minutes    REAL    NOT NULL CHECK (minutes > 0),
        note       TEXT,
        schedule   TEXT    NOT NULL,
        PRIMARY KEY (program_id, position)
    )
    """,
    """
    CREATE TABLE program_sessions (
        session_id INTEGER PRIMARY KEY REFERENCES sessions (id) ON DELETE CASCADE,
        program_id TEXT    NOT NULL,
        position   INTEGER NOT NULL CHECK (typeof(position) = 'integer' AND position >= 1)
    )
    """,
    "CREATE INDEX program_sessions_by_program ON program_sessions (program_id, position)",
    """
    CREATE TABLE pinned_keys (
        therapist      TEXT PRIMARY KEY,
        therapist_name TEXT NOT NULL,
        public_key     TEXT NOT NULL,
        pinned_at      TEXT NOT NULL
    )
    """,
    """
    CREATE TABLE patients (
        key_id           TEXT PRIMARY KEY,
        public_key       TEXT NOT NULL UNIQUE,
        name             TEXT NOT NULL,
        first_seen_at    TEXT NOT NULL,
        last_imported_at TEXT NOT NULL
    )
    """,
    """
    CREATE TABLE result_imports (
        id           INTEGER PRIMARY KEY,
        patient_key  TEXT    NOT NULL REFERENCES patients (key_id) ON DELETE CASCADE,
        period_from  TEXT    NOT NULL,
        period_to    TEXT    NOT NULL,
        created_at   TEXT    NOT NULL,
        imported_at  TEXT    NOT NULL,
        sessions_new INTEGER NOT NULL,
        sessions_updated INTEGER NOT NULL
    )
    """,
    "ALTER TABLE sessions ADD COLUMN uid TEXT",
    "UPDATE sessions SET uid = lower(hex(randomblob(16)))",
    "CREATE UNIQUE INDEX sessions_by_uid ON sessions (uid)",
    """
    CREATE TRIGGER sessions_fill_uid AFTER INSERT ON sessions WHEN NEW.uid IS NULL
    BEGIN UPDATE sessions SET uid = lower(hex(randomblob(16))) WHERE id = NEW.id; END
    """,
    "ALTER TABLE journal_entries ADD COLUMN uid TEXT",
    "UPDATE journal_entries SET uid = lower(hex(randomblob(16)))",
    "CREATE UNIQUE INDEX journal_entries_by_uid ON journal_entries (uid)",
    """
    CREATE TRIGGER journal_entries_fill_uid AFTER INSERT ON journal_entries
    WHEN NEW.uid IS NULL
    BEGIN UPDATE journal_entries SET uid = lower(hex(randomblob(16))) WHERE id = NEW.id; END
    """,
)

# Therapist side: a group of the therapist's own choosing per patient, for the Outcomes
# view (NULL: none).
_PATIENT_GROUPS = _script("ALTER TABLE patients ADD COLUMN cohort_group TEXT")



def _pins_by_look(conn: sqlite3.Connection) -> None:
    """Pinned keys are found by how the therapist's name reads (``look_alike_key``), no
    longer by its case-folded letters. Existing pins get the new key name; of pins whose
    names read the same, the first trusted one stays (a later one was a look-alike)."""
    from painease.domain.shown_text import look_alike_key

    rows = conn.execute("SELECT therapist_name, public_key, pinned_at FROM pinned_keys"
                        " ORDER BY pinned_at, therapist").fetchall()
    conn.execute("DELETE FROM pinned_keys")
    conn.executemany(
        "INSERT INTO pinned_keys (therapist, therapist_name, public_key, pinned_at)"
        " VALUES (?, ?, ?, ?) ON CONFLICT (therapist) DO NOTHING",
        [(look_alike_key(name), name, key, at) for name, key, at in rows])


# Phase shifts are cut at the session's end (``live_shifts.trace_shift``): a phase start at
# or after the end no longer counts, and the window after a start is cut there. Cached rows
# of a phase with a start whose window reached past the end (or of a session whose end is
# unknown) were computed as if the session had run on: they are dropped, and the next
# summary recomputes them. Every other row comes out the same under the new rule and stays.
_SHIFTS_CUT_AT_END = _script(
    """
    DELETE FROM session_phase_shifts WHERE EXISTS (
        SELECT 1 FROM session_phases p JOIN sessions s ON s.id = p.session_id
        WHERE p.session_id = session_phase_shifts.session_id
          AND p.phase = session_phase_shifts.phase
          AND (s.elapsed_ms IS NULL OR p.t_ms + session_phase_shifts.window_ms > s.elapsed_ms)
    )
    """,
)

# How far a session got, and how much of it played. ``reached_ms`` is the audio-clock
# position a running session saves every few seconds (with its live ratings), so a session
# the app died in keeps how far it got even without live ratings (``mark_interrupted``).
# ``played_ms`` is the audio time that actually played: pauses do not count, and neither
# does what a seek or "Next" jumped over, so a session skipped to its end is not read as a
# full one. NULL in both: not known (sessions from before this step, or results files
# from an older painease).
_PROGRESS = _script(
    """
    ALTER TABLE sessions ADD COLUMN reached_ms INTEGER
        CHECK (reached_ms IS NULL OR (typeof(reached_ms) = 'integer' AND reached_ms >= 0))
    """,
    """
    ALTER TABLE sessions ADD COLUMN played_ms INTEGER
        CHECK (played_ms IS NULL OR (typeof(played_ms) = 'integer' AND played_ms >= 0))
    """,
)

# The patient's clock (``painease.storage.zones``). Each session's UTC offset at its start:
# for a person's own sessions their computer's clock when they started it (NULL: started by
# a painease from before it was recorded; results then send today's offset), for imported
# ones what the results said (NULL: not sent). And, on the therapist's side, the IANA name
# of the patient's zone from the newest results that gave one (one row; a NULL name: those
# results could not tell it).
_SENT_ZONE = _script(
    """
    ALTER TABLE sessions ADD COLUMN utc_offset_minutes INTEGER
        CHECK (utc_offset_minutes IS NULL OR (typeof(utc_offset_minutes) = 'integer'
               AND utc_offset_minutes BETWEEN -1080 AND 1080))
    """,
    """
    CREATE TABLE sent_zone (
        id      INTEGER PRIMARY KEY CHECK (id = 1),
        name    TEXT CHECK (name IS NULL OR length(name) BETWEEN 1 AND 100),
        sent_at TEXT NOT NULL
    )
    """,
)

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


MIGRATIONS: Sequence[Migration] = (_V1, _PHASES, _PROGRAMS, _PATIENT_GROUPS, _pins_by_look,
                                   _SHIFTS_CUT_AT_END, _PROGRESS, _SENT_ZONE, _SENT_NAME,
                                   _ACTIVATION_ORDER, _end_after_start, _rated_after_start,
                                   _AWAITED_SESSION, _sets_take_the_accepted_key, _SAVED_SEQ)
SCHEMA_VERSION = len(MIGRATIONS)


def migrate(conn: sqlite3.Connection, steps: Sequence[Migration] = MIGRATIONS) -> int:
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
    while version < len(steps):
        conn.execute("BEGIN IMMEDIATE")
        try:
            # Re-read inside the write lock: another process may have migrated meanwhile,
            # even all the way (two processes opening one new file): then nothing is left.
            version = conn.execute("PRAGMA user_version").fetchone()[0]
            last = len(steps) if version == 0 else min(version + 1, len(steps))
            while version < last:
                steps[version](conn)
                version += 1
                conn.execute(f"PRAGMA user_version = {version}")
            conn.execute("COMMIT")
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise
    return version
