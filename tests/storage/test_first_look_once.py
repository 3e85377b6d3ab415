"""The first look (``painease.storage.first_look``) at a file already looked at and passed
in this process is skipped while no log (``-wal``) is beside it: at every app start the
start-up worker opens the store, closes it, and the window opens its own on the GUI thread
moments later. A log that appears in between (another program's, dropped there) is still
looked at, and refused. Real SQLite files."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from painease.storage import SessionStore, StoreError
from tests.storage.test_foreign_wal import _sessions, foreign_log_beside, painease_file


@pytest.fixture
def looks(monkeypatch):
    """The read-only looks made from here on (their database names)."""
    made = []
    connect = sqlite3.connect

    def watched_connect(database, *args, **kwargs):
        if "mode=ro" in str(database):
            made.append(Path(str(database)).name)
        return connect(database, *args, **kwargs)

    monkeypatch.setattr(sqlite3, "connect", watched_connect)
    return made


def test_a_file_looked_at_and_passed_is_not_looked_at_again(tmp_path, looks):
    db = tmp_path / "data" / "painease.sqlite3"
    painease_file(db)  # new: nothing to look at
    assert looks == []
    SessionStore(db).close()  # the start-up worker's open
    assert looks == ["painease.sqlite3?mode=ro"]
    assert not db.with_name(db.name + "-wal").exists()  # closed: no log beside it
    with SessionStore(db) as store:  # the window's, moments later
        assert len(store.sessions()) == 3
    assert looks == ["painease.sqlite3?mode=ro"]


def test_a_foreign_log_dropped_between_the_two_opens_is_still_refused(tmp_path, looks):
    db = tmp_path / "data" / "painease.sqlite3"
    painease_file(db)
    SessionStore(db).close()  # looked at and passed
    foreign_log_beside(tmp_path, db)
    log = db.with_name(db.name + "-wal")
    before, log_before = db.read_bytes(), log.read_bytes()
    with pytest.raises(StoreError, match="belongs to another program, not to it"):
        SessionStore(db)
    assert len(looks) == 2  # looked at again: a log is beside it
    assert db.read_bytes() == before and log.read_bytes() == log_before
    assert _sessions(db) == 3
    log.rename(tmp_path / "moved-wal")
    with SessionStore(db) as store:  # looked at once more (it was refused), and opens
        assert len(store.sessions()) == 3
    assert len(looks) == 3


def test_a_file_replaced_by_another_programs_between_the_two_opens_is_refused(tmp_path):
    """Without a log, the store's own open reads what the look would have: another
    program's file is refused as before, and left as it was."""
    db = tmp_path / "data" / "painease.sqlite3"
    painease_file(db)
    SessionStore(db).close()
    db.unlink()
    other = sqlite3.connect(db)
    other.execute("CREATE TABLE notes (x)")
    other.commit()
    other.close()
    before = db.read_bytes()
    with pytest.raises(StoreError, match="is not a painease database .it belongs to another"):
        SessionStore(db)
    assert db.read_bytes() == before
    assert sorted(p.name for p in db.parent.iterdir()) == [db.name]


def test_a_damaged_file_has_nothing_of_the_look_left_beside_it(tmp_path):
    """The look cannot tell (the file is damaged) and leaves the index and empty log it
    made; the store's open that follows uses them and, closing as the last connection,
    removes them. (The look does not remove them itself: after a look that cannot tell,
    another connection may be using that index.)"""
    db = tmp_path / "data" / "painease.sqlite3"
    painease_file(db)
    db.write_bytes(db.read_bytes()[:8192])  # cut short: its tables point past the end
    with pytest.raises(StoreError, match="is damaged"):
        SessionStore(db)
    assert sorted(p.name for p in db.parent.iterdir()) == [db.name]
