"""A session the patient picked in the Library uses the pick up once it has taken place.

The Library follows Home's suggestion until the patient chooses there (``LibraryPage.
patient_chose``). That choice used to last for the rest of the run: a patient who picked a
session in the Library and did it was still offered that session days later, while Home
named the one planned for the day. Now the pick is used up when a session started from
the Library ends past the Before page (however it ended: stopped or done, the Summary left
by Done or by going to another page), and the Library names Home's suggestion again. Back
on the Before page started nothing: the pick stays. A session started from Home leaves it
alone (``test_library_follows_home``). The kind the patient chose stays unless it hides
Home's suggestion. Real windows over a real SQLite file, real (silent) sessions.
"""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt

from tests.ui.test_home_set import start_rated_from, stop_and_skip_after, store_set, text
from tests.ui.test_library_choice import click_page, click_session, open_library
from tests.ui.test_new_day_library import shows
from tests.ui.test_session_flow import find, shown

ALL = "All kinds of session"


def pick(qtbot, window, library, kind: str, script_id: str) -> None:
    kinds = find(window, "kind-filter")
    kinds.setCurrentIndex(kinds.findText(kind))
    click_session(qtbot, library, script_id)
    assert shows(window)[0] == script_id


def start_and_stop(qtbot, window) -> None:
    """Start what the Library shows, rate before, stop it at once and skip After."""
    start_rated_from(qtbot, window, "start-session")
    stop_and_skip_after(qtbot, window)


@pytest.mark.parametrize("kind, script_id, leave, kind_after", [
    (ALL, "paced-breathing", "done", ALL),
    # Breathing hides Home's suggestion (a somatic tracking session): every kind is shown.
    ("Breathing", "paced-breathing", "library", ALL),
    ("Somatic tracking", "tracking-with-curiosity", "done", "Somatic tracking"),
])
def test_a_session_picked_in_the_library_uses_the_pick_up(
        qtbot, make_window, short_script, preset, kind, script_id, leave, kind_after):
    preset(welcome_seen=True)
    store_set(short_script, date.today())
    window = make_window(use_device=False)
    library = open_library(qtbot, window)
    assert shows(window) == (short_script, 0.1)  # Home's suggestion: the set's first item
    pick(qtbot, window, library, kind, script_id)
    start_and_stop(qtbot, window)
    if leave == "done":
        qtbot.mouseClick(find(window, "summary-done"), Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: shown(window, "home-start"))
        click_page(qtbot, window, "Library")
    else:  # straight from the Summary to the Library (Ctrl+2 finishes the session)
        qtbot.keyClick(window, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(library.isVisible)
    assert text(window, "suggestion-title") == "A short test session · 0.1 minutes"
    # It used to keep the session just done, for the rest of the run.
    assert shows(window) == (short_script, 0.1)
    assert find(window, "kind-filter").currentText() == kind_after
    # From now on it follows Home again: the patient has not chosen since.
    assert not window.library.patient_chose


def test_back_on_the_before_page_keeps_the_pick(qtbot, make_window, short_script, preset):
    preset(welcome_seen=True)
    store_set(short_script, date.today())
    window = make_window(use_device=False)
    library = open_library(qtbot, window)
    pick(qtbot, window, library, "Breathing", "paced-breathing")
    qtbot.mouseClick(find(window, "start-session"), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: shown(window, "pre-back"))
    qtbot.mouseClick(find(window, "pre-back"), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(library.isVisible)
    assert shows(window) == ("paced-breathing", 5.0)
    assert find(window, "kind-filter").currentText() == "Breathing"
    # Nothing took place: it is still the patient's pick when Home is rebuilt again.
    click_page(qtbot, window, "Home")
    window.home.refresh()
    click_page(qtbot, window, "Library")
    qtbot.waitUntil(library.isVisible)
    assert shows(window) == ("paced-breathing", 5.0)
