"""Importing a pack while one of the patient's sets cannot be read (a value in it edited or
damaged outside painease: another connection stands for another program).

Found in review: with any set unreadable, every import was refused ("a value in the
database cannot be read: … column started_on holds 'x' …"): ``install_pack`` read all the
sets to find the pack's own, so the patient could take no new set from their therapist.
Now a pack for another set is imported, the unreadable set left exactly as it is; a pack
for the unreadable set itself is refused in plain words naming it, with what to do, and
nothing is written (its version, key and start day cannot be trusted to decide what a
pack may replace: see ``painease.packs.install``). The CLI says the same.

Real keys, real packs, a real SQLite file, the real Home card offscreen, a real CLI run.
"""

from __future__ import annotations

import dataclasses
import sqlite3
from datetime import UTC, date, datetime

import pytest

from painease.domain.programs import Program, Schedule
from painease.packs.install import import_pack
from painease.packs.pack import PackError
from painease.storage import SessionStore
from painease.storage.programs import ProgramStore
from painease.ui.patient_actions import TherapistCard
from tests.packs.conftest import make_program, snapshot
from tests.test_cli import painease

DAMAGE = {
    "start day not a date": "UPDATE programs SET started_on = 'x' WHERE id = :set",
    "its item's schedule not a schedule":
        "UPDATE program_items SET schedule = 'x' WHERE program_id = :set",
    "its title not text": "UPDATE programs SET title = x'00ff' WHERE id = :set",
}


def damage(store: SessionStore, how: str, set_id: str) -> None:
    """Another program's edit of the file (a second connection)."""
    conn = sqlite3.connect(store.database.path)
    with conn:
        conn.execute(DAMAGE[how], {"set": set_id})
    conn.close()


def rows(store: SessionStore, set_id: str) -> tuple:
    """Everything the database holds of the set, as stored (nothing parsed)."""
    conn = store.database.conn
    return tuple(conn.execute(f"SELECT * FROM {table} WHERE {column} = ?"
                              f" ORDER BY {order}", (set_id,)).fetchall()
                 for table, column, order in (("programs", "id", "id"),
                                              ("program_items", "program_id", "position"),
                                              ("program_sessions", "program_id",
                                               "session_id")))


def another_set() -> Program:
    return Program.create("Gentle start", "Dr. Ana Moreno", [
        ("paced-breathing", 5, Schedule(times_per_week=3, weeks=1), None)])


def an_unreadable_set(make_pack, store, how: str) -> Program:
    """"Two weeks", imported and started, with one session done for it; then damaged."""
    first = make_program()
    assert import_pack(make_pack(first, "first.painease"), store,
                       today=date(2026, 11, 2)).status == "new"
    session = store.start_session("paced-breathing", 1, 5,
                                  started_at=datetime(2026, 11, 3, 9, tzinfo=UTC),
                                  program_item=(first.id, 2))
    assert session
    damage(store, how, first.id)
    return first


@pytest.mark.parametrize("how", DAMAGE)
def test_a_pack_for_another_set_is_imported_and_the_unreadable_one_left_as_it_is(
        make_pack, store, how):
    first = an_unreadable_set(make_pack, store, how)
    before = rows(store, first.id)
    result = import_pack(make_pack(another_set(), "second.painease"), store,
                         today=date(2026, 11, 9))
    assert result.status == "new" and result.written
    sets = ProgramStore(store)
    assert sets.current().program == result.program  # the new set is Home's
    assert rows(store, first.id) == before  # not deleted, not changed, its session kept


@pytest.mark.parametrize("how", DAMAGE)
def test_a_pack_for_the_unreadable_set_is_refused_and_nothing_written(make_pack, store,
                                                                      homes, how):
    first = an_unreadable_set(make_pack, store, how)
    newer = make_pack(dataclasses.replace(first, version=2), "newer.painease")
    before = snapshot(homes.patient)
    with pytest.raises(PackError) as refused:
        import_pack(newer, store, today=date(2026, 11, 9))
    said = str(refused.value)
    assert said.startswith("your set “Two weeks” is already here, but part of it cannot "
                           "be read (the program"), said
    assert said.endswith("so this pack was not imported and nothing was changed; your "
                         "sessions and ratings are kept. Please ask your therapist, or "
                         "whoever helps you with your computer, to look at that set with "
                         "you, then import this pack again"), said
    assert snapshot(homes.patient) == before


def test_home_imports_beside_an_unreadable_set_and_refuses_it_plainly(make_pack, store,
                                                                       homes, qtbot):
    first = an_unreadable_set(make_pack, store, "start day not a date")
    card = TherapistCard(store)
    qtbot.addWidget(card)
    assert card.import_file(make_pack(another_set(), "second.painease")) == "new"
    assert card.message.text().startswith("Added “Gentle start” (version 1) from Dr. Ana "
                                          "Moreno.")
    assert card.import_file(make_pack(dataclasses.replace(first, version=2),
                                      "newer.painease")) is None
    said = card.message.text()
    assert said.startswith("Not imported: your set “Two weeks” is already here, but part "
                           "of it cannot be read (the programs table, row of the set "
                           "“Two weeks”, column started_on holds 'x', which is not a "
                           "date), so this pack was not imported"), said
    assert str(homes.patient) not in said and "Error" not in said
    assert card.message.accessibleDescription() == said


def test_the_cli_imports_beside_an_unreadable_set_and_refuses_it_plainly(make_pack, store,
                                                                         homes):
    first = an_unreadable_set(make_pack, store, "start day not a date")
    other = make_pack(another_set(), "second.painease")
    newer = make_pack(dataclasses.replace(first, version=2), "newer.painease")
    done = painease("pack", "import", str(other), data_dir=homes.patient)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("added “Gentle start” (version 1) from Dr. Ana Moreno")
    refused = painease("pack", "import", str(newer), data_dir=homes.patient)
    assert refused.returncode != 0
    assert "your set “Two weeks” is already here, but part of it cannot be read" in (
        refused.stderr), refused.stderr
    assert "then import this pack again" in refused.stderr
    assert "Traceback" not in refused.stderr
    assert ProgramStore(store).program(another_set_id(store)).program.title == (
        "Gentle start")


def another_set_id(store: SessionStore) -> str:
    return store.database.conn.execute(
        "SELECT id FROM programs WHERE title = 'Gentle start'").fetchone()[0]
