"""SessionStore on a real SQLite file: open/reopen, pragmas, writes, reads and validation."""

from __future__ import annotations

import math
import os
import sqlite3
import stat
import subprocess
import sys
import threading
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest

from painease.storage import JournalEntry, LiveSample, SessionStore, StoreError

T0 = datetime(2024, 5, 1, 8, 0, tzinfo=UTC)
REPO = Path(__file__).resolve().parents[2]


def test_create_then_reopen_keeps_everything(db):
    with SessionStore(db) as store:
        sid = store.start_session("body-scan", 3, 12.5, started_at=T0)
        store.save_rating(sid, "pre", 6, 8, note="left knee", rated_at=T0)
    # The directory and file are created private: ratings are health data.
    assert stat.S_IMODE(db.parent.stat().st_mode) == 0o700
    assert stat.S_IMODE(db.stat().st_mode) == 0o600
    with SessionStore(db) as store:
        session = store.session(sid)
        assert (session.script_id, session.script_version, session.length_minutes) == (
            "body-scan", 3, 12.5)
        assert session.outcome == "in_progress"
        assert session.started_at == T0
        pre = store.ratings(sid)["pre"]
        assert (pre.pain, pre.fear, pre.note) == (6, 8, "left knee")


def test_wal_synchronous_full_and_foreign_keys_are_set(store):
    pragma = store.database.conn.execute  # the store's own connection: pragmas are per connection
    assert pragma("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert pragma("PRAGMA synchronous").fetchone()[0] == 2  # 2 == FULL
    assert pragma("PRAGMA foreign_keys").fetchone()[0] == 1


def test_open_default_uses_painease_home(tmp_path, monkeypatch):
    monkeypatch.setenv("PAINEASE_HOME", str(tmp_path / "home"))
    with SessionStore.open_default() as store:
        assert store.path == tmp_path / "home" / "painease.sqlite3"
        store.start_session("breathing", 1, 5)
    assert (tmp_path / "home" / "painease.sqlite3").is_file()


def test_times_are_stored_as_utc_iso_text(store):
    berlin = timezone(timedelta(hours=2))
    sid = store.start_session("s", 1, 10, started_at=datetime(2024, 5, 1, 12, 0, tzinfo=berlin))
    query = "SELECT started_at FROM sessions WHERE id = ?"
    raw = store.database.conn.execute(query, (sid,)).fetchone()
    assert raw[0] == "2024-05-01T10:00:00.000Z"
    assert store.session(sid).started_at == datetime(2024, 5, 1, 10, 0, tzinfo=UTC)
    # Default is "now", in UTC.
    before = datetime.now(UTC) - timedelta(seconds=1)
    assert store.session(store.start_session("s", 1, 10)).started_at >= before


def test_naive_datetimes_are_refused(store):
    with pytest.raises(ValueError, match="timezone-aware"):
        store.start_session("s", 1, 10, started_at=datetime(2024, 5, 1, 12, 0))
    assert store.sessions() == []


def test_sessions_are_ordered_by_start(store):
    late = store.start_session("late", 1, 10, started_at=T0 + timedelta(days=1))
    early = store.start_session("early", 1, 10, started_at=T0)
    assert [s.id for s in store.sessions()] == [early, late]


def test_the_latest_session_is_the_one_started_last(store):
    assert store.latest_session() is None
    late = store.start_session("late", 1, 15, started_at=T0 + timedelta(days=1))
    store.start_session("early", 1, 10, started_at=T0)
    latest = store.latest_session()
    assert (latest.id, latest.script_id, latest.length_minutes) == (late, "late", 15)
    same_time = store.start_session("same-time", 1, 5, started_at=T0 + timedelta(days=1))
    assert store.latest_session().id == same_time  # a tie goes to the row made last


@pytest.mark.parametrize(
    ("pain", "fear", "moment", "message"),
    [
        (-1, 5, "pre", "pain must be between 0 and 10"),
        (11, 5, "pre", "pain must be between 0 and 10"),
        (5, 11, "post", "fear must be between 0 and 10"),
        (3.5, 5, "pre", "pain must be a whole number"),
        (True, 5, "pre", "pain must be a whole number"),
        ("5", 5, "pre", "pain must be a whole number"),
        (None, 5, "pre", "pain must be a whole number"),
        (5, 5, "during", "moment must be 'pre' or 'post'"),
    ],
)
def test_bad_ratings_are_rejected_and_nothing_is_written(store, pain, fear, moment, message):
    sid = store.start_session("s", 1, 10)
    with pytest.raises(ValueError, match=message):
        store.save_rating(sid, moment, pain, fear)
    assert store.ratings(sid) == {}
    assert store.database.conn.execute("SELECT count(*) FROM ratings").fetchone()[0] == 0


def test_rating_for_unknown_session_is_rejected(store):
    with pytest.raises(ValueError, match="no session with id 99"):
        store.save_rating(99, "pre", 5, 5)


def test_check_constraints_are_the_last_line_of_defence(store, db):
    sid = store.start_session("s", 1, 10)
    raw = sqlite3.connect(db)
    try:
        for sql in (
            f"INSERT INTO ratings (session_id, moment, pain, fear, rated_at)"
            f" VALUES ({sid}, 'pre', 11, 0, 'x')",
            f"INSERT INTO ratings (session_id, moment, pain, fear, rated_at)"
            f" VALUES ({sid}, 'pre', 2.5, 0, 'x')",
            f"INSERT INTO ratings (session_id, moment, pain, fear, rated_at)"
            f" VALUES ({sid}, 'mid', 1, 0, 'x')",
            f"INSERT INTO live_samples VALUES ({sid}, -1, 3)",
            f"INSERT INTO live_samples VALUES ({sid}, 5, 10.5)",
            f"UPDATE sessions SET outcome = 'paused' WHERE id = {sid}",
            "INSERT INTO journal_entries (written_at, text) VALUES ('x', '   ')",
        ):
            with pytest.raises(sqlite3.IntegrityError):
                raw.execute(sql)
    finally:
        raw.close()


def test_saving_post_again_replaces_it_and_leaves_pre_alone(store):
    sid = store.start_session("s", 1, 10)
    store.save_rating(sid, "pre", 7, 8)
    store.save_rating(sid, "post", 5, 5, note="first try")
    store.save_rating(sid, "post", 4, 2, note="  ")  # corrected; a blank note is no note
    ratings = store.ratings(sid)
    assert (ratings["pre"].pain, ratings["pre"].fear) == (7, 8)
    assert (ratings["post"].pain, ratings["post"].fear, ratings["post"].note) == (4, 2, None)
    assert store.database.conn.execute("SELECT count(*) FROM ratings").fetchone()[0] == 2


def test_zero_is_a_real_rating(store):
    sid = store.start_session("s", 1, 10)
    store.save_rating(sid, "post", 0, 0)
    assert (store.ratings(sid)["post"].pain, store.ratings(sid)["post"].fear) == (0, 0)


def test_live_samples_round_trip_in_audio_clock_order(store):
    sid = store.start_session("s", 1, 10)
    store.add_live_samples(sid, [(0, 5.0), (500, 4.5), (1000, 4)])
    store.add_live_samples(sid, iter([(2000, 3.25), (1500, 4.0)]))  # any iterable
    store.add_live_samples(sid, [])  # an empty flush is a no-op
    assert store.live_samples(sid) == [
        LiveSample(0, 5.0), LiveSample(500, 4.5), LiveSample(1000, 4.0),
        LiveSample(1500, 4.0), LiveSample(2000, 3.25),
    ]


@pytest.mark.parametrize(
    ("sample", "message"),
    [
        ((-1, 3.0), "t_ms must be at least 0"),
        ((10, 10.5), "between 0 and 10"),
        ((10, -0.1), "between 0 and 10"),
        ((10, math.nan), "finite"),
        ((1.5, 3.0), "t_ms must be a whole number"),
    ],
)
def test_one_bad_sample_rejects_the_whole_batch(store, sample, message):
    sid = store.start_session("s", 1, 10)
    with pytest.raises(ValueError, match=message):
        store.add_live_samples(sid, [(0, 1.0), sample, (20, 2.0)])
    assert store.live_samples(sid) == []


def test_end_session(store):
    sid = store.start_session("s", 1, 10, started_at=T0 - timedelta(minutes=2))
    store.end_session(sid, "stopped_early", 61_500, ended_at=T0)
    session = store.session(sid)
    assert (session.outcome, session.elapsed_ms, session.ended_at) == ("stopped_early", 61_500, T0)
    with pytest.raises(ValueError, match="already ended"):
        store.end_session(sid, "completed", 600_000)
    with pytest.raises(ValueError, match="outcome must be"):
        store.end_session(store.start_session("s", 1, 10), "interrupted", 0)
    with pytest.raises(ValueError, match="elapsed_ms must be at least 0"):
        store.end_session(store.start_session("s", 1, 10), "completed", -5)


def test_audio_note(store):
    sid = store.start_session("s", 1, 10)
    store.set_audio_note(sid, "played silently: no audio device")
    assert store.session(sid).audio_note == "played silently: no audio device"


def test_mark_interrupted(db):
    with SessionStore(db) as store:
        with_samples = store.start_session("a", 1, 10, started_at=T0)
        store.add_live_samples(with_samples, [(0, 6.0), (4_200, 5.0), (2_000, 5.5)])
        without = store.start_session("b", 1, 10, started_at=T0 + timedelta(hours=1))
        done = store.start_session("c", 1, 10, started_at=T0 + timedelta(hours=2))
        store.end_session(done, "completed", 600_000)
    # The app "died"; on the next start it marks what was left running.
    with SessionStore(db) as store:
        assert store.mark_interrupted() == [with_samples, without]
        assert store.session(with_samples).outcome == "interrupted"
        assert store.session(with_samples).elapsed_ms == 4_200  # the last sample's time
        assert store.session(without).elapsed_ms is None
        assert store.session(with_samples).ended_at is None  # nobody saw it end
        assert store.session(done).outcome == "completed"
        assert store.session(done).elapsed_ms == 600_000
        assert store.mark_interrupted() == []


def test_journal(store):
    sid = store.start_session("s", 1, 10)
    first = store.add_journal_entry("Felt the tightness soften.\nCurious, not scared.",
                                    session_id=sid, written_at=T0)
    second = store.add_journal_entry("A calmer day.", written_at=T0 + timedelta(days=1))
    assert store.journal_entries() == [
        JournalEntry(first, sid, T0, "Felt the tightness soften.\nCurious, not scared."),
        JournalEntry(second, None, T0 + timedelta(days=1), "A calmer day."),
    ]
    for empty in ("", "   \n"):
        with pytest.raises(ValueError, match="needs some text"):
            store.add_journal_entry(empty)
    with pytest.raises(ValueError, match="no session with id 42"):
        store.add_journal_entry("text", session_id=42)
    assert len(store.journal_entries()) == 2


def test_reads_of_unknown_sessions_say_so(store):
    for read in (store.session, store.ratings, store.live_samples):
        with pytest.raises(ValueError, match="no session with id 7"):
            read(7)


def test_wrong_thread_and_closed_store_give_store_errors(db):
    store = SessionStore(db)
    errors = []

    def use_from_other_thread():
        try:
            store.sessions()
        except Exception as exc:  # recorded for the assertion below
            errors.append(exc)

    worker = threading.Thread(target=use_from_other_thread)
    worker.start()
    worker.join()
    assert len(errors) == 1 and isinstance(errors[0], StoreError)
    assert "thread that opened it" in str(errors[0])
    store.close()
    store.close()  # twice is fine
    with pytest.raises(StoreError, match="already closed"):
        store.start_session("s", 1, 10)


def test_store_does_not_import_qt():
    # Storage must stay Qt-free; checked in a fresh interpreter so other tests don't matter.
    code = ("import sys, painease.storage; "
            "sys.exit(any(m.split('.')[0] in ('PySide6', 'pyqtgraph') for m in sys.modules))")
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    assert subprocess.run([sys.executable, "-c", code], env=env).returncode == 0
