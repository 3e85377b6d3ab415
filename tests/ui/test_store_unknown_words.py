"""A store error with no known cause (a closed store, the wrong thread, SQLite's own words
in the store's last line, "cannot … in /path/painease.sqlite3: …") on a patient's page:
plain words, no path (``painease.ui.data_file_words.store_cause``). The player's banner,
the Before page, the question on closing, Home's set card and Insights said the store's
own line, path and all.

Real SQLite files: a table the write or read needs renamed away under the window (an
edited file), which SQLite refuses in words of its own ("no such table").
"""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime, timedelta

from PySide6.QtCore import Qt

from painease import paths
from painease.storage import SessionStore
from painease.storage.store_errors import translate_error
from painease.ui.session_flow import end_not_saved, not_saved, waiting_words
from painease.ui.set_card import helper_words
from tests.insights_history import add_session
from tests.ui.insights_view import open_insights
from tests.ui.test_session_flow import choose_in_library, find, playing_rated_by_keys, rate, shown

UNKNOWN = "painease could not use the file that keeps your sessions and ratings"


def plain(said: str, home) -> None:
    assert str(home) not in said and "sqlite" not in said.lower() and "/" not in said
    assert UNKNOWN in said


def test_the_player_banner_says_an_unknown_cause_without_a_path(
        qtbot, make_window, preset, short_script, painease_home):
    window = playing_rated_by_keys(qtbot, make_window, preset, short_script)
    qtbot.keyClick(find(window, "play-pause"), Qt.Key.Key_Space)  # paused
    window.store.database.conn.execute("ALTER TABLE live_samples RENAME TO gone")
    live = find(window, "live-rating")
    for k in range(20):
        live.setValue(k % 11)
    qtbot.waitUntil(lambda: shown(window, "store-banner"), timeout=20000)
    said = find(window, "store-banner-text").text()
    assert said == (f"Your live ratings are not saved yet: {UNKNOWN}. painease keeps them and "
                    "tries again every few seconds.")
    plain(said, painease_home)
    window.store.database.conn.execute("ALTER TABLE gone RENAME TO live_samples")


def test_the_before_page_says_an_unknown_cause_without_a_path(
        qtbot, make_window, preset, short_script, painease_home, capsys):
    preset(welcome_seen=True)
    window = make_window(use_device=False)
    choose_in_library(qtbot, window, short_script, length_row=1)
    rate(qtbot, window, "pre", 6, 5)
    window.store.database.conn.execute("ALTER TABLE sessions RENAME TO gone")
    qtbot.keyClick(find(window, "pre-continue"), Qt.Key.Key_Space)
    assert shown(window, "pre-problem")
    said = find(window, "pre-problem-text").text()
    plain(said, painease_home)
    assert said.startswith(f"Your ratings are not saved yet: {UNKNOWN}. ")
    assert str(painease_home) in capsys.readouterr().err  # the whole line, for whoever helps
    window.store.database.conn.execute("ALTER TABLE gone RENAME TO sessions")


def test_a_closed_store_the_wrong_thread_and_sqlites_own_words_are_said_plainly(tmp_path):
    """As the store makes them from SQLite's errors (the pages show these words as they
    are): none of the three has a cause a patient can read."""
    path = tmp_path / "painease.sqlite3"
    for error in (sqlite3.ProgrammingError("Cannot operate on a closed database."),
                  sqlite3.ProgrammingError("SQLite objects created in a thread can only be "
                                           "used in that same thread."),
                  sqlite3.OperationalError("no such table: live_samples")):
        problem = translate_error(error, path, "save the live ratings", "the live ratings")
        for said in (waiting_words({"live"}, problem), end_not_saved(problem),
                     not_saved(problem, ["your ratings"], "Kept."), helper_words(problem)):
            plain(said, tmp_path)
            assert "store" not in said and "thread" not in said


def test_insights_says_sessions_that_cannot_be_read_without_a_path(
        qtbot, make_window, painease_home):
    with SessionStore(paths.database_path()) as store:
        add_session(store, datetime.now(UTC) - timedelta(days=1))
    window = make_window(use_device=False)
    view = open_insights(qtbot, window)
    window.store.database.conn.execute("ALTER TABLE ratings RENAME TO gone")
    view.reload()
    qtbot.waitUntil(lambda: "could not be read" in view.status.text(), timeout=20000)
    said = view.status.text()
    assert said == f"Your sessions could not be read: {UNKNOWN}"
    plain(said, painease_home)
    window.store.database.conn.execute("ALTER TABLE gone RENAME TO ratings")


def test_the_stores_own_line_goes_to_stderr_once_while_it_stays_the_same(tmp_path, capsys):
    """A banner rebuilt every few seconds while a save keeps failing asks for the same
    words each time: the whole line is told once, and again only when it changes."""
    from painease.ui.data_file_words import store_cause

    path = tmp_path / "painease.sqlite3"
    closed = translate_error(sqlite3.ProgrammingError("Cannot operate on a closed database."),
                             path, "save the live ratings", "the live ratings")
    other = translate_error(sqlite3.OperationalError("no such table: live_samples"),
                            path, "save the live ratings", "the live ratings")
    for problem in (closed, closed, closed, other, other, closed):
        assert store_cause(problem) == UNKNOWN
    told = capsys.readouterr().err.splitlines()
    assert told == [f"painease: {closed}", f"painease: {other}", f"painease: {closed}"]
