"""A data file painease may not write, or a damaged one, during a session: the player's
banner, the After page's lines and the Before page's line say the kind in plain words with
one next step, no path and one colon. They said the store's own line ("cannot write to
/path/painease.sqlite3 (attempt to write a readonly database)"), path and all, as those
errors carry no ``cause``.

A real window on its silent clock and a real SQLite file: read-only through a real
read-only connection (``query_only``, so this holds as root too), or damaged by every page
but the first overwritten on disk (``tests.ui.test_patients_import_problem.damage``).
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from tests.ui.test_patients_import_problem import damage
from tests.ui.test_session_flow import choose_in_library, find, playing_rated_by_keys, rate, shown


def read_only(store) -> None:
    store.database.conn.execute("PRAGMA query_only = ON")  # SQLite refuses every write


def damaged(store) -> None:
    damage(store.path)


WRITE = ("painease is not allowed to write to its data folder", "Please ask whoever looks "
         "after this computer to let painease write there")
KEEP = ("the file that keeps your sessions and ratings is damaged", "painease does not "
        "delete or replace the file. Please keep it as it is and ask for help with it.")

SAID = {
    read_only: {
        "banner": f"Your live ratings are not saved yet: {WRITE[0]}. painease keeps them and "
                  f"tries again every few seconds. {WRITE[1]}, so that they can be saved.",
        "end": f"The end of this session is not saved yet: {WRITE[0]}. {WRITE[1]}; the end "
               "is then saved with your ratings, or when you skip them.",
        "after": f"The end of this session and your ratings are not saved yet: {WRITE[0]}. "
                 "Your ratings from before are "
                 "kept, and what you entered is still on this page. "
                 f"{WRITE[1]}, then press the button again.",
        "before": f"Your ratings are not saved yet: {WRITE[0]}. Nothing has started yet, and "
                  f"your ratings are still on this page. {WRITE[1]}, then press the button "
                  "again.",
    },
    damaged: {
        "banner": f"Your live ratings are not saved: {KEEP[0]}. {KEEP[1]}",
        "end": f"The end of this session is not saved: {KEEP[0]}. {KEEP[1]}",
        "after": f"The end of this session and your ratings are not saved: {KEEP[0]}. What "
                 f"you entered is still on this page. {KEEP[1]}",
        "before": f"Your ratings are not saved: {KEEP[0]}. Nothing has started yet, and your "
                  f"ratings are still on this page. {KEEP[1]}",
    },
}


def plain(said: str, home) -> None:
    assert str(home) not in said and "sqlite" not in said.lower()
    assert said.count(":") == 1


@pytest.mark.parametrize("refuse", list(SAID), ids=lambda refuse: refuse.__name__)
def test_the_player_and_the_after_page_say_the_kind_without_a_path(
        qtbot, make_window, preset, short_script, painease_home, refuse):
    window = playing_rated_by_keys(qtbot, make_window, preset, short_script)
    store = window.store
    qtbot.keyClick(find(window, "play-pause"), Qt.Key.Key_Space)  # paused
    refuse(store)
    live = find(window, "live-rating")
    for k in range(20):
        live.setValue(k % 11)
    qtbot.waitUntil(lambda: shown(window, "store-banner"), timeout=20000)
    said = find(window, "store-banner-text").text()
    assert said == SAID[refuse]["banner"]
    plain(said, painease_home)

    qtbot.keyClick(find(window, "play-pause"), Qt.Key.Key_Escape)
    qtbot.keyClick(find(window, "keep-going"), Qt.Key.Key_Tab)
    qtbot.keyClick(find(window, "confirm-stop"), Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: shown(window, "post-problem"))
    said = find(window, "post-problem-text").text()
    assert said == SAID[refuse]["end"]
    plain(said, painease_home)

    rate(qtbot, window, "post", 3, 2)
    qtbot.keyClick(find(window, "post-continue"), Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: find(window, "post-problem-text").text() != said)
    said = find(window, "post-problem-text").text()
    assert said == SAID[refuse]["after"]
    plain(said, painease_home)
    assert not shown(window, "summary")
    if refuse is read_only:
        store.database.conn.execute("PRAGMA query_only = OFF")


@pytest.mark.parametrize("refuse", list(SAID), ids=lambda refuse: refuse.__name__)
def test_the_before_page_says_the_kind_without_a_path(qtbot, make_window, preset,
                                                      short_script, painease_home, refuse):
    preset(welcome_seen=True)
    window = make_window(use_device=False)
    choose_in_library(qtbot, window, short_script, length_row=1)
    rate(qtbot, window, "pre", 6, 5)
    refuse(window.store)
    qtbot.keyClick(find(window, "pre-continue"), Qt.Key.Key_Space)
    assert shown(window, "pre-problem")
    said = find(window, "pre-problem-text").text()
    assert said == SAID[refuse]["before"]
    plain(said, painease_home)
    assert window.flow.session.stage.value == "pre-rating"
    if refuse is read_only:
        window.store.database.conn.execute("PRAGMA query_only = OFF")


def test_the_question_on_closing_says_the_kind_without_a_path(tmp_path):
    """What still waits when the window closes: errors as the store makes them from
    SQLite's own (the window's question shows these words as they are)."""
    import sqlite3

    from painease.storage.store_errors import translate_error
    from painease.ui.session_flow import waiting_words

    path = tmp_path / "painease.sqlite3"

    def refused(message: str, name: str):
        error = sqlite3.OperationalError(message)
        error.sqlite_errorname = name
        return translate_error(error, path, "save the live ratings", "the live ratings")

    said = waiting_words({"live"}, refused("attempt to write a readonly database",
                                           "SQLITE_READONLY"))
    assert said == (f"Your live ratings are not saved yet: {WRITE[0]}. {WRITE[1]}, then close "
                    "painease again to save them. If you close it now, the next time painease "
                    "opens it shows this session as interrupted, with what was saved of it.")
    said = waiting_words({"end", "live"}, refused("database disk image is malformed",
                                                  "SQLITE_CORRUPT"))
    assert said == (f"The end of this session and your live ratings are not saved: {KEEP[0]}. "
                    f"{KEEP[1]}")
    assert str(tmp_path) not in said
