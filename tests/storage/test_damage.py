"""A damaged database file is found when the window starts, said, and never written to.

Real SQLite files, damaged the way a failing disk does it: a page's first cell pointer
is overwritten, so SQLite's own check (``PRAGMA quick_check``) finds it but the reads that
Home and Insights make may not. ``painease.storage.health`` has the costs and the choice.
"""

from __future__ import annotations

import sqlite3

import pytest

from painease.demo import build_history
from painease.storage import SessionStore, StoreError, health
from painease.storage.prepare import prepare_store


def make_history(path):
    """About 110 sessions with 200 live ratings each, and one session the app died in."""
    build_history(path, years=0.1, samples_per_session=200, seed=5, cache_shifts=False)
    with SessionStore(path) as store:
        died = store.start_session("paced-breathing", 1, 5)
    return died


def damage(path, table):
    """Overwrite the first cell pointer of one leaf page of ``table`` (not its root)."""
    conn = sqlite3.connect(path)
    try:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        size = conn.execute("PRAGMA page_size").fetchone()[0]
        root = conn.execute("SELECT rootpage FROM sqlite_master WHERE name = ?",
                            (table,)).fetchone()[0]
        pages = [row[0] for row in conn.execute(
            "SELECT pageno FROM dbstat WHERE name = ? AND pagetype = 'leaf' AND pageno != ?"
            " ORDER BY pageno", (table, root))]
    finally:
        conn.close()
    assert pages, f"{table} has no leaf page besides its root"
    with open(path, "r+b") as file:
        file.seek((pages[len(pages) // 2] - 1) * size + 8)
        file.write(b"\xff\xff")


def files(folder):
    """The bytes of every file but the window's lock, the shared-memory index and an empty
    write-ahead log (reads may make both)."""
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())
            if p.is_file() and p.name != "painease.lock" and not p.name.endswith("-shm")
            and not (p.name.endswith("-wal") and p.stat().st_size == 0)}


def test_a_damaged_file_is_said_at_start_and_nothing_is_marked(painease_home):
    # Found by a probe: it opened without a word, and the patient found out only after the
    # rating before a session, each try leaving an empty interrupted session behind.
    database = painease_home / "painease.sqlite3"
    died = make_history(database)
    damage(database, "ratings")
    before = files(painease_home)
    interrupted, problem = prepare_store()
    assert interrupted is None and isinstance(problem, StoreError)
    assert problem.reason.startswith(f"{database} is damaged: part of it cannot be read back")
    assert problem.advice == "restore a backup or move it away"
    assert files(painease_home) == before  # the session the app died in was not marked
    conn = sqlite3.connect(f"file:{database}?mode=ro", uri=True)
    assert conn.execute("SELECT outcome FROM sessions WHERE id = ?", (died,)).fetchone() == (
        "in_progress",)
    conn.close()


def test_a_whole_file_opens_as_before(painease_home):
    died = make_history(painease_home / "painease.sqlite3")
    assert prepare_store() == ([died], None)


def test_a_big_file_checks_its_live_ratings_after_the_start(painease_home, monkeypatch):
    # Past WHOLE_FILE_BYTES the start leaves live_samples (nearly all of a big file) to
    # late_check; everything else is checked at once.
    database = painease_home / "painease.sqlite3"
    make_history(database)
    monkeypatch.setattr(health, "WHOLE_FILE_BYTES", 1000)
    damage(database, "live_samples")
    interrupted, problem = prepare_store()
    assert problem is None and len(interrupted) == 1
    late = health.late_check(database)
    assert isinstance(late, StoreError) and f"{database} is damaged" in late.reason
    monkeypatch.setattr(health, "WHOLE_FILE_BYTES", 1 << 40)
    assert health.late_check(database) is None  # a small file was checked whole at start


@pytest.mark.parametrize("table", ["sessions", "session_phases"])
def test_a_big_file_checks_every_other_table_at_start(painease_home, monkeypatch, table):
    database = painease_home / "painease.sqlite3"
    make_history(database)
    monkeypatch.setattr(health, "WHOLE_FILE_BYTES", 1000)
    damage(database, table)
    interrupted, problem = prepare_store()
    assert interrupted is None and "is damaged" in problem.reason
