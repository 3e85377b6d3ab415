"""``Database.patience``: writes in its block give up soon when another program holds the
file, so a save on the window's thread does not freeze it; the connection's own wait
(``BUSY_PATIENCE``, which the CLI keeps) is back after the block. The other program is a
connection of its own in a thread (``tests.held_lock``), holding the lock for longer than
the short wait and shorter than the usual 5 s."""

from __future__ import annotations

import pytest

from painease.storage import StoreError, database
from tests.held_lock import HeldLock


def waits_ms(store) -> int:
    return store.database.conn.execute("PRAGMA busy_timeout").fetchone()[0]


def test_a_write_in_a_short_patience_gives_up_while_the_other_program_holds_on(store):
    sid = store.start_session("tiny", 1, 1.0)
    with HeldLock(store.path, seconds=3.0) as other:
        with store.database.patience(0.1), pytest.raises(StoreError) as caught:
            store.add_live_samples(sid, [(100, 4.0)])
        assert other.held  # it did not wait until the other program was done
    assert caught.value.busy and caught.value.cause == (
        "another program is using painease's data file")
    assert store.live_samples(sid) == []  # nothing of it was written
    assert waits_ms(store) == round(database.BUSY_PATIENCE * 1000)  # the usual wait again
    with HeldLock(store.path, seconds=1.0) as other:
        store.add_live_samples(sid, [(100, 4.0)])  # outside the block: waits, and saves
        assert not other.held
    assert [s.value for s in store.live_samples(sid)] == [4.0]


def test_a_patience_never_makes_a_shorter_wait_longer(store):
    store.database.conn.execute("PRAGMA busy_timeout = 50")
    with store.database.patience(1.0):
        assert waits_ms(store) == 50
    assert waits_ms(store) == 50
