"""The 0–10 scale from the keyboard: 10 can be typed, and a stray key is not a rating."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication

from painease.domain.vocabulary import PAIN_ANCHORS
from painease.ui import rating_scale
from painease.ui.rating_scale import RatingScale


@pytest.fixture
def scale(qtbot, monkeypatch):
    monkeypatch.setattr(rating_scale, "SETTLE_S", 0.2)
    widget = RatingScale("How strong is your pain right now?", PAIN_ANCHORS)
    qtbot.addWidget(widget)
    widget.show()
    qtbot.waitExposed(widget)
    widget.setFocus()
    return widget


def held(widget, key) -> None:
    """A key press that is a repeat of a key held down."""
    QApplication.sendEvent(widget, QKeyEvent(QEvent.Type.KeyPress, key,
                                             Qt.KeyboardModifier.NoModifier, "", True))


def test_one_then_zero_is_ten_and_a_slow_zero_is_zero(qtbot, scale, monkeypatch):
    qtbot.keyClicks(scale, "10")
    assert scale.value() == 10
    qtbot.keyClicks(scale, "0")  # a third digit starts again
    assert scale.value() == 0
    qtbot.keyClicks(scale, "7")
    qtbot.keyClicks(scale, "0")  # only 1 and 0 make ten
    assert scale.value() == 0
    monkeypatch.setattr(rating_scale, "TEN_WITHIN_S", 0.05)
    qtbot.keyClicks(scale, "1")
    qtbot.wait(150)
    qtbot.keyClicks(scale, "0")  # a correction, well after the 1
    assert scale.value() == 0
    assert "1 then 0 for 10" in scale.accessibleDescription()


def test_arrows_just_after_showing_or_held_down_are_not_a_first_rating(qtbot, scale):
    qtbot.keyClick(scale, Qt.Key.Key_Right)  # meant for the page before
    qtbot.keyClick(scale, Qt.Key.Key_Down)
    assert scale.value() is None
    qtbot.wait(300)  # settled
    held(scale, Qt.Key.Key_Right)  # still held from before
    assert scale.value() is None
    qtbot.keyClick(scale, Qt.Key.Key_Right)
    assert scale.value() == 0
    held(scale, Qt.Key.Key_Right)  # once chosen, holding steps
    assert scale.value() == 1


def test_digits_count_at_once(qtbot, scale):
    qtbot.keyClicks(scale, "4")  # no settling time for a digit: nothing else types them
    assert scale.value() == 4
