"""An after-rating is never stamped before its session's start (a real file): when the
computer's clock was set back, the time kept is the session's end (itself never before the
start), or the start while it has not ended; in new ratings, in old files and in imported
results. A before-rating, and any rating the clock stamped after the start, stay as given."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime, timedelta

from painease.storage import SessionStore, migrations
from painease.storage.results import SessionRecord

START = datetime(2026, 11, 20, 9, 0, tzinfo=UTC)
BACK = START - timedelta(hours=2)  # what a clock set back two hours says


def test_an_after_rating_the_clock_put_before_the_start_is_kept_at_the_end(tmp_path):
    with SessionStore(tmp_path / "painease.sqlite3") as store:
        ended = store.start_session("paced-breathing", 2, 5, started_at=START)
        store.end_session(ended, "completed", 300_000, ended_at=START + timedelta(minutes=5))
        store.save_rating(ended, "post", 3, 2, rated_at=BACK)
        running = store.start_session("paced-breathing", 2, 5, started_at=START)
        store.save_rating(running, "post", 3, 2, rated_at=BACK)
        kept = store.start_session("paced-breathing", 2, 5, started_at=START)
        store.save_rating(kept, "pre", 6, 6, rated_at=BACK)  # before: not an after-rating
        store.save_rating(kept, "post", 4, 4, rated_at=START + timedelta(minutes=9))
        assert store.ratings(ended)["post"].rated_at == START + timedelta(minutes=5)
        assert store.ratings(running)["post"].rated_at == START
        assert store.ratings(kept)["pre"].rated_at == BACK
        assert store.ratings(kept)["post"].rated_at == START + timedelta(minutes=9)


def test_the_after_pages_save_keeps_the_rating_after_the_start(tmp_path):
    """``finish_session`` stamps the rating "now": a clock set back 2 h since the start
    puts that before the start; the rating is kept at the session's end."""
    started = datetime.now(UTC).replace(microsecond=0) + timedelta(hours=2)
    with SessionStore(tmp_path / "painease.sqlite3") as store:
        sid = store.start_session("paced-breathing", 2, 5, started_at=started)
        store.finish_session(sid, end=("completed", 300_000, 300_000), post=(3, 2, None))
        assert store.ratings(sid)["post"].rated_at == started + timedelta(minutes=5)
        assert store.session(sid).ended_at == started + timedelta(minutes=5)


def test_an_old_files_after_ratings_before_their_start_are_repaired(tmp_path):
    db = tmp_path / "painease.sqlite3"
    conn = sqlite3.connect(db, isolation_level=None)
    step = migrations.MIGRATIONS.index(migrations._end_after_start) + 1
    try:
        assert migrations.migrate(conn, migrations.MIGRATIONS[:step]) == step
        conn.executemany(
            "INSERT INTO sessions (id, script_id, script_version, length_minutes, started_at,"
            " ended_at, elapsed_ms, outcome) VALUES (?, 's', 1, 5, ?, ?, 300000, ?)",
            [(1, "2026-11-20T09:00:00.000Z", "2026-11-20T09:05:00.000Z", "completed"),
             (2, "2026-11-21T09:00:00.000Z", None, "interrupted"),
             (3, "2026-11-22T09:00:00.000Z", "2026-11-22T09:05:00.000Z", "completed")])
        conn.executemany(
            "INSERT INTO ratings (session_id, moment, pain, fear, rated_at)"
            " VALUES (?, ?, 5, 5, ?)",
            [(1, "pre", "2026-11-20T07:00:00.000Z"), (1, "post", "2026-11-20T07:06:00.000Z"),
             (2, "post", "2026-11-21T08:59:59.000Z"), (3, "post", "2026-11-22T09:07:00.000Z")])
    finally:
        conn.close()
    with SessionStore(db) as store:
        times = {(sid, moment): rating.rated_at for sid in (1, 2, 3)
                 for moment, rating in store.ratings(sid).items()}
    assert times == {(1, "pre"): datetime(2026, 11, 20, 7, 0, tzinfo=UTC),
                     (1, "post"): datetime(2026, 11, 20, 9, 5, tzinfo=UTC),
                     (2, "post"): datetime(2026, 11, 21, 9, 0, tzinfo=UTC),
                     (3, "post"): datetime(2026, 11, 22, 9, 7, tzinfo=UTC)}


def test_results_from_a_painease_that_kept_such_a_rating_are_read_the_same_way():
    data = {"uid": "ab" * 16, "script_id": "paced-breathing", "script_version": 2,
            "length_minutes": 5, "started_at": "2026-11-20T09:00:00.000Z",
            "ended_at": "2026-11-20T07:05:00.000Z", "elapsed_ms": 300_000,
            "outcome": "completed", "audio_note": None, "program_id": None,
            "position": None, "live": [],
            "ratings": [{"moment": "pre", "pain": 6, "fear": 6, "note": None,
                         "rated_at": "2026-11-20T06:59:00.000Z"},
                        {"moment": "post", "pain": 3, "fear": 2, "note": None,
                         "rated_at": "2026-11-20T07:06:00.000Z"}]}
    record = SessionRecord.from_dict(data)
    assert {r.moment: r.rated_at for r in record.ratings} == {
        "pre": "2026-11-20T06:59:00.000Z", "post": "2026-11-20T09:05:00.000Z"}
