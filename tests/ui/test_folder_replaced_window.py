"""The data folder restored from a backup while a session runs in the window.

Found by a concurrency probe: after ``rm -rf D && cp -r Dbackup D`` under an open window,
the session went on and ended "saved", with no banner, its live ratings and After ratings
written into the deleted file. Now each save finds the file at the store's path is not
the one it opened: the player's banner and the After page say that the session can no
longer be saved, that the data folder was moved or replaced while painease was open, and
that closing and opening painease again saves the next sessions (the player: once the
session is finished, if the patient likes); nothing reaches either file.

Through the real window and SQLite file; the session runs on the silent clock-only
output, paused so it does not end on its own."""

from __future__ import annotations

import shutil
import sqlite3

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton

from painease import paths
from painease.storage.store_errors import FOLDER_REPLACED as REPLACED  # the store's cause
from painease.storage.store_errors import folder_replaced
from painease.ui.session_flow import waiting_words
from tests.ui.test_session_flow import choose_in_library, find, rate, shown, start_rated

NOT_SAVED = "This session can no longer be saved"
AGAIN = "close painease and open it again, and your next sessions will be saved as usual."


def count(table: str) -> int:
    with sqlite3.connect(paths.database_path()) as connection:  # the file at the path now
        return connection.execute(f"SELECT count(*) FROM {table}").fetchone()[0]


def replace_folder(painease_home, tmp_path) -> None:
    backup = tmp_path / "backup"
    shutil.copytree(painease_home, backup)
    shutil.rmtree(painease_home)
    shutil.copytree(backup, painease_home)  # rm -rf D && cp -r Dbackup D


def live_rated(qtbot, make_window, preset, short_script):
    """A window playing the short script's second length, rated 7 and 6 before, its live
    rating up."""
    preset(live_rating=True, welcome_seen=True)
    window = make_window(use_device=False)
    start_rated(qtbot, window, short_script, 7, 6, length_row=1)
    qtbot.waitUntil(lambda: shown(window, "live-rating"))
    return window


def test_a_folder_replaced_under_a_running_session_is_said_and_saves_nowhere(
        qtbot, make_window, short_script, preset, painease_home, tmp_path):
    window = live_rated(qtbot, make_window, preset, short_script)
    qtbot.keyClick(find(window, "play-pause"), Qt.Key.Key_Space)  # paused
    session = window.flow.session
    replace_folder(painease_home, tmp_path)
    sessions_before = count("sessions")

    live = find(window, "live-rating")
    for value in (3, 4, 5):
        live.setValue(value)
    qtbot.waitUntil(lambda: shown(window, "store-banner"), timeout=20_000)
    said = find(window, "store-banner-text").text()
    assert said == (f"{NOT_SAVED}: {REPLACED}. You can finish the session if you like. "
                    f"Then {AGAIN}")
    assert [value for _, value in session._pending][-3:] == [3, 4, 5]  # kept, waiting

    qtbot.keyClick(find(window, "play-pause"), Qt.Key.Key_Escape)
    qtbot.keyClick(find(window, "keep-going"), Qt.Key.Key_Tab)
    qtbot.keyClick(find(window, "confirm-stop"), Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: shown(window, "post-pain"))
    assert find(window, "post-problem-text").text() == (
        f"{NOT_SAVED}, and neither can what you enter on this page: {REPLACED}. When you "
        f"are ready, {AGAIN}")
    rate(qtbot, window, "post", 2, 1)
    qtbot.keyClick(find(window, "post-continue"), Qt.Key.Key_Space)
    assert shown(window, "post-problem") and not shown(window, "summary")
    assert find(window, "post-problem-text").text() == (
        f"{NOT_SAVED}, and neither can your ratings: {REPLACED}. When you are ready, {AGAIN}")
    assert count("live_samples") == 0 and count("sessions") == sessions_before
    assert count("ratings") == sessions_before  # the backup's own Before rating only


def test_closing_after_the_folder_was_replaced_says_what_is_left_unsaved(tmp_path):
    # Closing cannot save it, nor can keeping painease open: said as that, not as "close
    # and open again to go on saving", which let it seem this session would be kept.
    refused = folder_replaced(tmp_path / "painease.sqlite3", "live ratings")
    assert waiting_words({"end", "live"}, refused) == (
        f"{NOT_SAVED}: {REPLACED}. The end of this session and your live ratings are left "
        "unsaved when painease closes. When you open it again, your next sessions will be "
        "saved as usual.")


def close_question(qtbot, window):
    window.close()
    question = window.close_question
    assert question is not None and question.objectName() == "close-unsaved-question"
    qtbot.waitUntil(question.isVisible)
    assert window.isVisible()
    assert question.accessibleDescription() == question.text()
    return question


def test_closing_on_the_after_page_of_a_replaced_folder_offers_only_to_close(
        qtbot, make_window, short_script, preset, painease_home, tmp_path):
    # "Keep painease open" could not help: nothing of this session can be saved, nor
    # finished, until painease starts again. Closing is the one choice (Enter and Esc too).
    window = live_rated(qtbot, make_window, preset, short_script)
    replace_folder(painease_home, tmp_path)
    find(window, "live-rating").setValue(3)
    window.flow.session.stop_early()
    qtbot.waitUntil(lambda: shown(window, "post-problem"))
    question = close_question(qtbot, window)
    assert question.text() == (
        f"{NOT_SAVED}: {REPLACED}. The end of this session and your live ratings are left "
        "unsaved when painease closes. When you open it again, your next sessions will be "
        "saved as usual.")
    assert [b.text() for b in question.buttons()] == ["Close painease"]
    assert question.defaultButton() is question.escapeButton() is question.findChild(
        QPushButton, "close-unsaved-question-yes")
    qtbot.keyClick(question, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not window.isVisible())


def test_closing_while_a_replaced_folders_session_plays_can_keep_it_open_to_listen(
        qtbot, make_window, short_script, preset, painease_home, tmp_path):
    # While the audio plays, keeping painease open still lets the patient hear the rest of
    # the session (unsaved, as the player's banner says): offered, with closing the default.
    window = live_rated(qtbot, make_window, preset, short_script)
    qtbot.keyClick(find(window, "play-pause"), Qt.Key.Key_Space)  # paused
    replace_folder(painease_home, tmp_path)
    find(window, "live-rating").setValue(3)
    question = close_question(qtbot, window)
    assert question.text() == (
        f"{NOT_SAVED}: {REPLACED}. Your live ratings are left unsaved when painease closes. "
        "You can keep painease open to listen to the rest of this session. When you open "
        "painease again, your next sessions will be saved as usual.")
    close = question.findChild(QPushButton, "close-unsaved-question-yes")
    keep = question.findChild(QPushButton, "close-unsaved-question-no")
    assert (close.text(), keep.text()) == ("Close painease", "Keep painease open")
    assert question.defaultButton() is close and question.escapeButton() is keep
    qtbot.keyClick(question, Qt.Key.Key_Escape)  # kept open: the session plays on
    qtbot.waitUntil(lambda: not question.isVisible())
    assert window.isVisible() and shown(window, "live-rating")


def test_a_replaced_folder_on_the_before_page_is_said_as_fits_it(
        qtbot, make_window, short_script, preset, painease_home, tmp_path):
    # Not "your next sessions will be saved" before this one has started.
    preset(welcome_seen=True)
    window = make_window(use_device=False)
    choose_in_library(qtbot, window, short_script)
    rate(qtbot, window, "pre", 6, 5)
    replace_folder(painease_home, tmp_path)
    qtbot.keyClick(find(window, "pre-continue"), Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: shown(window, "pre-problem"))
    assert find(window, "pre-problem-text").text() == (
        f"Your ratings cannot be saved: {REPLACED}. Nothing has started yet. Close painease "
        "and open it again, then start this session.")
