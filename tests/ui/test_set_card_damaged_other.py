"""Home's set card with another of the patient's sets damaged (review probe, real SQLite).

Since the card names the patient's other sets with sessions still planned
(``set_card.still_planned``), it read every set: one older set the database could not
read (its start day edited to 'x') raised out of Home's rebuild, and Home lost the
current set's card, which it showed before. The card now leaves out a set it cannot read
and still names the others.
"""

from __future__ import annotations

import sqlite3
from datetime import date, timedelta

import pytest
from PySide6.QtWidgets import QLabel

from painease.storage import SessionStore
from painease.ui.set_card import set_card
from tests.set_history import one_item_set, set_session

START = date(2026, 11, 30)

DAMAGE = {
    "start day not a date": "UPDATE programs SET started_on = 'x' WHERE id = :set",
    "start day too late for its plan":
        "UPDATE programs SET started_on = '9999-12-25' WHERE id = :set",
    "its item's schedule not a schedule":
        "UPDATE program_items SET schedule = 'x' WHERE program_id = :set",
}


def damage(path, sql: str, set_id: str) -> None:
    """Another program's edit of the file (a second connection)."""
    conn = sqlite3.connect(path)
    with conn:
        conn.execute(sql, {"set": set_id})
    conn.close()


def others_named(card) -> list[str]:
    return [w.text() for w in card.findChildren(QLabel, "set-other")]


@pytest.mark.parametrize("how", DAMAGE)
def test_a_damaged_other_set_is_left_out_and_the_others_still_named(qtbot, tmp_path, how):
    path = tmp_path / "painease.sqlite3"
    with SessionStore(path) as store:
        kept = one_item_set(store, START, times_per_week=2, weeks=3, title="Kept")
        damaged = one_item_set(store, START, times_per_week=2, weeks=3, title="Damaged")
        set_session(store, damaged, START)  # 1 of 6 done: still planned
        one_item_set(store, START + timedelta(days=1), times_per_week=2, weeks=2,
                     title="New")
    damage(path, DAMAGE[how], damaged.id)
    with SessionStore(path) as store:
        card = set_card(None, store, START + timedelta(days=2))
        qtbot.addWidget(card)
    assert card.findChild(QLabel, "set-title").text() == "New"  # the current set's card
    named = others_named(card)
    assert len(named) == 1 and f"“{kept.title}”" in named[0]


def test_home_keeps_the_current_sets_card_in_the_real_window(qtbot, make_window,
                                                             short_script, preset):
    from tests.set_history import two_sets
    from tests.ui.test_home_set import text
    from tests.ui.test_session_flow import shown

    preset(welcome_seen=True)
    first, _later = two_sets(short_script)  # Home shows "Later"; "Set one" is older
    with SessionStore.open_default() as store:
        path = store.database.path
    damage(path, DAMAGE["start day not a date"], first.id)
    window = make_window(use_device=False)
    qtbot.waitUntil(lambda: shown(window, "set-title"))
    assert text(window, "set-title") == "Later"
    assert text(window, "set-progress-text") == "0 of 1 done"
    assert not shown(window, "set-show-other")  # the damaged set is not offered
