"""Home leaves no dead end: an empty Library says which folder a script goes in, and the
note on an interrupted session says what the patient can do next. Found by a first-time
patient's read ("Add a script to your scripts folder": which one?; "… was interrupted"
and nothing after it). Real window, real SQLite file, offscreen."""

from __future__ import annotations

from painease import paths
from painease.catalog import Catalog
from painease.ui.app import wait_until_ready
from tests.ui.test_crash import window_after_an_interruption
from tests.ui.test_session_flow import find, shown


def test_home_with_no_sessions_says_which_folder_a_script_goes_in(qtbot, make_window,
                                                                  preset):
    preset(welcome_seen=True)
    window = make_window(use_device=False)
    wait_until_ready(window)  # the bundled sessions have come: then none
    window.home.set_catalog(Catalog(), None)
    qtbot.waitUntil(lambda: shown(window, "suggestion-none"))
    said = find(window, "suggestion-none").text()
    assert str(paths.user_scripts_dir(create=False)) in said
    assert "reinstalling painease" in said.lower()


def test_an_interrupted_session_says_what_can_be_done_next(qtbot, make_window, preset):
    window = window_after_an_interruption(qtbot, make_window, preset)
    text = find(window, "interrupted-text").text()
    assert text.endswith(" You can start it again whenever you like, from the Library.")
