"""The first steps of the painease database's schema (versions 0 to 8), released long ago.

``painease.storage.migrations`` lists every step in order and applies them (its contract
holds for these too); the steps here are kept apart only so neither module grows past a
readable size. Like every released step, they are never edited: databases already on
patients' disks were made by them. Each step's comment says what it adds and why.

Thread rules: plain functions on a connection the caller owns; no module state.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable

# "PAIN" in ASCII. Written to the file header so a painease database can be recognised even
# when another program happens to use the same user_version numbers.
APPLICATION_ID = 0x5041494E


Migration = Callable[[sqlite3.Connection], None]


def script(*statements: str) -> Migration:
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
_V1 = script(
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
_PHASES = script(
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
_PROGRAMS = script(
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
_PATIENT_GROUPS = script("ALTER TABLE patients ADD COLUMN cohort_group TEXT")



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
_SHIFTS_CUT_AT_END = script(
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
_PROGRESS = script(
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
_SENT_ZONE = script(
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
