"""A full disk during a session, in the window: what could not be saved is said on the page
it was entered on (the Before and After pages, a banner for live ratings), kept there, and
saved once there is room, when pressed again or when the window closes. Nothing is lost.
A real store whose file may not grow (``fill_the_disk``), the player on its silent clock.
"""

from __future__ import annotations

from PySide6.QtCore import Qt

from painease.storage.notes import NOTE_LIMIT
from tests.test_session import fill_the_disk, free_some_space
from tests.ui.test_session_flow import choose_in_library, find, playing_rated_by_keys, rate, shown


def test_a_full_disk_is_said_on_the_page_and_nothing_is_lost(qtbot, make_window, preset,
                                                             short_script):
    preset(live_rating=True, welcome_seen=True)
    window = make_window(use_device=False)
    store = window.store
    choose_in_library(qtbot, window, short_script, length_row=1)
    rate(qtbot, window, "pre", 6, 5)
    find(window, "pre-note").setText("y" * NOTE_LIMIT)  # needs new pages
    fill_the_disk(store)
    qtbot.keyClick(find(window, "pre-continue"), Qt.Key.Key_Space)
    # Said on the Before page, which stays with its ratings; nothing started.
    assert shown(window, "pre-problem")
    # What was not saved, why, and what to do, each said once (the store's own line,
    # "…so the rating was not saved (path); free some space…", is not quoted).
    assert find(window, "pre-problem-text").text() == (
        "Your ratings are not saved yet: the disk is full. Nothing has started yet, and "
        "your ratings are still on this page. Free some space on the disk, then press the "
        "button again.")
    assert (find(window, "pre-pain").value(), find(window, "pre-fear").value()) == (6, 5)
    assert window.flow.session.stage.value == "pre-rating"
    free_some_space(store)
    qtbot.keyClick(find(window, "pre-continue"), Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: shown(window, "caption"))
    (row,) = store.sessions()
    assert store.ratings(row.id)["pre"].pain == 6

    # Live ratings that cannot be saved: a banner, and they are kept until there is room.
    session = window.flow.session
    qtbot.keyClick(find(window, "play-pause"), Qt.Key.Key_Space)  # paused
    fill_the_disk(store)
    live = find(window, "live-rating")
    for k in range(3000):
        live.setValue(k % 11)
    qtbot.waitUntil(lambda: shown(window, "store-banner"), timeout=20000)
    assert find(window, "store-banner-text").text() == (
        "Your live ratings are not saved yet: the disk is full. painease keeps them and "
        "tries again every few seconds. Free some space on the disk to let them be saved.")
    assert store.live_samples(row.id) == []
    free_some_space(store)
    qtbot.waitUntil(lambda: not shown(window, "store-banner"), timeout=20000)
    # Every move of the slider was a change (0, 1, … 10, 0, …): 3000 ratings, all saved.
    assert [s.value for s in store.live_samples(row.id)] == [k % 11 for k in range(3000)]
    assert session.store_problem is None

    # The After page too: said there, kept there, saved when pressed again.
    qtbot.keyClick(find(window, "play-pause"), Qt.Key.Key_Escape)
    qtbot.keyClick(find(window, "keep-going"), Qt.Key.Key_Tab)
    qtbot.keyClick(find(window, "confirm-stop"), Qt.Key.Key_Space)
    rate(qtbot, window, "post", 3, 2)
    find(window, "post-note").setPlainText("z" * NOTE_LIMIT)  # the journal entry needs room
    fill_the_disk(store)
    qtbot.keyClick(find(window, "post-continue"), Qt.Key.Key_Space)
    assert shown(window, "post-problem") and not shown(window, "summary")
    assert find(window, "post-problem-text").text() == (
        "Your ratings and your note are not saved yet: the disk is full. Your ratings from "
        "before are kept, and what you entered is still on this page. Free some space on "
        "the disk, then press the button again.")
    free_some_space(store)
    qtbot.keyClick(find(window, "post-continue"), Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: shown(window, "summary"))
    assert store.ratings(row.id)["post"].pain == 3
    assert len(store.journal_entries()[0].text) == NOTE_LIMIT
    window.close_flow()


def test_an_end_that_could_not_be_saved_is_said_and_saved_when_the_window_closes(
        qtbot, make_window, preset, short_script):
    window = playing_rated_by_keys(qtbot, make_window, preset, short_script)
    store = window.store
    (row,) = store.sessions()
    qtbot.keyClick(find(window, "play-pause"), Qt.Key.Key_Space)  # paused
    fill_the_disk(store)
    live = find(window, "live-rating")
    for k in range(3000):  # more than the disk takes
        live.setValue(k % 11)
    qtbot.keyClick(find(window, "play-pause"), Qt.Key.Key_Escape)
    qtbot.keyClick(find(window, "keep-going"), Qt.Key.Key_Tab)
    qtbot.keyClick(find(window, "confirm-stop"), Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: shown(window, "post-problem"))
    # What failed last was the live rating batch; what waits is the end: said once, so.
    assert find(window, "post-problem-text").text() == (
        "The end of this session is not saved yet: the disk is full. Free some space on "
        "the disk; the end is then saved with your ratings, or when you skip them.")
    assert find(window, "post-pain").hasFocus()  # said, without taking the focus
    assert store.session(row.id).outcome == "in_progress"
    # Skipped with a note while the disk is still full: the end and the note wait together.
    find(window, "post-note").setPlainText("Softer at the end.")
    qtbot.keyClick(find(window, "post-skip"), Qt.Key.Key_Space)
    assert find(window, "post-problem-text").text() == (
        "The end of this session and your note are not saved yet: the disk is full. Your "
        "ratings from before are kept, and what you entered is still on this page. Free "
        "some space on the disk, then press the button again.")
    assert store.session(row.id).outcome == "in_progress" and store.journal_entries() == []
    free_some_space(store)
    window.close_flow()  # closed instead of rated
    assert store.session(row.id).outcome == "stopped_early"
    assert len(store.live_samples(row.id)) == 3000
