"""Home's set card "Show …" (another of the patient's sets made current), followed through.

Found in review of the button: the Library, already built, still preselected the session
of the set shown before, so Home and the Library named different sessions (they never
should: ``home_page.library_choice``). Real windows over a real SQLite file.
"""

from __future__ import annotations

from datetime import date, timedelta

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget

from painease.domain.programs import Program, Schedule
from painease.storage import SessionStore
from painease.storage.programs import ProgramStore
from tests.ui.test_home_set import text
from tests.ui.test_library_choice import click_page, click_session, open_library
from tests.ui.test_new_day_library import shows
from tests.ui.test_session_flow import shown

LATERS = ("paced-breathing", 5.0)


def two_sets(short_script: str) -> tuple[Program, Program]:
    """"Set one", started three days ago, then "Later", imported today: Home shows Later."""
    today = date.today()
    first = Program.create("Set one", "Dr. Ana Moreno", [
        (short_script, 0.1, Schedule(times_per_week=2, weeks=2), None)])
    later = Program.create("Later", "Dr. Ana Moreno", [
        (LATERS[0], LATERS[1], Schedule(times_per_week=1, weeks=1), None)])
    with SessionStore.open_default() as store:
        sets = ProgramStore(store)
        sets.save_program(first, origin="imported", activate=True,
                          today=today - timedelta(days=3))
        sets.save_program(later, origin="imported", activate=True, today=today)
    return first, later


def show_other(qtbot, window) -> None:
    """Click the set card's "Show …" once it is laid out (a rebuilt Home's buttons are a
    moment without a size; the old card's may still wait for its deletion)."""
    def on_screen():
        return [b for b in window.findChildren(QWidget, "set-show-other")
                if b.isVisible() and not b.size().isEmpty()]

    qtbot.waitUntil(lambda: len(on_screen()) == 1)
    qtbot.mouseClick(on_screen()[0], Qt.MouseButton.LeftButton)


def test_the_library_follows_the_set_shown_on_home(qtbot, make_window, short_script,
                                                   preset):
    preset(welcome_seen=True)
    two_sets(short_script)
    window = make_window(use_device=False)
    open_library(qtbot, window)
    assert shows(window) == LATERS  # Home's suggestion: Later's next session
    click_page(qtbot, window, "Home")
    qtbot.waitUntil(lambda: shown(window, "set-show-other"))
    show_other(qtbot, window)
    qtbot.waitUntil(lambda: text(window, "set-title") == "Set one")
    assert text(window, "suggestion-title").startswith("A short test session")  # Set one's next
    click_page(qtbot, window, "Library")
    qtbot.waitUntil(window.library.list.isVisible)
    # It stayed on Later's paced breathing while Home suggested Set one's session.
    assert shows(window) == (short_script, 0.1)


def test_what_the_patient_chose_in_the_library_stays_when_a_set_is_shown(
        qtbot, make_window, short_script, preset):
    preset(welcome_seen=True)
    two_sets(short_script)
    window = make_window(use_device=False)
    library = open_library(qtbot, window)
    click_session(qtbot, library, "tracking-with-curiosity")
    chosen = shows(window)
    assert chosen[0] == "tracking-with-curiosity"
    click_page(qtbot, window, "Home")
    qtbot.waitUntil(lambda: shown(window, "set-show-other"))
    show_other(qtbot, window)
    qtbot.waitUntil(lambda: text(window, "set-title") == "Set one")
    click_page(qtbot, window, "Library")
    qtbot.waitUntil(library.isVisible)
    assert shows(window) == chosen
