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
import threading

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


def test_opening_a_new_file_another_process_holds_waits_for_it_to_let_go(tmp_path, monkeypatch):
    """Switching a new file to the write-ahead log while another process holds its write
    lock (it is switching or making the same file): opening waits for the lock, as for any
    other, rather than failing at once with "in use by another program".

    The other process lets go only once the open has met its lock: when the open asks for
    the switch a second time (the first try was refused). No sleep decides whether they
    met; the record of the open's statements shows that they did."""
    db = tmp_path / "painease.sqlite3"
    other = sqlite3.connect(db, isolation_level=None, timeout=5.0, check_same_thread=False)
    other.execute("BEGIN IMMEDIATE")  # the other process's write lock, on a new file
    asked = []  # each time the open asked for the switch
    let_go = threading.Event()
    connect = sqlite3.connect

    def watched_connect(*args, **kwargs):
        conn = connect(*args, **kwargs)

        def on_statement(statement: str) -> None:
            if statement == "PRAGMA journal_mode = WAL":
                asked.append(statement)
                if len(asked) == 2:  # the first try met the lock: now it is trying again
                    let_go.set()

        conn.set_trace_callback(on_statement)
        return conn

    def the_other_process_lets_go_when_this_one_is_waiting() -> None:
        let_go.wait()
        other.execute("COMMIT")

    monkeypatch.setattr(sqlite3, "connect", watched_connect)
    letting_go = threading.Thread(target=the_other_process_lets_go_when_this_one_is_waiting)
    letting_go.start()
    try:
        conn = open_database(db)
    finally:
        let_go.set()  # whatever happened, the other process ends
        letting_go.join()
        other.close()
    try:
        conn.set_trace_callback(None)
        # It met the lock (its first try, while the lock was held, was refused: it asked
        # again), and then waited for it to be let go.
        assert len(asked) >= 2
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    finally:
        conn.close()


# Opens (making and migrating) the database at argv[1], as any painease process does, and
# meets the others inside the open: at its connection's first statement (before anything
# is read or written) it says it is there (a file in argv[2]) and goes on only once all
# argv[3] processes are there. So they are all inside the open at the same time, and every
# one of them reads, makes and migrates a file the others are opening too.
OPEN_MANY = """
import os
import sqlite3
import sys
import time
from pathlib import Path
from painease.storage.database import open_database

path, meeting, processes = Path(sys.argv[1]), Path(sys.argv[2]), int(sys.argv[3])
connect = sqlite3.connect

def meet() -> None:
    (meeting / str(os.getpid())).touch()
    deadline = time.monotonic() + 120  # only how long a broken test takes to fail
    while len(list(meeting.iterdir())) < processes:
        if time.monotonic() > deadline:
            sys.exit("the other processes never came into the open")
        time.sleep(0.005)

def meeting_connect(*args, **kwargs):
    conn = connect(*args, **kwargs)
    first = []

    def on_statement(statement):
        if not first:
            first.append(statement)
            meet()

    conn.set_trace_callback(on_statement)
    return conn

sqlite3.connect = meeting_connect
open_database(path).close()
print("met", flush=True)
"""


def test_processes_inside_the_open_of_one_new_database_at_once_all_succeed(tmp_path):
    """Real processes each opening the same not-yet-made folder and database, all inside
    the open at the same time (they meet at their connection's first statement, before any
    of them has read or written the file): every one opens it, none ends in a traceback."""
    processes = 4
    for attempt in range(4):
        db = tmp_path / f"try{attempt}" / "data" / "painease.sqlite3"
        meeting = tmp_path / f"meeting{attempt}"
        meeting.mkdir()
        children = [subprocess.Popen(
            [sys.executable, "-c", OPEN_MANY, str(db), str(meeting), str(processes)],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
            for _ in range(processes)]
        for child in children:
            out, err = child.communicate(timeout=180)
            assert child.returncode == 0, err
            assert out == "met\n"
        assert len(list(meeting.iterdir())) == processes  # each came in, and they met
    conn = open_database(db)
    try:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    finally:
        conn.close()
