"""A nested ``write`` whose error makes SQLite roll back the WHOLE transaction (a trigger's
RAISE(ROLLBACK) here; a full disk, an I/O error or an interrupt do the same): the outer
block may catch that error and go on, as the contract allows, but the transaction it
belongs to is gone. Before, each later nested write then ran on its own in autocommit
mode and was committed at once (only the writes after the failure were kept, the outer
block's all-or-nothing promise broken). Now a later nested write is refused with a
``StoreError`` and the outer block ends without committing anything, with a
``StoreError`` that says its write was undone. Real store, real SQLite file with a real
trigger, read back through a second connection."""

from __future__ import annotations

import sqlite3

import pytest

from painease.storage import StoreError


def _journal(db) -> list[str]:
    conn = sqlite3.connect(db)
    try:
        return [text for (text,) in conn.execute("SELECT text FROM journal_entries"
                                                 " ORDER BY id")]
    finally:
        conn.close()


@pytest.fixture
def undoing(store, db):
    """The store, with a trigger that rolls the whole transaction back on a 'bad' entry."""
    conn = sqlite3.connect(db)
    try:
        conn.execute("CREATE TRIGGER undo_all BEFORE INSERT ON journal_entries"
                     " WHEN NEW.text = 'bad' BEGIN SELECT RAISE(ROLLBACK, 'undone'); END")
        conn.commit()
    finally:
        conn.close()
    return store


def test_a_nested_write_after_the_whole_write_was_undone_is_refused(undoing, db):
    refused = []
    with (pytest.raises(StoreError, match="an earlier error undid the save"),
          undoing.database.write("the entries")):
        undoing.add_journal_entry("first")
        with pytest.raises(StoreError):
            undoing.add_journal_entry("bad")
        try:
            undoing.add_journal_entry("after")
        except StoreError as exc:
            refused.append(str(exc))
    assert len(refused) == 1
    assert refused[0] == ("the journal entry was not saved: an earlier error undid the"
                          " save it was part of; try again")
    assert _journal(db) == []  # all or nothing: nothing, not ['after']
    assert not undoing.database.conn.in_transaction


def test_the_outer_block_ends_with_an_error_not_a_silent_success(undoing, db):
    with pytest.raises(StoreError) as caught, undoing.database.write("the entries"):
        undoing.add_journal_entry("first")
        with pytest.raises(StoreError):
            undoing.add_journal_entry("bad")
    assert str(caught.value) == ("the entries were not saved: an earlier error undid the"
                                 " save they were part of; try again")
    assert _journal(db) == []


def test_the_store_writes_on_after_an_undone_write(undoing, db):
    with pytest.raises(StoreError), undoing.database.write("the entries"):
        with pytest.raises(StoreError):
            undoing.add_journal_entry("bad")
        with pytest.raises(StoreError):
            undoing.add_journal_entry("refused")
    undoing.add_journal_entry("on its own")  # not nested: its own transaction again
    with undoing.database.write("two entries"):
        undoing.add_journal_entry("one")
        undoing.add_journal_entry("two")
    assert _journal(db) == ["on its own", "one", "two"]
