"""What is saved as the session starts, once the Before ratings are: a write or a read
that fails then (the session is playing already) is said on the player, not on the
Before page that has gone, and nothing raises.

Found by a review: the audio note ("played silently: …") saved just after the Before
ratings raised ``StoreError`` out of ``submit_pre`` after the page had changed; the flow
then called the Before page's ``show_problem`` on the player (an AttributeError), and the
ratings' ``stored`` never went out. Its twin: the player was built with the Before pain
read back from the store; a read that failed left Before up while the audio played.

Through the real window and SQLite file; the session runs on the silent clock-only output
(so it has an audio note to save). Another connection to the same file holds its write
lock, or damages the rating, while the player is built: just after the ratings were
saved, before anything after them."""

from __future__ import annotations

import sqlite3

from painease import paths
from painease.audio.player import Player
from tests.ui.test_session_flow import find, shown, start_rated


def other_connection() -> sqlite3.Connection:
    return sqlite3.connect(paths.database_path(), isolation_level=None)


def test_an_audio_note_that_cannot_be_saved_is_said_on_the_player(qtbot, make_window,
                                                                 short_script, preset):
    preset(live_rating=True, welcome_seen=True)
    held: list[sqlite3.Connection] = []

    def player_taking_the_lock(*args, **kwargs):  # another program writes meanwhile
        other = other_connection()
        other.execute("BEGIN IMMEDIATE")
        held.append(other)
        return Player(*args, **kwargs)

    window = make_window(use_device=False, player_factory=player_taking_the_lock)
    store = window.store
    store.database.conn.execute("PRAGMA busy_timeout = 50")  # each try gives up soon
    stored = []
    window.flow.stored.connect(lambda: stored.append(True))
    with qtbot.captureExceptions() as errors:
        start_rated(qtbot, window, short_script, 6, 4, length_row=1)
        # Another program holding the file is said once two flushes in a row failed.
        qtbot.waitUntil(lambda: shown(window, "store-banner"), timeout=20_000)
    assert errors == []
    assert shown(window, "caption") and not shown(window, "pre-pain")  # the player, playing
    assert window.flow.session.stage.value == "playing"
    said = find(window, "store-banner-text").text()
    assert "another program is using painease's data file" in said
    assert stored  # the ratings were saved: Home and Insights may show them
    (row,) = store.sessions()
    assert store.ratings(row.id)["pre"].pain == 6 and row.audio_note is None

    held[0].execute("ROLLBACK")  # the other program is done: the note is saved now
    qtbot.waitUntil(lambda: store.sessions()[0].audio_note is not None)
    assert store.sessions()[0].audio_note.startswith("played silently: ")
    qtbot.waitUntil(lambda: not shown(window, "store-banner"), timeout=10_000)
    held[0].close()


def test_the_player_starts_from_the_pain_given_not_read_back(qtbot, make_window,
                                                            short_script, preset):
    preset(live_rating=True, welcome_seen=True)

    kept = []

    def player_after_damage(*args, **kwargs):  # the saved rating cannot be read back
        other = other_connection()
        kept.extend(other.execute("SELECT id, rated_at FROM ratings").fetchall())
        other.execute("UPDATE ratings SET rated_at = 'damaged'")
        other.close()
        return Player(*args, **kwargs)

    window = make_window(use_device=False, player_factory=player_after_damage)
    with qtbot.captureExceptions() as errors:
        start_rated(qtbot, window, short_script, 7, 4, length_row=1)
        qtbot.waitUntil(lambda: shown(window, "caption"))
    assert errors == []
    assert not shown(window, "pre-pain") and not shown(window, "pre-problem")
    assert find(window, "live-rating").value() == 7  # the live slider starts where rated
    assert window.flow.session.stage.value == "playing"
    other = other_connection()  # mended, for the rest of the window's life
    other.executemany("UPDATE ratings SET rated_at = ? WHERE id = ?",
                      [(when, key) for key, when in kept])
    other.close()
