"""A write-ahead log (``-wal``) beside the database that is not its own (another SQLite
file's, copied or left there): a probe saw painease open the file, SQLite replay the
other program's log over it and, on close, write it into the file for good, so 116
sessions became the other program's 8 KB table; painease then only said the file belonged
to another program. Opening must change nothing before the file is known to be ours."""

from __future__ import annotations

import shutil
import sqlite3

import pytest

from painease.storage import SessionStore, StoreError


def painease_file(db):
    with SessionStore(db) as store:
        for _ in range(3):
            store.save_rating(store.start_session("s", 1, 10), "pre", 4, 5)
    assert not db.with_name(db.name + "-wal").exists()  # closed cleanly: all in the file


def _others_log_beside(tmp_path, db, write) -> None:
    """Another program's log (same 4 KiB pages), copied beside ``db`` while that program
    still has its file open (so the log holds its pages): ``write(conn)`` makes what it
    holds."""
    other = sqlite3.connect(tmp_path / "other.db", isolation_level=None)
    try:
        other.execute("PRAGMA journal_mode = WAL")
        other.execute("PRAGMA wal_autocheckpoint = 0")
        write(other)
        shutil.copy(tmp_path / "other.db-wal", db.with_name(db.name + "-wal"))
    finally:
        other.close()


def foreign_log_beside(tmp_path, db):
    """Another program's log beside ``db``: one small table, one row."""

    def write(other):
        other.execute("CREATE TABLE t (x)")
        other.execute("INSERT INTO t VALUES (1)")

    _others_log_beside(tmp_path, db, write)


def _sessions(db):
    conn = sqlite3.connect(f"{db.resolve().as_uri()}?immutable=1", uri=True)
    try:
        return conn.execute("SELECT count(*) FROM sessions").fetchone()[0]
    finally:
        conn.close()


def ours_with_a_log_beside(tmp_path, write_log):
    """painease's file with three sessions (tmp_path/data), and ``write_log``'s log beside
    it: the file and the log."""
    db = tmp_path / "data" / "painease.sqlite3"
    painease_file(db)
    write_log(tmp_path, db)
    return db, db.with_name(db.name + "-wal")


def refused(db) -> StoreError:
    with pytest.raises(StoreError) as info:
        SessionStore(db)
    return info.value


def opens_as_it_was_once_moved(tmp_path, db, log):
    log.rename(tmp_path / "moved-wal")
    with SessionStore(db) as store:
        assert len(store.sessions()) == 3


def test_a_foreign_log_beside_the_file_is_refused_and_nothing_changes(tmp_path):
    db, log = ours_with_a_log_beside(tmp_path, foreign_log_beside)
    before, log_before = db.read_bytes(), log.read_bytes()
    error = refused(db)
    assert db.read_bytes() == before  # the sessions are still there
    assert log.read_bytes() == log_before  # and the log is left for the person to move
    assert not db.with_name(db.name + "-shm").exists()  # no index of ours left behind
    assert _sessions(db) == 3
    assert error.reason == (f"{db} is a painease database, but the file beside it, "
                            f"{log.name}, belongs to another program, not to it; "
                            "nothing was changed")
    assert error.cause == f"a file beside it, {log.name}, belongs to another program"
    assert error.remedy == (f"move {log} out of that folder (for example to your desktop); "
                            "do not delete it before you know whose it is")
    opens_as_it_was_once_moved(tmp_path, db, log)


def test_a_foreign_log_beside_a_foreign_file_is_refused_as_before(tmp_path):
    db = tmp_path / "data" / "painease.sqlite3"
    db.parent.mkdir()
    other = sqlite3.connect(db)
    other.execute("CREATE TABLE notes (x)")
    other.commit()
    other.close()
    foreign_log_beside(tmp_path, db)
    before = db.read_bytes()
    with pytest.raises(StoreError, match="is not a painease database .it belongs to another"):
        SessionStore(db)
    assert db.read_bytes() == before
    assert db.with_name(db.name + "-wal").exists()


def test_painease_own_log_is_still_read(tmp_path):
    """A log of the file's own (painease was killed before it could fold it in) is kept:
    its sessions are read, as before."""
    db = tmp_path / "data" / "painease.sqlite3"
    painease_file(db)
    writer = SessionStore(db)
    try:
        writer.database.conn.execute("PRAGMA wal_autocheckpoint = 0")
        writer.save_rating(writer.start_session("s", 1, 10), "pre", 4, 5)
        log = db.with_name(db.name + "-wal")
        kept = tmp_path / "kept"
        kept.mkdir()
        shutil.copy(db, kept / db.name)
        shutil.copy(log, kept / log.name)  # as a killed painease leaves them
    finally:
        writer.close()
    with SessionStore(kept / db.name) as store:
        assert len(store.sessions()) == 4


def test_through_a_link_the_log_beside_the_real_file_is_named_and_nothing_is_left(tmp_path):
    """The data folder holds a link to the file: SQLite keeps the log and index beside
    the real file, so the look must too (it once named a log beside the link, which did
    not exist, and left the index it made beside the real file)."""
    real = tmp_path / "real" / "painease.sqlite3"
    painease_file(real)
    link = tmp_path / "data" / "painease.sqlite3"
    link.parent.mkdir()
    link.symlink_to(real)
    foreign_log_beside(tmp_path, real)
    log = real.with_name(real.name + "-wal")
    before = real.read_bytes()
    with pytest.raises(StoreError) as info:
        SessionStore(link)
    assert info.value.remedy.startswith(f"move {log} out of that folder")
    assert info.value.reason.startswith(f"{real} is a painease database, but the file beside "
                                        f"it, {log.name}, belongs to another program")
    assert real.read_bytes() == before
    assert sorted(p.name for p in real.parent.iterdir()) == [real.name, log.name]
    assert [p.name for p in link.parent.iterdir()] == [link.name]


def a_log_that_reads_as_damage(tmp_path, db):
    """Another program's log whose first page (its table list) points past the end of
    ``db``: together they read as malformed, though ``db`` alone is whole."""

    def write(other):
        for i in range(300):
            other.execute(f"CREATE TABLE table_with_a_rather_long_name_{i:04d} (x, y, z, w)")
        other.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        other.execute("CREATE TABLE last (x)")

    _others_log_beside(tmp_path, db, write)


def test_a_foreign_log_that_makes_the_file_read_as_damaged_is_not_called_damage(tmp_path):
    db, log = ours_with_a_log_beside(tmp_path, a_log_that_reads_as_damage)
    conn = sqlite3.connect(f"{db.as_uri()}?mode=ro", uri=True)
    with pytest.raises(sqlite3.DatabaseError, match="malformed"):  # as SQLite reads it
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    conn.close()
    db.with_name(db.name + "-shm").unlink(missing_ok=True)  # made by that check
    before, log_before = db.read_bytes(), log.read_bytes()
    error = refused(db)
    assert error.reason == (f"{db} is a painease database, but the file beside it, "
                            f"{log.name}, may not belong to it: the two cannot be read "
                            "together; nothing was changed")
    assert error.cause == f"a file beside it, {log.name}, may not belong to it"
    assert "damaged" not in str(error)
    assert db.read_bytes() == before and log.read_bytes() == log_before
    assert sorted(p.name for p in db.parent.iterdir()) == [db.name, log.name]
    assert _sessions(db) == 3
    opens_as_it_was_once_moved(tmp_path, db, log)
