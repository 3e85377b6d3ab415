"""A database from before the half-heard rule keeps the set progress its patient saw.

Up to schema version 10, painease counted every set session that ended (reached its end
or stopped early), however little of it was heard; today a session counts when at least
half of it was heard (``program_status.counts_for_set``). Opened by today's painease, such a
file showed fewer sessions done than the day before ("4 of 14" became "2 of 14"). Its
sessions that counted then keep counting (``sessions.set_counted_before``); those the
rule now counts and the old one did not (the app died at 9:58 of 10:00) count too, and
every session recorded after the upgrade follows the rule alone.
"""

from __future__ import annotations

import json
import sqlite3
from datetime import UTC, date, datetime

from painease.storage import SessionStore, migrations
from painease.storage.programs import ProgramStore

SCRIPT = "somatic-tracking-first-steps"
SCHEDULE = json.dumps({"times_per_week": 7, "weeks": 2, "start_week": 0})
TODAY = date(2026, 11, 9)
SET_ID = "7c9e6679-7425-40de-944b-e07fc1f90ae7"

# (day of Nov 2026, outcome, where it ended, time played): each a 10-minute session of
# the set's item; the old rule counted the first four.
SESSIONS = [
    (2, "stopped_early", 4_000, 4_000),  # stopped after 4 seconds
    (3, "completed", 600_000, 60_000),  # "Next" to its end: 1:00 of it played
    (4, "completed", 600_000, 600_000),
    (5, "stopped_early", 120_000, 120_000),  # stopped at 2:00
    (6, "interrupted", 598_000, 597_500),  # the app died at 9:58
]


def _older_file(path, version: int) -> None:
    """A file at schema ``version`` as that painease left it: the set "Two weeks" (daily
    for two weeks from 2 Nov, made current) and ``SESSIONS`` done for it."""
    conn = sqlite3.connect(path, isolation_level=None)
    try:
        assert migrations.migrate(conn, migrations.MIGRATIONS[:version]) == version
        conn.execute(
            "INSERT INTO programs (id, version, title, therapist_name, origin, started_on,"
            " activated_at, saved_at, activation_seq) VALUES (?, 1, 'Two weeks',"
            " 'Dr. Ana Moreno', 'own', '2026-11-02', '2026-11-02T08:00:00.000Z',"
            " '2026-11-02T08:00:00.000Z', 1)", (SET_ID,))
        conn.execute("INSERT INTO program_items VALUES (?, 1, ?, 10, NULL, ?)",
                     (SET_ID, SCRIPT, SCHEDULE))
        for sid, (day, outcome, ended_ms, played_ms) in enumerate(SESSIONS, 1):
            conn.execute(
                "INSERT INTO sessions (id, uid, script_id, script_version, length_minutes,"
                " started_at, ended_at, elapsed_ms, outcome, reached_ms, played_ms)"
                " VALUES (?, ?, ?, 1, 10, ?, ?, ?, ?, ?, ?)",
                (sid, f"{sid:032x}", SCRIPT, f"2026-11-{day:02d}T09:00:00.000Z",
                 f"2026-11-{day:02d}T09:10:00.000Z", ended_ms, outcome, ended_ms,
                 played_ms))
            conn.execute("INSERT INTO program_sessions VALUES (?, ?, 1)", (sid, SET_ID))
    finally:
        conn.close()


def _counted_days(sets: ProgramStore) -> list[int]:
    return [d.day.day for d in sets.done_sessions(SET_ID, tz=UTC)]


def test_a_file_from_before_the_rule_keeps_the_sessions_that_counted_then(tmp_path):
    db = tmp_path / "painease.sqlite3"
    before_rule = migrations.MIGRATIONS.index(migrations._end_after_start)  # version 10
    _older_file(db, before_rule)
    with SessionStore(db) as store:
        sets = ProgramStore(store)
        # The four the old painease counted, and the one the rule adds: none is lost.
        assert _counted_days(sets) == [2, 3, 4, 5, 6]
        status = sets.status(TODAY, tz=UTC)
        assert status.progress_text == "5 of 14 done"
        assert status.ended_early == 2
        assert sets.stopped_too_soon(SET_ID) == 0
        # A session recorded from now on follows the rule: 4 seconds do not count.
        sid = store.start_session(SCRIPT, 1, 10, started_at=datetime(2026, 11, 9, 9,
                                                                     tzinfo=UTC),
                                  program_item=(SET_ID, 1))
        store.end_session(sid, "stopped_early", 4_000, played_ms=4_000)
        assert _counted_days(sets) == [2, 3, 4, 5, 6]
        assert sets.stopped_too_soon(SET_ID) == 1
    with SessionStore(db) as store:  # opened again: the same
        assert ProgramStore(store).status(TODAY, tz=UTC).progress_text == "5 of 14 done"


def test_a_file_made_under_the_rule_is_counted_by_it(tmp_path):
    """From version 11 on, every painease counted by the rule: its patient never saw the
    short sessions counted, so nothing is kept for them."""
    db = tmp_path / "painease.sqlite3"
    _older_file(db, migrations.MIGRATIONS.index(migrations._end_after_start) + 1)
    with SessionStore(db) as store:
        sets = ProgramStore(store)
        assert _counted_days(sets) == [4, 6]
        assert sets.status(TODAY, tz=UTC).progress_text == "2 of 14 done"
        assert sets.stopped_too_soon(SET_ID) == 2
