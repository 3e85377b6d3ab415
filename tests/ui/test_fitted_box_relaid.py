"""A note's or a question's words stay in their scroll area, and the box keeps their size,
when Qt lays the box out anew (``question_text._Words``): on a new style (the theme or the
text size changed: the app's style sheet is set again) and on ``setIcon``.

Found in review: Qt rebuilds a message box's grid then, with its own labels in it (hidden
by ``scroll_when_tall``) and without the words' area. The box shrank to 325 × 122 px and
the words were drawn over its OK button. The usual way there: the patient changes the
theme or the text size while the disk is full, "Settings not saved" opens, and then the
whole app is restyled. Real message boxes and a real window, offscreen."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, QRect
from PySide6.QtWidgets import QLabel, QMessageBox, QPushButton, QScrollArea, QWidget

from painease.storage.store_errors import StoreError
from painease.ui import theme
from tests.ui.test_question_box_fits import CLOSE, cut


def _note(parent):
    from painease.ui.lock_notes import already_open_box

    return already_open_box()


def _note_with_details(parent):
    from painease.ui.store_notes import store_busy_box

    return store_busy_box(StoreError("database is locked", busy=True))


def _question(parent):
    from painease.ui.therapist.forms import question_box

    return question_box(parent, "close-unsaved-question", "Not saved yet", CLOSE,
                        "Close anyway", lambda: None, "Keep painease open")


def _replaced(parent):
    from painease.ui.session_flow import replaced_question

    return replaced_question(parent, CLOSE, lambda: None, True)


BOXES = {"note": _note, "note-with-details": _note_with_details, "question": _question,
         "replaced-folder-question": _replaced}


def check_fitted(box: QMessageBox, when: str) -> None:
    """``box``'s words are shown in their area, in its layout, at the size the area asks
    for, apart from its buttons and within the box; Qt's own labels stay hidden."""
    what = f"{box.objectName()} {when}"
    area = box.findChild(QScrollArea, "question-words")
    assert box.layout().indexOf(area) >= 0, what
    assert area.isVisible(), what
    for name in ("qt_msgbox_label", "qt_msgbox_informativelabel"):
        own = box.findChild(QLabel, name)
        assert own is None or not own.isVisible(), (what, name)
    wanted = area.sizeHint()
    assert area.width() >= wanted.width() and area.height() >= wanted.height(), (
        what, area.size(), wanted)
    assert box.rect().contains(area.geometry()), (what, area.geometry(), box.size())
    buttons = [b for b in box.findChildren(QPushButton) if b.isVisible()]
    assert buttons, what
    assert cut(box, buttons) == [], what
    for button in buttons:
        placed = QRect(button.mapTo(box, QPoint(0, 0)), button.size())
        assert not placed.intersects(area.geometry()), (what, button.text(), placed,
                                                        area.geometry())


def relaid(qtbot, qapp, box: QMessageBox) -> None:
    """Each change re-lays the box out at once (a new grid, the words' area out of it),
    and the area goes back in place on a 0 ms timer: each check is waited for (it fails
    at the wait's end if the area never goes back)."""
    qtbot.waitExposed(box)
    # Laid out again, should the buttons have been stacked.
    qtbot.waitUntil(lambda: check_fitted(box, "as shown"))
    theme.apply_theme(qapp, "dark", 150)  # sets the app's style sheet, as a change does
    qtbot.waitUntil(lambda: check_fitted(box, "after a new theme and text size"))
    box.setIcon(QMessageBox.Icon.Warning)
    qtbot.waitUntil(lambda: check_fitted(box, "after setIcon"))


@pytest.mark.parametrize("which", list(BOXES))
def test_a_fitted_box_keeps_its_words_when_restyled(qtbot, qapp, which):
    theme.apply_theme(qapp, "light", 100)
    parent = QWidget()
    qtbot.addWidget(parent)
    parent.resize(780, 560)
    parent.show()
    qtbot.waitExposed(parent)
    box = BOXES[which](parent)
    qtbot.addWidget(box)
    try:
        if not box.isVisible():
            box.show()
        relaid(qtbot, qapp, box)
    finally:
        box.close()


def test_settings_not_saved_keeps_its_words_when_the_change_restyles_the_app(
        qtbot, qapp, make_window, preset, painease_home):
    preset(welcome_seen=True)
    window = make_window(use_device=False)
    (painease_home / ".settings.json.lock").mkdir()  # a real write failure, as a full disk
    window.settings.set("text_size", 150)  # not saved: the note opens, then the app restyles
    qtbot.waitUntil(lambda: window.settings_note is not None
                    and window.settings_note.isVisible())
    note = window.settings_note
    try:
        qtbot.wait(50)
        assert qapp.font().pointSizeF() > theme.BASE_POINTS  # restyled at 150 %
        check_fitted(note, "after the text size changed")
    finally:
        note.close()
