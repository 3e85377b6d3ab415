"""A session's end is never before its start (a real file): when the computer's clock was
set back during a session, the end kept is the start plus the audio time it ran (the audio
clock is the session's clock), in new sessions, in old files and in imported results."""

from __future__ import annotations

import csv
import sqlite3
from datetime import UTC, datetime, timedelta

import pytest

from painease.storage import SessionStore, export_csv, migrations
from painease.storage.results import SessionRecord

START = datetime(2026, 11, 20, 9, 0, tzinfo=UTC)


def test_an_end_the_clock_put_before_the_start_is_kept_as_start_plus_time_run(tmp_path):
    with SessionStore(tmp_path / "painease.sqlite3") as store:
        sid = store.start_session("paced-breathing", 2, 5, started_at=START)
        store.end_session(sid, "completed", 300_000, ended_at=START - timedelta(hours=2),
                          played_ms=300_000)
        session = store.session(sid)
        assert session.ended_at == START + timedelta(minutes=5)
        assert session.outcome == "completed"
        # An end after the start is kept exactly as given.
        other = store.start_session("paced-breathing", 2, 5, started_at=START)
        store.end_session(other, "stopped_early", 60_000,
                          ended_at=START + timedelta(minutes=7))
        assert store.session(other).ended_at == START + timedelta(minutes=7)
        # The CSV files a therapist gets carry the kept end.
        export_csv(store, tmp_path / "csv")
    with open(tmp_path / "csv" / "sessions.csv", encoding="utf-8-sig") as f:
        rows = list(csv.DictReader(f))
    assert all(row["ended_at"] >= row["started_at"] for row in rows)


def test_an_old_files_sessions_that_ended_before_they_started_are_repaired(tmp_path):
    db = tmp_path / "painease.sqlite3"
    conn = sqlite3.connect(db, isolation_level=None)
    step = migrations.MIGRATIONS.index(migrations._ACTIVATION_ORDER) + 1
    try:
        assert migrations.migrate(conn, migrations.MIGRATIONS[:step]) == step
        conn.executemany(
            "INSERT INTO sessions (id, script_id, script_version, length_minutes, started_at,"
            " ended_at, elapsed_ms, outcome) VALUES (?, 's', 1, 5, ?, ?, ?, ?)",
            [(1, "2026-11-20T09:00:00.000Z", "2026-11-20T07:05:00.000Z", 300_000,
              "completed"),
             (2, "2026-11-21T09:00:00.000Z", "2026-11-21T09:05:00.000Z", 300_000,
              "completed"),
             (3, "2026-11-22T09:00:00.000Z", None, 42_000, "interrupted"),
             (4, "2026-11-23T09:00:00.000Z", "2026-11-23T08:59:59.000Z", 1_234,
              "stopped_early")])
    finally:
        conn.close()
    with SessionStore(db) as store:
        ends = {s.id: s.ended_at for s in store.sessions()}
    assert ends == {1: datetime(2026, 11, 20, 9, 5, tzinfo=UTC),
                    2: datetime(2026, 11, 21, 9, 5, tzinfo=UTC),
                    3: None,
                    4: datetime(2026, 11, 23, 9, 0, 1, 234_000, tzinfo=UTC)}


def _record(**changes) -> dict:
    data = {"uid": "ab" * 16, "script_id": "paced-breathing", "script_version": 2,
            "length_minutes": 5, "started_at": "2026-11-20T09:00:00.000Z",
            "ended_at": "2026-11-20T07:00:00.000Z", "elapsed_ms": 300_000,
            "outcome": "completed", "audio_note": None, "program_id": None,
            "position": None, "ratings": [], "live": []}
    return {**data, **changes}


@pytest.mark.parametrize(("changes", "ended"), [
    ({}, "2026-11-20T09:05:00.000Z"),
    ({"elapsed_ms": None}, "2026-11-20T09:00:00.000Z"),
    ({"ended_at": "2026-11-20T09:06:00.000Z"}, "2026-11-20T09:06:00.000Z"),
    ({"ended_at": None, "outcome": "interrupted"}, None),
])
def test_results_from_an_older_painease_are_read_the_same_way(changes, ended):
    assert SessionRecord.from_dict(_record(**changes)).ended_at == ended


def test_the_after_pages_save_keeps_the_same_end(tmp_path):
    """``finish_session`` (the After page's one transaction) ends a session at "now": a
    clock set back 2 h since the start would put that before the start."""
    started = datetime.now(UTC) + timedelta(hours=2)
    with SessionStore(tmp_path / "painease.sqlite3") as store:
        sid = store.start_session("paced-breathing", 2, 5, started_at=started)
        store.finish_session(sid, end=("completed", 300_000, 300_000), post=(3, 2, None))
        session = store.session(sid)
    assert session.ended_at == started.replace(microsecond=started.microsecond // 1000 * 1000
                                               ) + timedelta(minutes=5)
