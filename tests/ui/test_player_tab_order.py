"""Tab on the player goes through its controls as they are laid out on the screen, top to
bottom and left to right: the sound banner's words and its button, the
transcript (its arrows read its lines: test_transcript_reading), the step and session
buttons in their row, the stop question when it is open, the volumes, the live rating; then
the page itself (a Tab stop for scrolling) and round again. Read by name, as a screen reader
says them (the banner's words, a label, by its object name)."""

from __future__ import annotations

from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtWidgets import QApplication

from tests.ui.test_session_flow import find, shown, start_rated

ROUND = ["audio-banner-text", "Try sound again", "Transcript", "Previous step", "Pause",
         "Next step", "End session", "Volume", "Background sound volume", "Background sound",
         "Live pain rating", "Session"]


def tab_names(qtbot, key=Qt.Key.Key_Tab) -> list[str]:
    """Accessible names of the focus from where it is, one Tab after another, until it
    comes back round (a label, read by its words, by its object name)."""
    first = QApplication.focusWidget()
    names = []
    for _ in range(30):
        focus = QApplication.focusWidget()
        names.append(focus.accessibleName() or focus.objectName())
        qtbot.keyClick(QApplication.focusWidget(), key)
        if QApplication.focusWidget() is first:
            return names
    raise AssertionError(f"Tab never came back round: {names}")


def test_tab_follows_the_screen(qtbot, make_window, short_script, preset):
    preset(live_rating=True)
    window = make_window(use_device=False)  # silent: the sound banner is up
    start_rated(qtbot, window, short_script, 5, 5, length_row=1)
    qtbot.waitUntil(lambda: shown(window, "caption"))
    page = window.flow.page
    retry, words = find(window, "retry-audio"), find(window, "audio-banner-text")
    assert shown(window, "audio-banner") and shown(window, "live-rating")
    qtbot.keyClick(find(window, "play-pause"), Qt.Key.Key_Space)  # paused: Pause → Continue
    qtbot.waitUntil(lambda: page.play_pause.accessibleName() == "Continue")
    ordered = [name if name != "Pause" else "Continue" for name in ROUND]
    # Each control lies below, or right of, the one before it.
    controls = [words, retry, page.transcript, page.previous, page.play_pause, page.next, page.stop,
                page.master, page.ambience, page.bed, page.live]
    for before, after in zip(controls, controls[1:], strict=False):
        assert reads_after(page, before, after), (before.objectName(), after.objectName())

    words.setFocus()  # the first Tab stop on the screen
    assert tab_names(qtbot) == ordered
    assert tab_names(qtbot, Qt.Key.Key_Backtab) == [ordered[0], *reversed(ordered[1:])]
    # The stop question, once open, comes where it is: under the buttons, over the volumes.
    qtbot.keyClick(page.play_pause, Qt.Key.Key_Escape)
    words.setFocus()
    asked = tab_names(qtbot)
    at = asked.index("End session") + 1
    assert asked[at:at + 2] == ["Keep going", "End now"]
    assert asked[:at] + asked[at + 2:] == ordered
    assert reads_after(page, page.stop, page.keep_going)
    assert reads_after(page, page.confirm_stop, page.master)


def reads_after(page, before, after) -> bool:
    """``after`` is right of ``before`` on the same line, or on a line below it."""
    one, two = (QRect(w.mapTo(page, QPoint(0, 0)), w.size()) for w in (before, after))
    same_line = two.top() < one.bottom() and one.top() < two.bottom()
    return two.left() > one.left() if same_line else two.top() >= one.bottom()
