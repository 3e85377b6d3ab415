"""``Database.write`` inside another ``write`` block is part of that one transaction: the
outer block's end commits both, its failure keeps neither, and an inner block's failure
undoes the inner block's writes only. A results import relies on it to write a patient's
copy all or nothing (``painease.packs.results``). Before, a nested write failed at once
("cannot start a transaction within a transaction"), so each store's write committed on
its own. Real store, real SQLite file, read back through a second connection."""

from __future__ import annotations

import sqlite3

import pytest

from painease.storage import SessionStore, StoreError


def _journal(db) -> list[str]:
    conn = sqlite3.connect(db)
    try:
        return [text for (text,) in conn.execute("SELECT text FROM journal_entries"
                                                 " ORDER BY id")]
    finally:
        conn.close()


class Stop(Exception):
    pass


def test_writes_nested_in_one_write_are_committed_together(store, db):
    with store.database.write("two entries"):
        store.add_journal_entry("first")
        store.add_journal_entry("second")
        assert _journal(db) == []  # nothing committed before the outer block ends
    assert _journal(db) == ["first", "second"]
    store.add_journal_entry("third")  # a write on its own commits as before
    assert _journal(db) == ["first", "second", "third"]


def test_a_failure_after_nested_writes_keeps_none_of_them(store, db):
    with pytest.raises(Stop), store.database.write("two entries"):
        store.add_journal_entry("first")
        store.add_journal_entry("second")
        raise Stop
    assert _journal(db) == []
    assert not store.database.conn.in_transaction
    store.add_journal_entry("after")  # the store writes on
    assert _journal(db) == ["after"]


def test_a_nested_write_that_fails_undoes_only_its_own_writes(store, db):
    conn = store.database.conn
    with store.database.write("entries"):
        store.add_journal_entry("kept")
        with pytest.raises(StoreError), store.database.write("a bad entry"):
            conn.execute("INSERT INTO journal_entries (uid, written_at, text)"
                         " VALUES ('x', '2026-11-01T00:00:00.000Z', 'undone')")
            conn.execute("INSERT INTO journal_entries (uid, written_at, text)"
                         " VALUES ('x', '2026-11-01T00:00:00.000Z', 'twice')")  # same uid
        store.add_journal_entry("also kept")
    assert _journal(db) == ["kept", "also kept"]


def test_a_write_in_another_store_on_the_same_file_is_its_own(db, tmp_path):
    """Nesting is per connection: another store's write is not part of this one's."""
    other_file = tmp_path / "other" / "painease.sqlite3"
    with SessionStore(db) as one, SessionStore(other_file) as other:
        with pytest.raises(Stop), one.database.write("an entry"):
            one.add_journal_entry("undone")
            other.add_journal_entry("its own")
            raise Stop
        assert _journal(db) == []
        assert _journal(other_file) == ["its own"]


def _can_take_the_write_lock(db) -> bool:
    """Whether another connection could take the file's write lock right now (no wait)."""
    other = sqlite3.connect(db, timeout=0, isolation_level=None)
    try:
        other.execute("BEGIN IMMEDIATE")
    except sqlite3.OperationalError:
        return False
    else:
        other.execute("ROLLBACK")
        return True
    finally:
        other.close()


def test_every_write_after_another_holds_the_lock_from_its_start(store, db):
    """A write that follows another is its own IMMEDIATE transaction again, not a part of
    an ended one: the write lock is taken before its block runs (so a busy file fails at
    once, not half-way through), and it is committed when its block ends."""
    for n in range(3):
        assert _can_take_the_write_lock(db)
        with store.database.write("an entry"):
            assert not _can_take_the_write_lock(db)  # taken up front, before any write
            store.add_journal_entry(f"entry {n}")
        assert not store.database.conn.in_transaction
        assert _journal(db) == [f"entry {i}" for i in range(n + 1)]


def test_a_write_after_one_that_found_the_file_busy_is_its_own(store, db):
    """A write that could not begin (another connection held the write lock past the busy
    timeout) leaves nothing behind: the next write takes the lock up front and commits."""
    store.database.conn.execute("PRAGMA busy_timeout = 50")  # give up quickly
    holder = sqlite3.connect(db, isolation_level=None)
    try:
        holder.execute("BEGIN IMMEDIATE")
        with pytest.raises(StoreError):
            store.add_journal_entry("not saved")
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert not store.database.conn.in_transaction
    with store.database.write("an entry"):
        assert not _can_take_the_write_lock(db)
        store.add_journal_entry("saved")
    assert _journal(db) == ["saved"]
