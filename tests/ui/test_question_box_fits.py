"""A question's buttons (``forms.question_box``: closing with something unsaved, deleting a
set or a script, replacing a recording…) fit the screen at large text: side by side while
the row fits, one above the other when it is wider than the question may be.

Found by an accessibility check: at 200 % on a 20 pt desktop and an 800 px wide screen,
"Close anyway" and "Keep painease open" side by side needed more than the 800 px the
question had, and the second button read "ep painease o". Real message boxes, offscreen
(whose screen is 800 px wide), over a real window of their own."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtWidgets import QLabel, QPushButton, QScrollArea, QWidget

from painease.ui import theme
from painease.ui.screens import screen_of
from painease.ui.therapist.forms import question_box

CLOSE = ("The end of this session and your live ratings are not saved yet: another program "
         "is using painease's data file. Wait until the other program has finished, then "
         "close painease again to save them.")
# Every question_box's buttons, as its users word them (yes, no).
ASKED = [("close-unsaved-question", "Close anyway", "Keep painease open"),
         ("import-waiting-question", "Close without importing", "Keep waiting"),
         ("discard-question", "Close without saving", "Keep editing")]


def asked(qtbot, name: str, yes: str, no: str):
    parent = QWidget()
    qtbot.addWidget(parent)
    parent.resize(780, 560)
    parent.show()
    qtbot.waitExposed(parent)
    box = question_box(parent, name, "Not saved yet", CLOSE, yes, lambda: None, no)
    qtbot.waitExposed(box)
    qtbot.wait(50)  # laid out again, should the row have changed
    box.owner = parent  # kept while the question is
    buttons = [box.findChild(QPushButton, f"{name}-{end}") for end in ("yes", "no")]
    return box, buttons


def cut(box, buttons) -> list[str]:
    """Buttons not wholly inside the question, or narrower than their words."""
    found = []
    for button in buttons:
        rect = QRect(button.mapTo(box, QPoint(0, 0)), button.size())
        if not box.rect().contains(rect):
            found.append(f"{button.text()!r} at {rect} outside {box.rect()}")
        if button.width() < button.sizeHint().width():
            found.append(f"{button.text()!r} {button.width()} px of "
                         f"{button.sizeHint().width()}")
    return found


@pytest.mark.parametrize(("name", "yes", "no"), ASKED)
def test_the_buttons_fit_an_800_px_screen_at_large_text(qtbot, qapp, monkeypatch, name,
                                                         yes, no):
    monkeypatch.setattr(theme, "_desktop_points", 20.0)  # as test_big_desktop_font
    theme.apply_theme(qapp, "dark", 200)
    box, buttons = asked(qtbot, name, yes, no)
    try:
        assert screen_of(box).availableGeometry().width() <= 800
        assert box.width() <= screen_of(box).availableGeometry().width()
        assert cut(box, buttons) == []
    finally:
        box.close()


def test_at_the_usual_size_the_buttons_stay_side_by_side(qtbot, qapp):
    theme.apply_theme(qapp, "light", 100)
    box, (yes, no) = asked(qtbot, *ASKED[0])
    try:
        assert cut(box, (yes, no)) == []
        assert yes.mapTo(box, QPoint(0, 0)).y() == no.mapTo(box, QPoint(0, 0)).y()
    finally:
        box.close()


# The longest words the question on closing can have: all three things waiting, in a
# folder painease may not write (the others are shorter), and the folder replaced.
WAITING = {"end", "live", "audio-note"}


def closing_questions(parent):
    from pathlib import Path

    from painease.storage.store_errors import StoreError, folder_replaced
    from painease.ui.session_flow import replaced_question, waiting_words

    words = waiting_words(WAITING, StoreError("refused", unwritable=True))
    yield question_box(parent, "close-unsaved-question", "Not saved yet", words,
                       "Close anyway", lambda: None, "Keep painease open")
    replaced = folder_replaced(Path("/gone/painease.db"), "the live ratings")
    yield replaced_question(parent, waiting_words(WAITING, replaced, playing=True),
                            lambda: None, True)


def test_the_question_on_closing_fits_a_small_screen_at_large_text(qtbot, qapp, monkeypatch):
    # Found by an accessibility check: at 200 % on a 20 pt desktop the question on closing
    # with something not saved was 1,750 px tall: on a laptop its buttons were off the
    # bottom of the screen. Its words now scroll inside it.
    monkeypatch.setattr(theme, "_desktop_points", 20.0)
    theme.apply_theme(qapp, "dark", 200)
    parent = QWidget()
    qtbot.addWidget(parent)
    parent.resize(780, 560)
    parent.show()
    qtbot.waitExposed(parent)
    for box in closing_questions(parent):
        try:
            qtbot.waitExposed(box)
            qtbot.wait(50)
            name = box.objectName()
            buttons = box.findChildren(QPushButton)
            assert box.height() <= 600 and box.sizeHint().height() <= 600, box.size()
            assert box.width() <= screen_of(box).availableGeometry().width()
            assert cut(box, buttons) == []
            assert len(box.text()) > 300  # the words are whole, as a screen reader hears them
            (words,) = [label for label in box.findChildren(QLabel)
                        if label.isVisible() and label.text() == box.text()]
            area = words.parentWidget().parentWidget()
            assert isinstance(area, QScrollArea) and area.verticalScrollBar().maximum() > 0
            assert area.focusPolicy() & Qt.FocusPolicy.TabFocus  # scrolled from the keyboard
            assert words.width() >= 10 * words.fontMetrics().averageCharWidth(), name
        finally:
            box.close()


def test_short_words_do_not_scroll(qtbot, qapp):
    theme.apply_theme(qapp, "light", 100)
    box, _ = asked(qtbot, *ASKED[0])
    try:
        (area,) = box.findChildren(QScrollArea)
        assert area.verticalScrollBar().maximum() == 0
        assert area.focusPolicy() == Qt.FocusPolicy.NoFocus  # no Tab stop to read nothing
    finally:
        box.close()
