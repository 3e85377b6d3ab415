"""The live rating's scale shows its ends. The theme styles a slider's groove and handle,
and with those styled Qt draws no tick marks, so the 0–10 slider showed neither its steps
nor which end meant what: only "Pain right now: N" beside it. Plain labels under its two
ends now say "0 no pain" and "10 worst pain imaginable", the anchors the before and after
scales use (CLINICAL.md); the second said "10 worst", which is not the scale's anchor.
They now say them in the same words as those scales, "0 = no pain" and "10 = worst pain
imaginable" (they left out the "="), and so does the slider's description. Real window,
offscreen, at 100 % and 200 % text in an 800×600 window."""

from __future__ import annotations

import os

import pytest
from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtWidgets import QLabel, QWidget

from painease.domain.vocabulary import PAIN_ANCHORS
from tests.ui.settled import wait_settled
from tests.ui.test_session_flow import find, shown, start_rated


def on_window(window: QWidget, widget: QWidget) -> QRect:
    return QRect(widget.mapTo(window, QPoint(0, 0)), widget.size())


@pytest.mark.parametrize("text_size", [100, 200])
def test_the_live_rating_shows_which_end_is_which(qtbot, make_window, preset, short_script,
                                                  text_size):
    preset(live_rating=True, welcome_seen=True, text_size=text_size)
    window = make_window(use_device=False)
    window.resize(800, 600)
    start_rated(qtbot, window, short_script, 3, 3)
    qtbot.waitUntil(lambda: shown(window, "live-rating"))
    live = find(window, "live-rating")
    page = window.flow.stack.currentWidget()
    area = page.area
    # No device here, so the no-sound banner comes up, and is brought into sight once its
    # card is on screen, which can be after the test's own scroll: the page may then
    # scroll back up to it. Scroll to the rating (as the player does when it changes)
    # until the page stays there.
    qtbot.waitUntil(page.banner.isVisible)
    for _ in range(5):
        area.ensureWidgetVisible(page.live_box)
        wait_settled(window)
        box = QRect(page.live_box.mapTo(area.viewport(), QPoint(0, 0)), page.live_box.size())
        if area.viewport().rect().contains(box):
            break
    if os.environ.get("PAINEASE_GRAB_DIR"):  # to look at by eye
        window.grab().save(f"{os.environ['PAINEASE_GRAB_DIR']}/player-{text_size}.png")

    low = window.findChild(QLabel, "live-rating-low")
    high = window.findChild(QLabel, "live-rating-high")
    assert low is not None and high is not None, "no labels for the scale's ends"
    # The scale's own anchors (CLINICAL.md); at 200 % text the longer one takes two lines.
    assert (low.text(), high.text()) == ("0 = no pain", "10 = worst pain imaginable")
    assert PAIN_ANCHORS == ("0 = no pain", "10 = worst pain imaginable")
    slider, shown_area = on_window(window, live), on_window(window, area.viewport())
    for anchor in (low, high):
        assert anchor.isVisible(), anchor.text()
        drawn = on_window(window, anchor)
        assert window.rect().contains(drawn) and shown_area.contains(drawn), anchor.text()
        assert drawn.top() >= slider.bottom(), f"{anchor.text()!r} is not under the slider"
        assert anchor.height() >= anchor.heightForWidth(anchor.width()) or not (
            anchor.wordWrap()), f"{anchor.text()!r} is squeezed"
        assert anchor.sizeHint().width() <= anchor.width() or anchor.wordWrap(), (
            f"{anchor.text()!r} is cut")
    # Each under its own end of the slider: 0 at the left, 10 at the right.
    low_at, high_at = on_window(window, low), on_window(window, high)
    text_left = low_at.left() + low.contentsRect().left()
    assert abs(text_left - slider.left()) <= 12
    high_text_right = high_at.left() + high.contentsRect().right()
    assert abs(high_text_right - slider.right()) <= 12
    assert low_at.right() < high_at.left()
    # Said once to a screen reader: by the slider's description, as it takes focus; the
    # labels are plain text, not the slider's label (its name) and no Tab stop of their own.
    description = live.accessibleDescription()
    assert description.count("no pain") == 1 and description.count("worst") == 1
    assert all(anchor in description for anchor in PAIN_ANCHORS), description
    assert live.accessibleName() == "Live pain rating"
    for anchor in (low, high):
        assert anchor.buddy() is None and not anchor.focusPolicy() & Qt.FocusPolicy.TabFocus
    window.close_flow()
