"""A set imported on Home while painease's own data file refuses the save: a full disk,
another program writing to the file, a file painease may not write, a damaged file. Each
is said in plain words with one next step, with no path and one colon (the store's own
line names the file, for a command line); the screen reader hears the same words, and
nothing of the set is saved.

Real keys, a real pack, real SQLite files and the real Home card offscreen: a full disk as
SQLite's page limit gives it (see tests/storage/test_failures.py), a real second
connection holding the write lock, a real read-only connection (``query_only``, so this
holds as root too), and pages of the file really overwritten on disk.
"""

from __future__ import annotations

import sqlite3

import pytest

from painease.domain.programs import Program, Schedule
from painease.storage import SessionStore
from painease.storage.programs import ProgramStore
from painease.ui.patient_actions import TherapistCard
from tests.ui.test_patients_import_problem import damage


def a_long_set() -> Program:
    """A set with long notes: saving it needs new pages in the file, as a full disk
    refuses (a short one fits in the pages a new file already has)."""
    note = "Notice the breath, and let it be as it is. " * 40
    return Program.create("Two weeks", "Dr. Ana Moreno", [
        ("calm-corner", 2, Schedule(times_per_week=2, weeks=2), note),
        ("paced-breathing", 5, Schedule(times_per_week=1, weeks=2), note),
        ("calm-corner", 2, Schedule(times_per_week=1, weeks=2), note)])


def full_disk(store: SessionStore) -> None:
    store.database.conn.execute("VACUUM")  # no free pages left for the set
    pages = store.database.conn.execute("PRAGMA page_count").fetchone()[0]
    store.database.conn.execute(f"PRAGMA max_page_count = {pages}")


def busy(store: SessionStore) -> sqlite3.Connection:
    store.database.conn.execute("PRAGMA busy_timeout = 50")  # gives up soon
    other = sqlite3.connect(store.path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")  # another program is writing
    return other


def read_only(store: SessionStore) -> None:
    store.database.conn.execute("PRAGMA query_only = ON")  # SQLite refuses every write


def damaged(store: SessionStore) -> None:
    damage(store.path)


SAID = {
    full_disk: "Not imported: the disk is full. Free some space on the disk, then import the "
               "set again.",
    busy: "Not imported: another program is using painease's data file. Wait until the "
          "other program has finished, then import the set again.",
    read_only: "Not imported: painease is not allowed to write to its data folder, so the "
               "set was not saved. Please ask whoever looks after this computer to let "
               "painease write there, then import the set again.",
    damaged: "Not imported: the file that keeps your sessions and ratings is damaged, so the "
             "set was not saved. painease does not delete or replace the file. Please keep "
             "it as it is and ask for help with it.",
}


@pytest.mark.parametrize("refuse", list(SAID), ids=lambda refuse: refuse.__name__)
def test_a_set_the_data_file_refuses_is_said_in_plain_words(make_pack, homes, qtbot,
                                                            refuse):
    pack = make_pack(a_long_set())
    database = homes.patient / "painease.sqlite3"
    with SessionStore(database) as store:
        card = TherapistCard(store)
        qtbot.addWidget(card)
        holder = refuse(store)
        try:
            assert card.import_file(pack) is None
        finally:
            if holder is not None:
                holder.close()  # its transaction wrote nothing: rolled back
        said = card.message.text()
        assert said == SAID[refuse]
        assert card.message.accessibleDescription() == said
        assert str(homes.patient) not in said and said.count(":") == 1
        if refuse is not damaged:  # the store can read again: nothing of the set is there
            store.database.conn.execute("PRAGMA query_only = OFF")
            assert ProgramStore(store).programs() == []
