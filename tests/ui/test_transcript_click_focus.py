"""A click on a transcript line leaves the keyboard focus there, on the line clicked, as a
person expects (it used to fall to the page behind it, the scroll area named "Session",
so a screen reader and a keyboard user lost their place). The transcript is a Tab stop
between the sound banner and the step buttons; Tab from it goes on down the page, and the
player's Space and ←/→ still work while it has the focus (its ↑/↓ read its lines:
test_transcript_reading)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from tests.ui.test_player_tab_order import ROUND, tab_names
from tests.ui.test_session_flow import find, shown, start_rated


def test_a_clicked_line_has_the_focus_and_tab_goes_on_down_the_page(
        qtbot, make_window, short_script, preset):
    preset(live_rating=True)
    window = make_window(use_device=False)  # silent: the sound banner is up
    start_rated(qtbot, window, short_script, 5, 5, length_row=1)
    qtbot.waitUntil(lambda: shown(window, "caption"))
    page = window.flow.page
    transcript = page.transcript
    qtbot.keyClick(page.play_pause, Qt.Key.Key_Space)  # paused: the line stays where clicked
    qtbot.waitUntil(lambda: page.play_pause.accessibleName() == "Continue")
    assert transcript.currentRow() == 0 and transcript.count() == 3

    line = transcript.visualItemRect(transcript.item(1)).center()
    qtbot.mouseClick(transcript.viewport(), Qt.MouseButton.LeftButton, pos=line)
    qtbot.waitUntil(lambda: page.caption.text() == transcript.item(1).text())  # gone there
    focus = QApplication.focusWidget()
    assert focus is transcript, focus.accessibleName() or focus.objectName()
    assert transcript.currentRow() == 1

    # The player's keys are the page's still: → goes on a line, Space continues; ↑ reads
    # the line above, the live rating stays.
    qtbot.keyClick(transcript, Qt.Key.Key_Right)
    qtbot.waitUntil(lambda: transcript.currentRow() == 2)
    qtbot.keyClick(transcript, Qt.Key.Key_Up)
    assert page.live.value() == 5 and transcript.hasFocus() and transcript.currentRow() == 1
    qtbot.keyClick(transcript, Qt.Key.Key_Space)
    assert page.session.stage.value == "playing"
    qtbot.keyClick(transcript, Qt.Key.Key_Space)

    # Tab goes on to the controls under the transcript; Shift+Tab back to the banner's.
    ordered = [name if name != "Pause" else "Continue" for name in ROUND]
    qtbot.keyClick(transcript, Qt.Key.Key_Tab)
    assert page.previous.hasFocus()
    assert tab_names(qtbot) == ordered[3:] + ordered[:3]  # the round, the transcript in it
    transcript.setFocus(Qt.FocusReason.MouseFocusReason)
    qtbot.keyClick(transcript, Qt.Key.Key_Backtab)
    assert find(window, "retry-audio").hasFocus()


def test_keys_on_a_clicked_transcript_never_move_the_line_playing(
        qtbot, make_window, short_script):
    """The highlighted line is the session's: with the focus on the transcript, the list's
    keys (Home, End, Page Up/Down, ↓) move only the place being read, and a letter typed
    does nothing there; the line playing and the caption stay until Enter; the player's
    → still goes on a line."""
    window = make_window(use_device=False)
    start_rated(qtbot, window, short_script, 5, 5, length_row=1)
    qtbot.waitUntil(lambda: shown(window, "caption"))
    page = window.flow.page
    transcript = page.transcript
    qtbot.keyClick(page.play_pause, Qt.Key.Key_Space)  # paused: nothing moves on its own
    qtbot.waitUntil(lambda: page.play_pause.accessibleName() == "Continue")
    line = transcript.visualItemRect(transcript.item(1)).center()
    qtbot.mouseClick(transcript.viewport(), Qt.MouseButton.LeftButton, pos=line)
    qtbot.waitUntil(lambda: page.caption.text() == transcript.item(1).text())
    assert transcript.hasFocus() and transcript.currentRow() == 1
    for key, reading in ((Qt.Key.Key_End, 2), (Qt.Key.Key_Home, 0), (Qt.Key.Key_PageDown, 2),
                         (Qt.Key.Key_PageUp, 0), (Qt.Key.Key_Down, 1)):
        qtbot.keyClick(transcript, key)
        assert transcript.currentRow() == reading, key
        page.poll()
        assert transcript.playing_row() == 1, key
        assert [i.text() for i in transcript.selectedItems()] == [transcript.item(1).text()]
    qtbot.keyClicks(transcript, transcript.item(0).text()[0])
    assert transcript.currentRow() == 1 and transcript.playing_row() == 1
    assert page.caption.text() == transcript.item(1).text()
    qtbot.keyClick(transcript, Qt.Key.Key_Right)  # the player's → still goes on a line
    qtbot.waitUntil(lambda: transcript.playing_row() == 2)
    assert transcript.currentRow() == 2  # and the place read with it
