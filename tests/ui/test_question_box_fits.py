"""A question's buttons (``forms.question_box``: closing with something unsaved, deleting a
set or a script, replacing a recording…) fit the screen at large text: side by side while
the row fits, one above the other when it is wider than the question may be.

Found by an accessibility check: at 200 % on a 20 pt desktop and an 800 px wide screen,
"Close anyway" and "Keep painease open" side by side needed more than the 800 px the
question had, and the second button read "ep painease o". Real message boxes, offscreen
(whose screen is 800 px wide), over a real window of their own."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, QRect
from PySide6.QtWidgets import QPushButton, QWidget

from painease.ui import theme
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
        assert box.screen().availableGeometry().width() <= 800
        assert box.width() <= box.screen().availableGeometry().width()
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
