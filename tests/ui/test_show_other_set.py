"""Home's set card "Show …" (another of the patient's sets made current), followed through.

Found in review of the button: the Library, already built, still preselected the session
of the set shown before, so Home and the Library named different sessions (they never
should: ``home_suggestion.library_choice``); and a click whose activation failed (the set gone,
the data file in use by another program) only rebuilt Home as it was, saying nothing.
Real windows over a real SQLite file; another connection stands for another program.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget

from painease import paths
from painease.storage import SessionStore
from painease.storage.programs import ProgramStore
from tests.set_history import LATERS, two_sets
from tests.ui.settled import wait_settled
from tests.ui.test_home_set import text
from tests.ui.test_library_choice import click_page, click_session, open_library
from tests.ui.test_new_day_library import shows
from tests.ui.test_session_flow import find, shown


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


def test_a_set_that_cannot_be_shown_while_the_data_file_is_busy_says_so(
        qtbot, make_window, short_script, preset):
    preset(welcome_seen=True)
    two_sets(short_script)
    window = make_window(use_device=False)
    qtbot.waitUntil(lambda: shown(window, "set-show-other"))
    window.store.database.conn.execute("PRAGMA busy_timeout = 50")  # gives up soon
    other = sqlite3.connect(paths.database_path(), isolation_level=None)
    other.execute("BEGIN IMMEDIATE")  # another program is writing
    try:
        with qtbot.captureExceptions() as errors:
            show_other(qtbot, window)
            # It used to rebuild Home as it was, saying nothing.
            qtbot.waitUntil(lambda: shown(window, "set-show-problem"))
        assert errors == []
        assert text(window, "set-title") == "Later"  # still the set shown
        assert text(window, "set-show-problem-text") == (
            "“Set one” is not shown just now: another program is using painease's data "
            "file. Wait until the other program has finished, then press Show “Set one” "
            "again.")
        assert find(window, "set-show-problem-text").hasFocus()  # the keyboard is told too
    finally:
        other.execute("ROLLBACK")
        other.close()
    show_other(qtbot, window)  # the other program has finished
    qtbot.waitUntil(lambda: text(window, "set-title") == "Set one")
    assert not shown(window, "set-show-problem")


def test_a_set_removed_meanwhile_says_it_is_no_longer_here(qtbot, make_window,
                                                            short_script, preset):
    preset(welcome_seen=True)
    first, _ = two_sets(short_script)
    window = make_window(use_device=False)
    qtbot.waitUntil(lambda: shown(window, "set-show-other"))
    with SessionStore.open_default() as store:  # e.g. from the command line
        ProgramStore(store).delete_program(first.id)
    with qtbot.captureExceptions() as errors:
        show_other(qtbot, window)
        qtbot.waitUntil(lambda: shown(window, "set-show-problem"))
    assert errors == []
    assert text(window, "set-title") == "Later"
    assert text(window, "set-show-problem-text") == (
        "“Set one” is not shown: it is no longer on this computer. Importing its pack "
        "from your therapist again brings it back.")
    assert not shown(window, "set-show-other")  # not offered again


def test_what_home_says_when_the_choice_cannot_be_saved():
    """The other ways the write can fail: what to do first, then the button again."""
    from painease.storage import StoreError
    from painease.storage.store_errors import folder_replaced
    from painease.ui.set_card import not_shown_words

    full = StoreError("the disk is full, so the current set was not saved",
                      cause="the disk is full", remedy="free some space on the disk")
    assert not_shown_words("Set one", full) == (
        "“Set one” is not shown just now: the disk is full. Free some space on the disk, "
        "then press Show “Set one” again.")
    moved = folder_replaced(Path("/data/painease.sqlite3"), "the current set")
    assert not_shown_words("Set one", moved) == (
        "“Set one” is not shown: the data folder was moved or replaced while painease was "
        "open. Please close painease and open it again, then press Show “Set one” again.")
    other = StoreError("cannot save the current set in /x: something odd")
    assert not_shown_words("Set one", other) == (
        "“Set one” is not shown just now: painease could not save which set to show. "
        "Please press Show “Set one” again in a moment.")


def test_a_long_set_title_wraps_its_show_button_at_large_text(
        qtbot, make_window, short_script, preset, monkeypatch):
    # Found by an accessibility check: at 200 % on a 20 pt desktop, "Show “Weeks three and
    # four: gentle tracking with breath”" asked for 1574 px on one line in a 686 px view,
    # so Home scrolled sideways by 982 px and Start was off screen. Its words now wrap,
    # as "Choose another session" does.
    from painease.ui import theme
    from tests.ui.test_big_desktop_font import beyond_width

    monkeypatch.setattr(theme, "_desktop_points", 20.0)  # as test_big_desktop_font
    preset(welcome_seen=True, text_size=200)
    long = "Weeks three and four: gentle tracking with breath"
    two_sets(short_script, first_title=long)
    window = make_window(use_device=False)
    window.resize(1000, 800)
    qtbot.waitUntil(lambda: shown(window, "set-show-other"))
    wait_settled(window)
    show = find(window, "set-show-other")
    assert show.text() == f"Show “{long}”"  # the whole title, on more than one line
    assert show.height() > show.sizeHint().height()
    assert beyond_width(window.home) == []
    show_other(qtbot, window)  # it still does what it says
    qtbot.waitUntil(lambda: text(window, "set-title") == long)
