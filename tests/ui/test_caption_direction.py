"""A caption reads in its own direction in the big caption and in the transcript alike:
an Arabic-led line once showed right-to-left in the one and left-to-right in the other.
Checked on what is painted (where the ink is), in a real session's player."""

from __future__ import annotations

from PySide6.QtCore import QRect
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QWidget

from tests.ui.conftest import SHORT_SCRIPT
from tests.ui.settled import wait_settled
from tests.ui.test_session_flow import find, shown, start_rated
from tests.waits import WORKER_WAIT_MS

ARABIC = "تنفّس ببطء، أنت بأمان."


def ink_columns(image: QImage, rect: QRect) -> tuple[int, int]:
    """The first and last x in ``rect`` (of ``image``) painted in a colour other than the
    background's (taken at the rect's top left corner)."""
    background = image.pixelColor(rect.left() + 1, rect.top() + 1)
    columns = [x for x in range(rect.left(), rect.right() + 1)
               if any(image.pixelColor(x, y) != background
                      for y in range(rect.top() + 2, rect.bottom() - 1, 2))]
    assert columns, "nothing painted"
    return columns[0], columns[-1]


def leans(rect: QRect, ink: tuple[int, int]) -> str:
    """"right" when the ink sits against the right edge, "left" against the left."""
    left_gap, right_gap = ink[0] - rect.left(), rect.right() - ink[1]
    return "right" if right_gap < left_gap else "left"


def test_an_arabic_caption_reads_right_to_left_in_the_transcript_too(
        qtbot, make_window, preset, painease_home):
    folder = painease_home / "scripts"
    folder.mkdir(parents=True)
    (folder / "mixed.toml").write_text(
        SHORT_SCRIPT.replace('text = "Settle in."', f'text = "{ARABIC}"'), encoding="utf-8")
    preset(welcome_seen=True)
    window = make_window(use_device=False)
    window.resize(1000, 720)
    start_rated(qtbot, window, "ui-test-short", 3, 3)
    qtbot.waitUntil(lambda: shown(window, "caption") and bool(find(window, "caption").text()))
    player = window.flow.stack.currentWidget()
    caption = find(window, "caption")
    transcript = player.findChild(QWidget, "transcript")
    window.flow.session.toggle()  # paused: the caption stays on the first line
    window.flow.session.seek_frame(0)
    qtbot.waitUntil(lambda: caption.text() == ARABIC, timeout=WORKER_WAIT_MS)
    wait_settled(window)

    image = caption.grab().toImage()
    assert leans(caption.rect(), ink_columns(image, caption.rect())) == "right"
    view = transcript.viewport().grab().toImage()
    rows = [transcript.visualItemRect(transcript.item(row)) for row in range(3)]
    assert [transcript.item(row).text() for row in range(3)] == [
        ARABIC, "This is safe.", "Come back."]
    assert leans(rows[0], ink_columns(view, rows[0])) == "right"
    assert leans(rows[1], ink_columns(view, rows[1])) == "left"
    window.close_flow()
