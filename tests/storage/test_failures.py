"""Unwritable locations and a full disk give one-line StoreErrors and lose nothing saved."""

from __future__ import annotations

import shutil
import sqlite3
import subprocess
import sys

import pytest

from painease.storage import SessionStore, StoreError


def _permissions_enforced(directory) -> bool:
    """False for root with CAP_DAC_OVERRIDE, which writes into 0500 dirs regardless."""
    try:
        (directory / "probe").touch()
    except PermissionError:
        return True
    (directory / "probe").unlink()
    return False


# Opens a store at argv[1] and prints what the store says; exit 0 only for a StoreError.
OPEN_STORE = """
import sys
from painease.storage import SessionStore, StoreError
try:
    SessionStore(sys.argv[1])
except StoreError as error:
    print(error)
    sys.exit(0)
print("the store opened")
sys.exit(1)
"""


def _store_error_without_dac_override(path) -> str:
    """The StoreError a store at ``path`` gives in a child process that runs as this
    root user but without CAP_DAC_OVERRIDE, so the folder's permissions hold for it.

    The child is this same Python under ``setpriv`` (util-linux, on every Debian and
    Ubuntu). Taking the capability out of the bounding set before ``exec`` leaves root
    without it; no other user is needed (that user could not reach this Python, which
    may live under the 0700 ``/root``)."""
    setpriv = shutil.which("setpriv")
    if setpriv is None:
        pytest.skip("running as root and setpriv (util-linux) is not installed")
    child = subprocess.run(
        [setpriv, "--bounding-set=-dac_override", sys.executable, "-c", OPEN_STORE,
         str(path)], capture_output=True, text=True, timeout=120)
    if child.stderr.startswith("setpriv:"):  # e.g. no CAP_SETPCAP in this container
        pytest.skip(f"running as root and cannot drop CAP_DAC_OVERRIDE: {child.stderr}")
    assert child.returncode == 0, child.stdout + child.stderr
    return child.stdout.rstrip("\n")


def test_read_only_directory(tmp_path):
    """A folder the user may not write to. Root, for whom permissions do not hold, gets
    the same check in a child process that has lost the power to ignore them."""
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o500)
    database = locked / "painease.sqlite3"
    try:
        if _permissions_enforced(locked):
            with pytest.raises(StoreError) as info:
                SessionStore(database)
            message = str(info.value)
        else:
            message = _store_error_without_dac_override(database)
        assert message.startswith(f"cannot write to {locked}")
        assert "\n" not in message
        assert list(locked.iterdir()) == []  # nothing half-made left behind
    finally:
        locked.chmod(0o700)


def test_parent_is_a_regular_file(tmp_path):
    # Fails for root too, so this runs where the chmod test above is skipped.
    blocker = tmp_path / "data"
    blocker.write_text("not a folder")
    with pytest.raises(StoreError, match="is a file, not a folder"):
        SessionStore(blocker / "painease.sqlite3")
    with pytest.raises(StoreError, match="cannot create"):
        SessionStore(blocker / "deeper" / "painease.sqlite3")
    assert blocker.read_text() == "not a folder"


def test_path_is_a_directory(tmp_path):
    with pytest.raises(StoreError, match="is a directory"):
        SessionStore(tmp_path)


def test_full_disk(tmp_path):
    """A full disk, simulated with PRAGMA max_page_count.

    A tiny file system needs the right to mount (``tiny_disk`` below), which a machine may
    not give; this runs everywhere. SQLite reports a database that
    may not grow past ``max_page_count`` pages with exactly the error a full disk gives
    (SQLITE_FULL, "database or disk is full"), raised on the same code path when a
    transaction needs a new page, so the store's handling is exercised for real.
    """
    db = tmp_path / "painease.sqlite3"
    store = SessionStore(db)
    sid = store.start_session("s", 1, 10)
    store.save_rating(sid, "pre", 6, 7, note="before")
    store.add_live_samples(sid, [(0, 6.0)])

    # The limit is per connection, so it is set on the store's own connection.
    pages = store.database.conn.execute("PRAGMA page_count").fetchone()[0]
    store.database.conn.execute(f"PRAGMA max_page_count = {pages}")

    with pytest.raises(StoreError) as info:
        store.add_live_samples(sid, [(t, 5.0) for t in range(1, 50_001)])
    message = str(info.value)
    assert message.startswith("the disk is full, so the live rating batch was not saved")
    assert message.endswith("free some space and try again")
    assert "\n" not in message

    with pytest.raises(StoreError, match="the disk is full, so the rating was not saved"):
        store.save_rating(sid, "post", 3, 2, note="x" * 200_000)  # needs overflow pages

    # What was saved before is intact, the failed batch left nothing, the store still works.
    assert store.ratings(sid)["pre"].pain == 6
    assert "post" not in store.ratings(sid)
    assert [s.t_ms for s in store.live_samples(sid)] == [0]
    store.close()

    with SessionStore(db) as reopened:  # a fresh connection has no page limit
        assert reopened.ratings(sid)["pre"].note == "before"
        assert len(reopened.live_samples(sid)) == 1
        reopened.save_rating(sid, "post", 3, 2)  # space is back: saving works again
    conn = sqlite3.connect(db)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    conn.close()


def test_a_disk_too_full_to_make_the_database_says_so(tiny_disk):
    """SQLite says "disk I/O error" here (SQLITE_IOERR_SHMSIZE: the write-ahead log's
    index cannot grow), not SQLITE_FULL: the free space names it."""
    with pytest.raises(StoreError) as info:
        SessionStore(tiny_disk / "home" / "painease.sqlite3")
    message = str(info.value)
    assert message.startswith("the disk is full, so it was not possible to open the database"), \
        message
    assert message.endswith("free some space and try again") and "\n" not in message
    # Space again: the same folder now opens.
    (tiny_disk / "filler").unlink()
    SessionStore(tiny_disk / "home" / "painease.sqlite3").close()


def test_a_file_another_program_is_writing_gives_its_cause_and_remedy_apart(tmp_path):
    """A page that names what was not saved in its own words says the cause and the
    remedy once (``StoreError.cause``/``remedy``); the line itself stays whole."""
    db = tmp_path / "painease.sqlite3"
    with SessionStore(db) as store:
        sid = store.start_session("s", 1, 10)
        store.database.conn.execute("PRAGMA busy_timeout = 50")  # not the usual 5 s
        other = sqlite3.connect(db, isolation_level=None)
        other.execute("BEGIN IMMEDIATE")  # another program holds the write lock
        try:
            with pytest.raises(StoreError) as info:
                store.save_rating(sid, "post", 3, 2)
        finally:
            other.execute("ROLLBACK")
            other.close()
        error = info.value
        assert str(error).startswith(f"{db} is in use by another program (")
        assert error.cause == "another program is using painease's data file"
        assert error.remedy == "wait until the other program has finished" and error.busy
        store.save_rating(sid, "post", 3, 2)  # free again: saved


def test_a_full_disk_names_what_was_not_saved_in_good_grammar(tmp_path):
    """"the imported results was not saved" read wrong: things named in the plural take
    "were". A full disk as in ``test_full_disk`` (a page limit on the one connection)."""
    from datetime import UTC, datetime

    from painease.storage.results_store import merge_records, read_records

    with SessionStore(tmp_path / "theirs.sqlite3") as theirs:
        sid = theirs.start_session("s", 1, 10)
        theirs.save_rating(sid, "pre", 6, 7, note="x" * 50_000)  # needs pages of its own
        sessions, journal = read_records(theirs, datetime(2000, 1, 1, tzinfo=UTC),
                                         datetime(2100, 1, 1, tzinfo=UTC), True)
    with SessionStore(tmp_path / "mine.sqlite3") as mine:
        sid = mine.start_session("s", 1, 10)
        pages = mine.database.conn.execute("PRAGMA page_count").fetchone()[0]
        mine.database.conn.execute(f"PRAGMA max_page_count = {pages}")
        with pytest.raises(StoreError, match="^the disk is full, so the imported results "
                                             "were not saved"):
            merge_records(mine, sessions, journal)
        with pytest.raises(StoreError, match="^the disk is full, so the phase marks were "
                                             "not saved"):
            mine.save_phase_marks(sid, [(t * 1000, "settle") for t in range(20_000)])
        with pytest.raises(StoreError, match="^the disk is full, so the rating was not"):
            mine.save_rating(sid, "pre", 3, 2, note="x" * 50_000)
