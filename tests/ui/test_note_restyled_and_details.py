"""A fitted note (``question_text.fit_note``) after a restyle, and with its details shown.

Found in an accessibility review: (1) whether a note's buttons sit side by side or one
above the other was decided once, when it was made; a note open while the text size went
up (Settings → text size, the whole app restyled) kept its row, wider than the note, its
buttons cut, and one made at large text stayed stacked at the usual size. (2) "Show
Details…" added Qt's details box under the words' scroll area, so the note grew past the
words' height limit (at 200 % on a 20 pt desktop its buttons could go off a 1366 × 768
screen); the details now show inside the same scroll area, under the words. Real message
boxes, offscreen (whose screen is 800 px wide and tall)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox, QLabel, QPushButton, QScrollArea

from painease.ui import theme
from painease.ui.screens import screen_of
from tests.ui.test_note_box_fits import NOTES, TALLEST, check_fits, large_text, shown
from tests.ui.test_question_box_fits import cut

WITH_DETAILS = ["cannot-open-full-disk", "cannot-open-damaged", "in-use"]


def buttons_of(box) -> list[QPushButton]:
    return [b for b in box.findChildren(QPushButton) if b.isVisible()]


def stacked(box) -> bool:
    return box.findChild(QDialogButtonBox).orientation() == Qt.Orientation.Vertical


def test_a_note_open_while_the_text_grows_restacks_its_buttons(qtbot, qapp, monkeypatch):
    theme.apply_theme(qapp, "light", 100)
    box = NOTES["in-use"]()  # Show Details…, Try again, Quit
    qtbot.addWidget(box)
    try:
        shown(qtbot, box)
        assert not stacked(box) and cut(box, buttons_of(box)) == []
        large_text(qapp, monkeypatch)  # Settings → text size: the app restyled
        qtbot.waitUntil(lambda: stacked(box) and cut(box, buttons_of(box)) == [])
        assert box.height() <= TALLEST
        theme.apply_theme(qapp, "light", 100)  # and back: side by side again
        qtbot.waitUntil(lambda: not stacked(box) and cut(box, buttons_of(box)) == [])
        # Tab still reaches every button, in a row as stacked.
        check_fits(qtbot, box)
    finally:
        box.close()


@pytest.mark.parametrize("which", WITH_DETAILS)
def test_details_show_inside_the_words_scroll_area(qtbot, qapp, monkeypatch, which):
    large_text(qapp, monkeypatch)
    box = NOTES[which]()
    qtbot.addWidget(box)
    try:
        shown(qtbot, box)
        area = box.findChild(QScrollArea, "question-words")
        (details,) = [b for b in buttons_of(box) if b.text().startswith("Show Details")]
        qtbot.mouseClick(details, Qt.MouseButton.LeftButton)
        said = box.detailedText()
        qtbot.waitUntil(lambda: any(label.isVisible() and label.text() == said
                                    for label in area.widget().findChildren(QLabel)))
        qtbot.wait(50)  # laid out again
        # No taller than the words' limit allows: the box, the area and the buttons.
        assert box.height() <= TALLEST and box.sizeHint().height() <= TALLEST, box.size()
        room = screen_of(box).availableGeometry().height()
        assert area.height() <= int(room * 0.4) + 2 * area.frameWidth(), area.height()
        assert cut(box, buttons_of(box)) == []
        assert area.verticalScrollBar().maximum() > 0  # the details scroll into sight
        assert area.focusPolicy() & Qt.FocusPolicy.TabFocus
        # Restyled with the details shown (Qt lays the box out anew): they stay in the area.
        words = box.findChild(QLabel, f"{box.objectName()}-details")
        theme.apply_theme(qapp, "light", 200)
        qtbot.waitUntil(lambda: box.layout().indexOf(area) >= 0
                        and area.widget().isAncestorOf(words) and words.isVisible())
        qtbot.waitUntil(lambda: box.height() <= TALLEST and cut(box, buttons_of(box)) == [])
        assert details.text().startswith("Hide Details")  # the button says what is shown
        # Hide Details… takes them away again.
        qtbot.mouseClick(details, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: not any(label.isVisible() and label.text() == said
                                        for label in area.widget().findChildren(QLabel)))
        check_fits(qtbot, box)
    finally:
        box.close()
