"""A built Library names what Home names after every change of Home's suggestion.

The Library opens on Home's suggestion (``home_suggestion.library_choice``: the two pages never
name different sessions) and followed it at a new day and after the set card's "Show …"
(``test_new_day_library``, ``test_show_other_set``). But a pack import that made a new set
current (the catalog reloaded: the Library kept its old preselection) and a set session
finished (Home's next moved on) left it on the session Home suggested before. Now any
rebuild of Home moves a built Library on, unless the patient chose there. Real windows
over a real SQLite file, a real pack, a real (silent) session.
"""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt

from tests.ui.test_home_set import start_rated_from, stop_and_skip_after, store_set, text
from tests.ui.test_library_choice import click_page, click_session, open_library
from tests.ui.test_new_day_library import shows
from tests.ui.test_patient_packs import card, choose_file, click
from tests.ui.test_patient_packs import therapist as therapist  # noqa: F401 - a fixture
from tests.ui.test_session_flow import find, shown


def test_the_library_follows_the_set_a_pack_import_makes_current(
        qtbot, make_window, preset, therapist):  # noqa: F811 - the fixture
    path = therapist.pack("two-weeks.painease")
    preset(welcome_seen=True)
    window = make_window(use_device=False)
    library = open_library(qtbot, window)
    before = shows(window)
    click_page(qtbot, window, "Home")
    click(qtbot, find(window, "import-pack"))
    choose_file(qtbot, card(window).file_dialog, path)
    qtbot.waitUntil(lambda: shown(window, "set-card"))
    assert text(window, "suggestion-title") == "Calm corner · 2 minutes"  # the set's next
    click_page(qtbot, window, "Library")
    qtbot.waitUntil(library.isVisible)
    # It stayed on what Home suggested before the import.
    assert shows(window) == ("calm-corner", 2.0) != before


def finish_from_home(qtbot, window) -> None:
    """Start Home's suggestion (the set's next) and finish it past half: it counts."""
    qtbot.waitUntil(lambda: shown(window, "home-start"))
    start_rated_from(qtbot, window, "home-start")
    stop_and_skip_after(qtbot, window, played_ms=3_300)  # of 6 s
    qtbot.mouseClick(find(window, "summary-done"), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: shown(window, "set-card")
                    and text(window, "set-next") == "Paced breathing · 5 minutes")


@pytest.mark.parametrize("patient_chose", [False, True])
def test_the_library_follows_homes_next_after_a_set_session_is_done(
        qtbot, make_window, short_script, preset, patient_chose):
    preset(welcome_seen=True)
    store_set(short_script, date.today())
    window = make_window(use_device=False)
    library = open_library(qtbot, window)
    assert shows(window) == (short_script, 0.1)  # the set's first item
    if patient_chose:  # what they chose stays
        click_session(qtbot, library, "tracking-with-curiosity")
    expected = shows(window) if patient_chose else ("paced-breathing", 5.0)
    click_page(qtbot, window, "Home")
    finish_from_home(qtbot, window)
    assert text(window, "suggestion-title") == "Paced breathing · 5 minutes"
    click_page(qtbot, window, "Library")
    qtbot.waitUntil(library.isVisible)
    # It stayed on the session just done while Home suggested the set's next.
    assert shows(window) == expected
