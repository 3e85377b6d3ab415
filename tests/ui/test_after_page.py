"""What a patient enters on the After page is kept: Skip keeps the note, and closing the
window with ratings or a note not yet saved asks first.

Closing on Before (nothing has started) or on the Summary (everything is saved) just
closes. Real window, real SQLite file in ``PAINEASE_HOME``, the short test script on the silent
output; driven with clicks and keys.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

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
    # Named as the button reads ("Continue" is on no button here).
    assert rules.text() == "“See what changed” saves your ratings, and your note if you wrote one."


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


def rate_after(qtbot, window, pain: int | None, fear: int | None) -> None:
    for name, value in (("post-pain", pain), ("post-fear", fear)):
        if value is not None:
            scale = find(window, name)
            scale.setFocus()
            qtbot.keyClick(scale, str(value))


def close_and_get_question(qtbot, window) -> QMessageBox:
    window.close()
    question = window.close_question
    assert question is not None and question.objectName() == "save-after-question"
    qtbot.waitUntil(question.isVisible)
    assert window.isVisible()  # not closed while the question is up
    return question


def test_closing_on_the_after_page_asks_and_save_keeps_ratings_and_note(
        qtbot, make_window, short_script):
    window = to_the_after_page(qtbot, make_window, short_script)
    rate_after(qtbot, window, 2, 1)
    write_note(qtbot, window, "Lighter in the chest.")
    question = close_and_get_question(qtbot, window)
    assert question.text() == "Save what you entered?"
    assert question.informativeText() == ("Your ratings after the session and your note are "
                                          "not saved yet.")
    save = question.button(QMessageBox.StandardButton.Save)
    drop = question.button(QMessageBox.StandardButton.Discard)
    cancel = question.button(QMessageBox.StandardButton.Cancel)
    assert [b.text() for b in (save, drop, cancel)] == ["Save", "Don't save", "Cancel"]
    assert all(b.accessibleName() and b.accessibleDescription() for b in (save, drop, cancel))
    assert question.defaultButton() is save
    qtbot.keyClick(question, Qt.Key.Key_Return)  # Enter: the default, Save
    qtbot.waitUntil(lambda: not window.isVisible())

    store = window.store
    (row,) = store.sessions()
    assert row.outcome == "stopped_early"
    post = store.ratings(row.id)["post"]
    assert (post.pain, post.fear) == (2, 1)
    assert [(e.session_id, e.text) for e in store.journal_entries()] == [
        (row.id, "Lighter in the chest.")]


def test_cancel_goes_back_to_the_page_and_dont_save_closes_with_nothing_more(
        qtbot, make_window, short_script):
    window = to_the_after_page(qtbot, make_window, short_script)
    rate_after(qtbot, window, 2, 1)
    write_note(qtbot, window, "Not sure yet.")
    question = close_and_get_question(qtbot, window)
    qtbot.keyClick(question, Qt.Key.Key_Escape)  # Esc: Cancel
    qtbot.waitUntil(lambda: not question.isVisible())
    assert window.isVisible() and shown(window, "post-continue")
    assert find(window, "post-note").toPlainText() == "Not sure yet."

    question = close_and_get_question(qtbot, window)
    qtbot.mouseClick(question.button(QMessageBox.StandardButton.Discard),
                     Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not window.isVisible())
    store = window.store
    (row,) = store.sessions()
    assert set(store.ratings(row.id)) == {"pre"}
    assert store.journal_entries() == []
    assert row.outcome == "stopped_early"  # kept as it ended, not left to look interrupted


def test_a_note_alone_is_saved_without_ratings(qtbot, make_window, short_script):
    window = to_the_after_page(qtbot, make_window, short_script)
    write_note(qtbot, window, "Tired but calm.")
    question = close_and_get_question(qtbot, window)
    assert question.informativeText() == "Your note is not saved yet."
    qtbot.mouseClick(question.button(QMessageBox.StandardButton.Save),
                     Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not window.isVisible())
    (row,) = window.store.sessions()
    assert set(window.store.ratings(row.id)) == {"pre"}
    assert [e.text for e in window.store.journal_entries()] == ["Tired but calm."]


def test_one_scale_without_a_note_cannot_be_saved_and_the_question_says_so(
        qtbot, make_window, short_script):
    window = to_the_after_page(qtbot, make_window, short_script)
    rate_after(qtbot, window, 5, None)
    question = close_and_get_question(qtbot, window)
    assert question.button(QMessageBox.StandardButton.Save) is None
    assert question.defaultButton() is question.button(QMessageBox.StandardButton.Cancel)
    assert question.informativeText() == (
        "Only the pain has a number. Ratings are saved when both scales have one: choose "
        "Cancel to finish rating.")


def test_closing_with_nothing_entered_on_the_after_page_just_closes(qtbot, make_window,
                                                                   short_script):
    window = to_the_after_page(qtbot, make_window, short_script)
    write_note(qtbot, window, "  ")
    window.close()
    qtbot.waitUntil(lambda: not window.isVisible())
    (row,) = window.store.sessions()
    assert row.outcome == "stopped_early" and set(window.store.ratings(row.id)) == {"pre"}


def test_closing_on_before_or_on_the_summary_just_closes_and_keeps_what_was_confirmed(
        qtbot, make_window, short_script):
    from tests.ui.test_session_flow import choose_in_library

    window = make_window(use_device=False)
    choose_in_library(qtbot, window, short_script)
    qtbot.waitUntil(lambda: shown(window, "pre-pain"))
    find(window, "pre-pain").setValue(4)  # chosen, not confirmed: the session never began
    window.close()
    qtbot.waitUntil(lambda: not window.isVisible())
    assert window.store.sessions() == []

    window = to_the_after_page(qtbot, make_window, short_script)
    rate_after(qtbot, window, 2, 1)
    write_note(qtbot, window, "Softer.")
    qtbot.mouseClick(find(window, "post-continue"), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: shown(window, "summary-done"))
    window.close()
    qtbot.waitUntil(lambda: not window.isVisible())
    (row,) = window.store.sessions()
    assert (window.store.ratings(row.id)["post"].pain, row.outcome) == (2, "stopped_early")
    assert [e.text for e in window.store.journal_entries()] == ["Softer."]


def test_the_note_stops_at_the_limit_a_results_file_keeps_and_says_so(qtbot):
    # Once the box took any length, and a results file with the note in it was refused by
    # the therapist's painease ("must be text of at most 20000 characters").
    from PySide6.QtWidgets import QApplication

    from painease.storage.notes import NOTE_LIMIT
    from painease.storage.results import JournalRecord
    from painease.ui.rating_page import RatingPage

    page = RatingPage("post")
    qtbot.addWidget(page)
    page.show()
    note, full = page.note, find(page, "post-note-limit")
    assert not full.isVisible()
    assert f"up to {NOTE_LIMIT:,} characters" in note.accessibleDescription()
    note.setFocus()
    qtbot.keyClicks(note, "Warm.")
    QApplication.clipboard().setText("x" * NOTE_LIMIT + " and more")
    note.paste()  # far past the limit: only what fits goes in
    assert note.toPlainText() == "Warm." + "x" * (NOTE_LIMIT - 5)
    assert full.isVisible() and full.text() == (
        "This note is as long as a note can be (20,000 characters), so no more can be added.")
    assert note.accessibleDescription().endswith(full.text())
    qtbot.keyClicks(note, "y")
    assert len(note.toPlainText()) == NOTE_LIMIT and not note.toPlainText().endswith("y")

    # In the middle, what follows the cursor stays; an emoji counts once, as Python counts.
    cursor = note.textCursor()
    cursor.setPosition(3)
    note.setTextCursor(cursor)
    qtbot.keyClick(note, Qt.Key.Key_Delete)
    qtbot.keyClick(note, Qt.Key.Key_Delete)  # "Warxxx…": room for two more
    assert not full.isVisible() and note.accessibleDescription() == page.note_says
    QApplication.clipboard().setText("😀😀😀")
    note.paste()
    assert note.toPlainText() == "War😀😀" + "x" * (NOTE_LIMIT - 5)
    assert full.isVisible()

    with qtbot.waitSignal(page.submitted) as sent:
        page.pain.setValue(3)
        page.fear.setValue(2)
        qtbot.mouseClick(page.go, Qt.MouseButton.LeftButton)
    kept = sent.args[2]
    assert len(kept) == NOTE_LIMIT
    JournalRecord.from_dict({"uid": "ab" * 16, "session_uid": None, "text": kept,
                             "written_at": "2026-11-02T09:00:00.000Z"})  # a file keeps it


def test_the_before_note_stops_at_the_same_limit(qtbot):
    from PySide6.QtWidgets import QApplication

    from painease.storage.notes import NOTE_LIMIT
    from painease.ui.rating_page import RatingPage

    page = RatingPage("pre")
    qtbot.addWidget(page)
    page.show()
    note, full = page.note, find(page, "pre-note-limit")
    note.setFocus()
    QApplication.clipboard().setText("y" * (NOTE_LIMIT + 10))
    note.paste()
    assert note.text() == "y" * NOTE_LIMIT
    assert full.isVisible() and note.accessibleDescription().endswith(full.text())


def test_the_before_note_counts_characters_as_the_after_note_does(qtbot):
    # An emoji is one character to a results file and to the "full" line, two to Qt: the
    # Before note stopped at 10,000 emoji, half its limit, and said nothing (a review).
    from PySide6.QtWidgets import QApplication

    from painease.storage.notes import NOTE_LIMIT
    from painease.ui.rating_page import RatingPage

    page = RatingPage("pre")
    qtbot.addWidget(page)
    page.show()
    note, full = page.note, find(page, "pre-note-limit")
    note.setText("😀" * (NOTE_LIMIT + 5))
    assert note.text() == "😀" * NOTE_LIMIT
    assert full.isVisible() and full.text() == (
        "This note is as long as a note can be (20,000 characters), so no more can be added.")
    assert note.accessibleDescription() == f"{page.note_says} {full.text()}"
    note.setFocus()
    qtbot.keyClicks(note, "y")
    assert note.text() == "😀" * NOTE_LIMIT

    # In the middle, what follows the cursor stays, as in the After page's note.
    note.setCursorPosition(6)  # Qt's units: after three emoji
    qtbot.keyClick(note, Qt.Key.Key_Backspace)
    qtbot.keyClick(note, Qt.Key.Key_Backspace)  # room for two more
    assert not full.isVisible() and note.accessibleDescription() == page.note_says
    QApplication.clipboard().setText("abc")
    note.paste()
    assert note.text() == "😀ab" + "😀" * (NOTE_LIMIT - 3)
    assert full.isVisible()
