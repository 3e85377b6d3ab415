"""Home's "Working with a therapist" card, and its set card, with a set that cannot be read
(review probe: real windows over a real SQLite file; another connection stands for
another program editing it).

Found: one set the database could not read (its start day edited to 'x', its schedule,
its title) made the whole card, Import pack… and Send results… with it, disappear from
Home, and nothing said why. The card now stays, with its actions, and says which set
could not be read (by its title when that can be read) and what to do, without a path or
an error's name; also beside a current set whose start day is too near the year 9999
(``test_set_start_too_late``).
"""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QLabel, QWidget

from tests.set_history import two_sets
from tests.ui.test_home_set import text
from tests.ui.test_session_flow import shown
from tests.ui.test_set_start_too_late import TOO_LATE, damage, late_set

DAMAGE = {
    "start day not a date": "UPDATE programs SET started_on = 'x' WHERE id = :set",
    "its item's schedule not a schedule":
        "UPDATE program_items SET schedule = 'x' WHERE program_id = :set",
    "its title not text": "UPDATE programs SET title = x'00ff' WHERE id = :set",
}


def card_words(window) -> str:
    card = window.findChild(QWidget, "therapist-card")
    return " ".join(w.text() for w in card.findChildren(QLabel))


def assert_card_with_its_actions(qtbot, window) -> None:
    qtbot.waitUntil(lambda: shown(window, "therapist-card"))
    assert shown(window, "import-pack") and shown(window, "send-results")


def assert_plain(words: str) -> None:
    assert "/" not in words and "\\" not in words, words  # no path
    assert "Error" not in words and "Value" not in words, words  # no Python error name


@pytest.mark.parametrize("how", DAMAGE)
def test_the_card_stays_and_says_which_set_could_not_be_read(qtbot, make_window,
                                                             short_script, preset, how):
    preset(welcome_seen=True)
    first, _later = two_sets(short_script)  # Home shows "Later"; "Set one" is older
    damage(DAMAGE[how], first.id)
    window = make_window(use_device=False)
    qtbot.waitUntil(lambda: shown(window, "set-title"))
    assert text(window, "set-title") == "Later"  # the readable current set, as before
    assert_card_with_its_actions(qtbot, window)
    said = text(window, "therapist-set-unreadable")
    if how == "its title not text":
        assert said.startswith("One of your sets from your therapist could not be read")
    else:
        assert said.startswith("Your set “Set one” could not be read")
    assert "ask your therapist" in said
    assert text(window, "therapist-known") == "Sets from: Dr. Ana Moreno"  # Later's
    assert_plain(card_words(window))


def test_with_the_current_set_unreadable_the_card_stays_too(qtbot, make_window,
                                                            short_script, preset):
    preset(welcome_seen=True)
    _first, later = two_sets(short_script)
    damage(DAMAGE["start day not a date"], later.id)
    window = make_window(use_device=False)
    qtbot.waitUntil(lambda: shown(window, "set-unreadable"))
    assert_card_with_its_actions(qtbot, window)
    assert text(window, "therapist-set-unreadable").startswith(
        "Your set “Later” could not be read")
    assert_plain(card_words(window))




@pytest.mark.parametrize("how", TOO_LATE)
def test_beside_a_start_day_too_late_for_its_plan_the_card_stays(qtbot, make_window, preset,
                                                                 how):
    preset(welcome_seen=True)
    late_set(*TOO_LATE[how])
    window = make_window(use_device=False)
    qtbot.waitUntil(lambda: shown(window, "set-unreadable"))
    assert_card_with_its_actions(qtbot, window)
    assert text(window, "therapist-known") == "Sets from: Dr. Ana Moreno"
