"""The transcript can be read with the keyboard and a screen reader (it was no Tab stop:
only a mouse could reach it, so a screen-reader user could not browse the session's
lines). Tab reaches it; there ↑/↓ (Home, End…) move a reading place through the lines,
and a screen reader is told the line reached, while the line playing stays the session's;
Enter goes to the line read. The player's keys stay: Space pauses and continues, Esc
asks to end, ←/→ move the session a step and the reading place goes along. The live
rating's ↑/↓ are the transcript's only while it has the focus. Nothing takes the focus
from Pause when the page opens or as the session moves on."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QAccessible
from PySide6.QtWidgets import QApplication

from tests.ui.test_session_flow import find, shown, start_rated


def paused_player(qtbot, make_window, short_script, preset):
    preset(live_rating=True)
    window = make_window(use_device=False)
    start_rated(qtbot, window, short_script, 5, 5, length_row=1)
    qtbot.waitUntil(lambda: shown(window, "caption"))
    page = window.flow.page
    assert page.play_pause.hasFocus()  # the page opens on Pause, not on the transcript
    qtbot.keyClick(page.play_pause, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: page.play_pause.accessibleName() == "Continue")
    return window, page


def read_aloud(transcript) -> str:
    """What a screen reader says of the transcript's focused line."""
    line = QAccessible.queryAccessibleInterface(transcript).focusChild()
    assert line is not None, "no line has the screen reader's focus"
    return line.text(QAccessible.Text.Name)


def test_tab_reaches_the_transcript_and_the_arrows_read_its_lines(
        qtbot, make_window, short_script, preset):
    window, page = paused_player(qtbot, make_window, short_script, preset)
    transcript = page.transcript
    lines = [transcript.item(row).text() for row in range(transcript.count())]
    find(window, "retry-audio").setFocus()
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
    assert transcript.hasFocus()
    assert read_aloud(transcript) == lines[0]  # it starts where the session is

    timeline = page.session.timeline
    second_ms = timeline.step_starts()[1] * 1000 // timeline.samplerate
    qtbot.keyClick(transcript, Qt.Key.Key_Down)
    assert transcript.currentRow() == 1 and read_aloud(transcript) == lines[1]
    assert page.live.value() == 5  # ↓ read on; the live rating is unchanged
    qtbot.keyClick(transcript, Qt.Key.Key_End)
    assert read_aloud(transcript) == lines[2]
    qtbot.keyClick(transcript, Qt.Key.Key_Up)
    assert read_aloud(transcript) == lines[1]
    page.poll()
    # Reading moved nothing: the session, its caption and its highlighted line stay.
    assert page.session.position_ms < second_ms and page.caption.text() == lines[0]
    assert transcript.playing_row() == 0
    assert [i.text() for i in transcript.selectedItems()] == [lines[0]]

    qtbot.keyClick(transcript, Qt.Key.Key_Return)  # go there
    qtbot.waitUntil(lambda: page.caption.text() == lines[1])
    assert transcript.playing_row() == 1 and transcript.hasFocus()
    assert page.session.stage.value == "paused"

    # Tab away: the live rating's ↑ is the page's again.
    qtbot.keyClick(transcript, Qt.Key.Key_Tab)
    assert not transcript.hasFocus()
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Up)
    assert page.live.value() == 6


def test_the_players_keys_still_work_in_the_transcript(
        qtbot, make_window, short_script, preset):
    window, page = paused_player(qtbot, make_window, short_script, preset)
    transcript = page.transcript
    lines = [transcript.item(row).text() for row in range(transcript.count())]
    transcript.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.keyClick(transcript, Qt.Key.Key_End)  # reading the last line

    qtbot.keyClick(transcript, Qt.Key.Key_Right)  # → a step: the reading place goes along
    qtbot.waitUntil(lambda: page.caption.text() == lines[1])
    qtbot.waitUntil(lambda: read_aloud(transcript) == lines[1])
    qtbot.keyClick(transcript, Qt.Key.Key_Left)
    qtbot.waitUntil(lambda: page.caption.text() == lines[0])
    qtbot.waitUntil(lambda: read_aloud(transcript) == lines[0])
    assert transcript.hasFocus()

    qtbot.keyClick(transcript, Qt.Key.Key_Space)
    assert page.session.stage.value == "playing"
    qtbot.keyClick(transcript, Qt.Key.Key_Space)
    assert page.session.stage.value == "paused"
    qtbot.keyClick(transcript, Qt.Key.Key_Escape)
    assert page.question.is_open and page.keep_going.hasFocus()


def test_the_session_moving_on_leaves_a_reader_where_they_are(
        qtbot, make_window, short_script, preset):
    """A line being read stays the reading place when the session moves on by itself; a
    reader still on the line playing goes along with it; Pause keeps the focus meanwhile."""
    window, page = paused_player(qtbot, make_window, short_script, preset)
    transcript, steps = page.transcript, page.session.timeline.step_starts()
    lines = [transcript.item(row).text() for row in range(transcript.count())]
    page.session.seek_frame(steps[1])  # as time passing would
    qtbot.waitUntil(lambda: page.caption.text() == lines[1])
    assert page.play_pause.hasFocus()  # the line moved, the focus did not
    assert transcript.currentRow() == 1

    transcript.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.keyClick(transcript, Qt.Key.Key_Home)
    page.session.seek_frame(steps[2])
    qtbot.waitUntil(lambda: transcript.playing_row() == 2)
    assert read_aloud(transcript) == lines[0]  # still reading the first line
    qtbot.keyClick(transcript, Qt.Key.Key_Down)
    qtbot.keyClick(transcript, Qt.Key.Key_Down)  # on the line playing now
    page.session.seek_frame(steps[1])
    qtbot.waitUntil(lambda: transcript.playing_row() == 1)
    assert read_aloud(transcript) == lines[1]  # along with the session
