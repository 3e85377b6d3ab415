"""The player's two banners, the sound one ("There is no sound right now…") and the one for
what could not be saved, are said to a screen reader when they come up, and can be reached
with Tab: before, they came up silently and were no Tab stop, so a listener with their eyes
closed never heard them (found by an accessibility check). Each is said once when it comes
up (a ``QAccessible`` alert), not again at every look or flush while its words stay the
same; the focus stays where it was, so the session plays on and Space still pauses.

The real window on the clock-only silent output (so the sound banner is up), over a real
SQLite file; another program holding it is a connection of its own (``tests.held_lock``).
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from painease import paths
from painease.session import FLUSH_SECONDS, Stage
from tests.held_lock import HeldLock
from tests.ui.test_session_flow import find, shown, start_rated
from tests.waits import WORKER_WAIT_MS


def playing(qtbot, make_window, preset, short_script):
    preset(live_rating=True, welcome_seen=True)
    window = make_window(use_device=False)  # silent: the sound banner comes up
    start_rated(qtbot, window, short_script, 6, 4, length_row=1)  # 12 s
    qtbot.waitUntil(lambda: shown(window, "caption"))
    session = window.flow.session
    qtbot.waitUntil(lambda: session.position_ms > 300, timeout=WORKER_WAIT_MS)
    return window, session


def tab_to(qtbot, window, name: str) -> None:
    """Press Tab from the focus until ``name`` has it (it must be a Tab stop)."""
    for _ in range(20):
        if QApplication.focusWidget() is find(window, name):
            return
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
    raise AssertionError(f"Tab never reached {name!r}")


def test_the_sound_banner_is_said_once_and_reached_with_tab(
        qtbot, make_window, preset, short_script, alerts):
    window, session = playing(qtbot, make_window, preset, short_script)
    qtbot.waitUntil(lambda: shown(window, "audio-banner"))
    qtbot.wait(500)  # fifteen looks at the session: said once all the same
    assert alerts.count("audio-banner") == 1
    banner = find(window, "audio-banner")
    words = find(window, "audio-banner-text").text()
    assert words.startswith("There is no sound right now")
    assert words in banner.accessibleDescription()
    # The focus stayed on the player's controls, and the session plays on.
    assert find(window, "play-pause").hasFocus()
    assert session.stage is Stage.PLAYING
    # Tab reaches the words; Space there still pauses and continues.
    tab_to(qtbot, window, "audio-banner-text")
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Space)
    assert session.stage is Stage.PAUSED
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Space)
    assert session.stage is Stage.PLAYING
    assert alerts.count("audio-banner") == 1


def test_the_banner_for_what_is_not_saved_is_said_when_it_comes_up(
        qtbot, make_window, preset, short_script, alerts):
    window, session = playing(qtbot, make_window, preset, short_script)
    play = find(window, "play-pause")
    qtbot.keyClick(play, Qt.Key.Key_Space)  # paused: the session waits for the test
    assert session.stage is Stage.PAUSED
    live = find(window, "live-rating")
    with HeldLock(paths.database_path(), seconds=30):
        live.setValue(3)
        qtbot.waitUntil(lambda: shown(window, "store-banner"), timeout=WORKER_WAIT_MS)
        assert alerts.count("store-banner") == 1
        banner, text = find(window, "store-banner"), find(window, "store-banner-text")
        assert text.text() in banner.accessibleDescription()
        assert text.visibleRegion().boundingRect().size() == text.size()  # brought in sight
        assert play.hasFocus()  # not taken from the controls
        failed = session.failed_flushes
        qtbot.waitUntil(lambda: session.failed_flushes >= failed + 2,
                        timeout=int(3 * FLUSH_SECONDS * 1000) + WORKER_WAIT_MS)
        assert alerts.count("store-banner") == 1  # the same words: not said again
        tab_to(qtbot, window, "store-banner-text")
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Space)
        assert session.stage is Stage.PLAYING  # Space still continues
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Space)
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)  # where it is on the page:
        assert find(window, "transcript").hasFocus()  # the transcript (a Tab stop since 19c5069),
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        assert find(window, "previous-step").hasFocus()  # then the step buttons
    qtbot.waitUntil(lambda: not shown(window, "store-banner"), timeout=WORKER_WAIT_MS)
    with HeldLock(paths.database_path(), seconds=30):  # up again later: said again
        live.setValue(5)
        qtbot.waitUntil(lambda: shown(window, "store-banner"), timeout=WORKER_WAIT_MS)
        assert alerts.count("store-banner") == 2
    window.close_flow()


def test_a_banner_is_said_again_only_when_its_words_change_or_it_comes_up_again(
        qtbot, alerts):
    from PySide6.QtWidgets import QVBoxLayout, QWidget

    from painease.ui.said_banner import SaidBanner
    from painease.ui.widgets import card, label

    page = QWidget()
    qtbot.addWidget(page)
    frame, inside = card("banner")
    frame.setObjectName("store-banner")
    text = label("", name="store-banner-text")
    inside.addWidget(text)
    QVBoxLayout(page).addWidget(frame)
    said = SaidBanner(frame, text)
    assert not said.follow("Your live ratings are not saved yet.", "Not saved yet")
    assert alerts == []  # the page is not on screen yet: said once it is
    page.show()
    qtbot.waitExposed(page)
    said_now = [said.follow("Your live ratings are not saved yet.", "Not saved yet")
                for _ in range(3)]
    # Said once shown, but not brought into sight: it was up as its page opened, and the
    # page opens with its focused control in sight (test_focus_in_view).
    assert said_now == [False, False, False] and alerts == ["store-banner"]
    assert frame.accessibleName() == "Not saved yet"
    assert said.follow("Your live ratings, and the note, are not saved yet.", "Not saved yet")
    assert frame.accessibleDescription() == text.text() == (
        "Your live ratings, and the note, are not saved yet.")
    assert not said.follow(None, "Not saved yet") and not frame.isVisible()
    assert said.follow("Your live ratings, and the note, are not saved yet.", "Not saved yet")
    assert alerts == ["store-banner"] * 3
