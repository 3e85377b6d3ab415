"""A fitted note's details ("Show Details…", shown inside the words' scroll area:
``question_text``) can be reached with the keyboard and a screen reader. A keyboard probe
found them mouse-selectable only: Tab never reached them, and the words' area, the one
way to scroll to them, is a Tab stop only while it scrolls; nor did the box's description
to a screen reader say them. Now, while shown, they are a Tab stop named "Details",
brought into sight when reached, and the box's description ends with them. And Hide
Details… (pressed by a screen reader, which leaves the focus where it was) no longer
leaves the focus on a words area that has stopped being a Tab stop: it goes to the
details button. Real message boxes, offscreen (a screen 800 px wide and tall)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QAccessible
from PySide6.QtWidgets import QApplication, QLabel, QMessageBox, QPushButton, QScrollArea

from painease.ui import theme
from painease.ui.question_text import fit_note
from tests.ui.test_note_box_fits import NOTES, large_text, shown

WITH_DETAILS = ["cannot-open-full-disk", "cannot-open-damaged", "in-use"]


def details_button(box) -> QPushButton:
    (button,) = [b for b in box.findChildren(QPushButton)
                 if b.isVisible() and b.text().endswith("Details...")]
    return button


def described(box) -> str:
    return QAccessible.queryAccessibleInterface(box).text(QAccessible.Text.Description)


def tab_round(qtbot, start) -> list:
    """The widgets Tab goes to from ``start`` until it comes back to it."""
    start.setFocus(Qt.FocusReason.TabFocusReason)
    reached = []
    for _ in range(12):
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        if QApplication.focusWidget() is start:
            break
        reached.append(QApplication.focusWidget())
    return reached


@pytest.mark.parametrize("size", ["usual", "large"])
@pytest.mark.parametrize("which", WITH_DETAILS)
def test_tab_reaches_the_details_and_a_screen_reader_hears_them(qtbot, qapp, monkeypatch,
                                                                which, size):
    if size == "large":
        large_text(qapp, monkeypatch)
    else:
        theme.apply_theme(qapp, "light", 100)
    box = NOTES[which]()
    qtbot.addWidget(box)
    try:
        shown(qtbot, box)
        own = described(box)
        said = box.detailedText()
        words = box.findChild(QLabel, f"{box.objectName()}-details")
        button = details_button(box)
        button.setFocus(Qt.FocusReason.TabFocusReason)
        qtbot.keyClick(button, Qt.Key.Key_Space)
        qtbot.waitUntil(words.isVisible)
        assert said in described(box) and described(box).startswith(own)
        area = box.findChild(QScrollArea, "question-words")
        viewport = area.viewport()
        start_in_sight = lambda: viewport.rect().contains(words.mapTo(viewport, QPoint(0, 0)))  # noqa: E731
        qtbot.waitUntil(start_in_sight)  # scrolled to them: their start, however long
        qtbot.wait(50)  # and it stays
        assert start_in_sight()

        assert words in tab_round(qtbot, button)
        ai = QAccessible.queryAccessibleInterface(words)
        assert ai.text(QAccessible.Text.Name) == "Details"
        assert ai.text(QAccessible.Text.Description) == said
        assert words.textInteractionFlags() & Qt.TextInteractionFlag.TextSelectableByKeyboard
        # Reached with Tab from the top of the words, they come into sight (their start).
        area.verticalScrollBar().setValue(0)
        button.setFocus(Qt.FocusReason.TabFocusReason)
        for _ in range(6):
            if words.hasFocus():
                break
            qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        assert words.hasFocus()
        qtbot.waitUntil(start_in_sight)
        qtbot.wait(50)
        assert start_in_sight()

        details_button(box).setFocus()
        qtbot.keyClick(details_button(box), Qt.Key.Key_Space)  # Hide Details…
        qtbot.waitUntil(lambda: not words.isVisible())
        assert described(box) == own
        assert words not in tab_round(qtbot, details_button(box))
    finally:
        box.close()


def test_details_hidden_with_the_focus_in_them_give_it_to_the_details_button(qtbot, qapp):
    theme.apply_theme(qapp, "light", 100)
    box = QMessageBox(QMessageBox.Icon.Warning, "painease", "Something went wrong.")
    box.setObjectName("probe-note")
    box.setDetailedText("\n".join(f"Line {n} of what happened." for n in range(60)))
    qtbot.addWidget(box)
    try:
        fit_note(box)
        shown(qtbot, box)
        area = box.findChild(QScrollArea, "question-words")
        words = box.findChild(QLabel, "probe-note-details")
        assert not area.focusPolicy() & Qt.FocusPolicy.TabFocus  # the words fit
        button = details_button(box)
        button.click()
        qtbot.waitUntil(lambda: area.verticalScrollBar().maximum() > 0)
        assert area.focusPolicy() & Qt.FocusPolicy.TabFocus  # the details scroll

        # Hide Details… pressed as a screen reader does, the focus in the words' area.
        area.setFocus(Qt.FocusReason.TabFocusReason)
        button.click()
        qtbot.waitUntil(lambda: area.verticalScrollBar().maximum() == 0)
        assert not area.focusPolicy() & Qt.FocusPolicy.TabFocus
        assert button.hasFocus(), QApplication.focusWidget()

        # The same with the focus on the details themselves.
        button.click()
        qtbot.waitUntil(words.isVisible)
        words.setFocus(Qt.FocusReason.TabFocusReason)
        button.click()
        qtbot.waitUntil(lambda: not words.isVisible())
        assert button.hasFocus(), QApplication.focusWidget()
    finally:
        box.close()
