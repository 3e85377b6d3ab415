"""Library: the kind filter and the chosen session. Start plays what the details show,
and narrowing the list to a kind that still holds the chosen session keeps it chosen."""

from __future__ import annotations

from PySide6.QtCore import Qt

from painease.ui.library_page import ID_ROLE
from tests.ui.test_session_flow import find

CHOSEN = "tracking-with-curiosity"  # a somatic tracking session, lengths 10 and 15


def open_library(qtbot, window):
    qtbot.keyClick(window, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
    library = find(window, "library-list")
    qtbot.waitUntil(library.isVisible)
    return library


def click_session(qtbot, library, script_id: str) -> None:
    row = next(r for r in range(library.count())
               if library.item(r).data(ID_ROLE) == script_id)
    qtbot.mouseClick(library.viewport(), Qt.MouseButton.LeftButton,
                     pos=library.visualItemRect(library.item(row)).center())


def test_a_filter_that_still_shows_the_chosen_session_keeps_it_and_its_length(
        qtbot, make_window):
    window = make_window()
    library = open_library(qtbot, window)
    click_session(qtbot, library, CHOSEN)
    length = find(window, "length-choice")
    length.setCurrentIndex(length.findData(15.0))
    kind = find(window, "kind-filter")
    kind.setCurrentIndex(kind.findText("Somatic tracking"))
    # It used to jump to the first somatic tracking session, at its first length.
    assert library.currentItem().data(ID_ROLE) == CHOSEN
    assert length.currentData() == 15.0
    started = []
    window.library.start_requested.connect(lambda *args: started.append(args))
    qtbot.mouseClick(find(window, "start-session"), Qt.MouseButton.LeftButton)
    assert started == [(CHOSEN, 15.0)]


def test_a_filter_that_hides_the_chosen_session_starts_only_what_is_shown(
        qtbot, make_window):
    window = make_window()
    library = open_library(qtbot, window)
    click_session(qtbot, library, CHOSEN)
    kind = find(window, "kind-filter")
    kind.setCurrentIndex(kind.findText("Breathing"))
    assert library.currentItem().data(ID_ROLE) == "paced-breathing"
    assert find(window, "library-list").currentItem().text().startswith("Paced breathing")
    started = []
    window.library.start_requested.connect(lambda *args: started.append(args))
    qtbot.mouseClick(find(window, "start-session"), Qt.MouseButton.LeftButton)
    assert started == [("paced-breathing", 5.0)]
