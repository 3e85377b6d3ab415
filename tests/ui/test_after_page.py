"""What a patient enters on the After page is kept: Skip keeps the note, and closing the
window with ratings or a note not yet saved asks first.

Real window, real SQLite file in ``PAINEASE_HOME``, the short test script on the silent
output; driven with clicks and keys.
"""

from __future__ import annotations

from PySide6.QtCore import Qt

from tests.ui.test_main_window import start_silent_session
from tests.ui.test_session_flow import find, shown


def to_the_after_page(qtbot, make_window, script_id: str):
    """A window on the After page of the short script, rated 3/3 before, ended early."""
    window = start_silent_session(qtbot, make_window, script_id)
    qtbot.waitUntil(lambda: shown(window, "caption"))
    qtbot.keyClick(find(window, "play-pause"), Qt.Key.Key_Escape)
    qtbot.mouseClick(find(window, "confirm-stop"), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: shown(window, "post-skip"))
    return window


def write_note(qtbot, window, text: str) -> None:
    note = find(window, "post-note")
    note.setFocus()
    qtbot.keyClicks(note, text)


def test_skip_keeps_the_note_as_the_sessions_journal_entry(qtbot, make_window, short_script):
    window = to_the_after_page(qtbot, make_window, short_script)
    write_note(qtbot, window, "My shoulder let go a little.")
    qtbot.mouseClick(find(window, "post-skip"), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: shown(window, "summary"))

    store = window.store
    (row,) = store.sessions()
    assert set(store.ratings(row.id)) == {"pre"}  # Skip: no rating afterwards
    (entry,) = store.journal_entries()
    assert (entry.session_id, entry.text) == (row.id, "My shoulder let go a little.")


def test_skip_with_a_blank_note_stores_no_journal_entry(qtbot, make_window, short_script):
    window = to_the_after_page(qtbot, make_window, short_script)
    write_note(qtbot, window, "   ")
    qtbot.mouseClick(find(window, "post-skip"), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: shown(window, "summary"))
    assert window.store.journal_entries() == []


def test_the_after_page_says_what_continue_needs_and_what_skip_keeps(qtbot, make_window,
                                                                   short_script):
    window = to_the_after_page(qtbot, make_window, short_script)
    rules = find(window, "post-rules")
    assert rules.isVisible()
    assert rules.text() == ("To save your ratings, choose a number on both scales. Skip "
                            "leaves the ratings out; a note you write here is still saved.")
    assert "note" in find(window, "post-skip").accessibleDescription()
    # One scale only: Continue waits, and the page says which scale it waits for.
    pain = find(window, "post-pain")
    pain.setFocus()
    qtbot.keyClick(pain, "4")
    assert not find(window, "post-continue").isEnabled()
    assert rules.text() == ("Choose a number for the sense of threat too, to save your "
                            "ratings. With Skip, no ratings are saved; your note still is.")
    fear = find(window, "post-fear")
    fear.setFocus()
    qtbot.keyClick(fear, "2")
    assert find(window, "post-continue").isEnabled()
    assert rules.text() == "Continue saves your ratings, and your note if you wrote one."


def test_a_note_with_only_one_scale_rated_is_kept_by_skip(qtbot, make_window, short_script):
    window = to_the_after_page(qtbot, make_window, short_script)
    fear = find(window, "post-fear")
    fear.setFocus()
    qtbot.keyClick(fear, "2")
    write_note(qtbot, window, "Calmer, pain about the same.")
    assert not find(window, "post-continue").isEnabled()
    qtbot.mouseClick(find(window, "post-skip"), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: shown(window, "summary"))
    store = window.store
    (row,) = store.sessions()
    assert set(store.ratings(row.id)) == {"pre"}  # half a rating is not a rating
    assert [e.text for e in store.journal_entries()] == ["Calmer, pain about the same."]
