"""Two painease processes opening (and so migrating) the same new database at once.

A probe ran two ``results import``s side by side on a fresh data folder: one of them
ended in ``IndexError: tuple index out of range`` inside ``migrations.migrate``, or in
"cannot create …: File exists". Real SQLite files; the interleaving is made exact with a
second connection that migrates at the moment the first one asks for the write lock.
"""

from __future__ import annotations

import sqlite3
import subprocess
import sys

from painease.storage import SCHEMA_VERSION, SessionStore, migrations
from painease.storage.database import inspect, open_database, refusal


def test_a_file_another_process_migrated_while_this_one_waited_is_left_as_it_is(tmp_path):
    db = tmp_path / "painease.sqlite3"
    late = sqlite3.connect(db, isolation_level=None, timeout=5.0)
    other = sqlite3.connect(db, isolation_level=None, timeout=5.0)

    def the_other_process_migrates_first(statement: str) -> None:
        # ``late`` has read version 0 and now asks for the write lock: the other
        # process makes the whole schema just before it gets it.
        if statement == "BEGIN IMMEDIATE" and other is not None:
            migrations.migrate(other)

    late.set_trace_callback(the_other_process_migrates_first)
    try:
        assert migrations.migrate(late) == SCHEMA_VERSION
    finally:
        late.set_trace_callback(None)
        late.close()
        other.close()
    with SessionStore(db) as store:  # whole, and made once
        store.start_session("s", 1, 10)
        assert len(store.sessions()) == 1


def test_a_new_file_another_process_makes_while_this_one_reads_it_is_not_called_foreign(
        tmp_path):
    """Reading what kind of file it is (version, application id, tables) while another
    process makes a new file's schema: a painease file, never "another program's"."""
    db = tmp_path / "painease.sqlite3"
    reader = sqlite3.connect(db, isolation_level=None, timeout=5.0)
    other = sqlite3.connect(db, isolation_level=None, timeout=5.0)
    other.execute("PRAGMA journal_mode = WAL")  # as open_database sets before migrating

    def the_other_process_migrates_meanwhile(statement: str) -> None:
        # ``reader`` has read the version and application id (both 0) and now counts the
        # tables: the other process makes the whole schema just before.
        if "sqlite_master" in statement and other.execute("PRAGMA user_version").fetchone()[
                0] == 0:
            migrations.migrate(other)

    reader.set_trace_callback(the_other_process_migrates_meanwhile)
    try:
        state = inspect(reader)
    finally:
        reader.set_trace_callback(None)
        reader.close()
        other.close()
    assert refusal(state, db) is None
    conn = open_database(db)  # and opening it afterwards finds it whole
    try:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    finally:
        conn.close()


# Opens (making and migrating) the database at argv[1], as any painease process does.
OPEN_MANY = """
import sys
from pathlib import Path
from painease.storage.database import open_database
path = Path(sys.argv[1])
open_database(path).close()
"""


def test_processes_opening_one_new_database_together_all_succeed(tmp_path):
    """Real processes, started together, each opening the same not-yet-made folder and
    database: every one opens it, none ends in a traceback."""
    for attempt in range(4):
        db = tmp_path / f"try{attempt}" / "data" / "painease.sqlite3"
        children = [subprocess.Popen([sys.executable, "-c", OPEN_MANY, str(db)],
                                     stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                     text=True) for _ in range(4)]
        for child in children:
            out, err = child.communicate(timeout=120)
            assert child.returncode == 0, err
    conn = open_database(db)
    try:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    finally:
        conn.close()
