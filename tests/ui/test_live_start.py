"""The live rating's starting value is a rating: the slider shows "Pain right now: 5" (the
pain rated before) from the moment the session plays, so that 5 is stored as the first
live sample, stamped with the audio clock then, and the Summary's curve and words start
from it, moved or not."""

from __future__ import annotations

from PySide6.QtCore import Qt

from tests.ui.test_main_window import end_early_to_the_summary, start_silent_session
from tests.ui.test_session_flow import find, shown


def test_a_live_rating_never_moved_is_stored_and_summed_up_as_it_was_shown(
        qtbot, make_window, preset, short_script):
    preset(live_rating=True, welcome_seen=True)
    window = start_silent_session(qtbot, make_window, short_script)  # rated 3 before
    qtbot.waitUntil(lambda: shown(window, "live-rating"))
    assert find(window, "live-rating").value() == 3
    session = window.flow.session
    qtbot.waitUntil(lambda: session.position_ms > 300)
    end_early_to_the_summary(qtbot, window)

    (row,) = window.store.sessions()
    (sample,) = window.store.live_samples(row.id)
    assert sample.value == 3.0 and sample.t_ms < 300  # from the start, not later
    assert shown(window, "live-curve")
    assert find(window, "live-reading").text() == "Your live rating stayed at 3."


def test_a_moved_live_rating_is_said_from_where_it_started(qtbot, make_window, preset,
                                                           short_script):
    preset(live_rating=True, welcome_seen=True)
    window = start_silent_session(qtbot, make_window, short_script)
    qtbot.waitUntil(lambda: shown(window, "live-rating"))
    session = window.flow.session
    qtbot.waitUntil(lambda: session.position_ms > 300)
    play = find(window, "play-pause")
    qtbot.keyClick(play, Qt.Key.Key_Down)  # 3 → 2
    qtbot.keyClick(play, Qt.Key.Key_Down)  # 2 → 1
    end_early_to_the_summary(qtbot, window)

    (row,) = window.store.sessions()
    assert [s.value for s in window.store.live_samples(row.id)] == [3.0, 2.0, 1.0]
    assert find(window, "live-reading").text().startswith(
        "Your live rating went from 3 to 1 over 3 ratings; it was lowest (1) ")


def test_without_live_rating_nothing_is_recorded(qtbot, make_window, preset, short_script):
    preset(live_rating=False, welcome_seen=True)
    window = start_silent_session(qtbot, make_window, short_script)
    end_early_to_the_summary(qtbot, window)
    (row,) = window.store.sessions()
    assert window.store.live_samples(row.id) == []
    assert not shown(window, "live-curve")
