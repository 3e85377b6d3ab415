"""A current set whose start day is so near the year 9999 that its planned days do not fit
in the calendar (the database edited: another connection stands for another program).

Found in review: its status raised an OverflowError, which Home's rebuild (catching
``StoreError`` only) let out, so Home showed nothing of what it could. Such a start day is
now a value the set cannot hold: ``ProgramStore.status`` says it as an ``UnreadableValue``
of ``started_on`` (``set_rows.status_in_calendar``), and Home says so where the set card
would be, as for any set that cannot be read. Real windows over a real SQLite file.
"""

from __future__ import annotations

import sqlite3
from datetime import date

import pytest

from painease.domain.programs import Program, Schedule
from painease.storage import SessionStore, StoreError
from painease.storage.programs import ProgramStore
from painease.storage.zones import own_zone
from tests.ui.test_home_set import text
from tests.ui.test_session_flow import shown


def damage(sql: str, set_id: str) -> None:
    """Another program's edit of the file (a second connection)."""
    with SessionStore.open_default() as store:
        path = store.database.path
    conn = sqlite3.connect(path)
    with conn:
        conn.execute(sql, {"set": set_id})
    conn.close()


# A start day whose planned days run past the year 9999 (the first: its second week does;
# the second: its one planned day fits, but the week it ends does not).
TOO_LATE = {"weeks past 9999": ("9999-12-25", 2), "its last week past 9999": ("9999-12-28", 1)}


def late_set(start: str, weeks: int) -> Program:
    program = Program.create("Far ahead", "Dr. Ana Moreno", [
        ("paced-breathing", 5.0, Schedule(times_per_week=1, weeks=weeks), None)])
    with SessionStore.open_default() as store:
        ProgramStore(store).save_program(program, origin="imported", activate=True,
                                         today=date.today())
    damage(f"UPDATE programs SET started_on = '{start}' WHERE id = :set", program.id)
    return program


@pytest.mark.parametrize("how", TOO_LATE)
def test_a_start_day_too_late_for_its_plan_is_a_set_that_cannot_be_read(painease_home,
                                                                        how):
    late_set(*TOO_LATE[how])
    with SessionStore.open_default() as store, pytest.raises(StoreError) as caught:
        status = ProgramStore(store).status(date.today(), tz=own_zone(store))
        status.plan_ended  # noqa: B018 -- what Home's card reads of it
    assert caught.value.where[0::2] == ("programs", "started_on")


@pytest.mark.parametrize("how", TOO_LATE)
def test_home_says_so_where_the_set_card_would_be(qtbot, make_window, preset, how):
    preset(welcome_seen=True)
    late_set(*TOO_LATE[how])
    window = make_window(use_device=False)
    qtbot.waitUntil(lambda: shown(window, "set-unreadable"))
    assert text(window, "set-unreadable-detail") == (
        "For whoever helps you with it: the programs table, column started_on holds a "
        "value that is not a start day whose planned days fit in the calendar.")
    assert shown(window, "suggestion-title")  # the rest of Home goes on
