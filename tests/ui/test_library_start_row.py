"""The Library's bottom row: "Length [5 minutes]" stands beside Start at the right, as one
group; at large text, where both do not fit side by side, Start goes under the length,
both still at the right and inside the page."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, QRect
from PySide6.QtWidgets import QLabel

from painease.ui import theme
from tests.ui.settled import wait_settled
from tests.ui.test_session_flow import find


def placed(widget, page) -> QRect:
    return QRect(widget.mapTo(page, QPoint(0, 0)), widget.size())


def length_label(window) -> QLabel:
    return next(child for child in find(window, "length-choice").parentWidget().children()
                if isinstance(child, QLabel) and child.text() == "Length")


def library_at(make_window, preset, text_size: int, width: int = 1000):
    """The Library at ``text_size`` % in a ``width`` × 720 window, laid out: the window,
    the page, and where Start and the length box stand on it."""
    preset(text_size=text_size, welcome_seen=True)
    window = make_window(use_device=False)
    window.resize(width, 720)
    window.show_page("Library")
    wait_settled(window)
    page = window.library
    return (window, page, placed(find(window, "start-session"), page),
            placed(find(window, "length-choice"), page))


def test_the_length_stands_beside_start_at_100(qtbot, make_window, preset):
    window, page, start, box = library_at(make_window, preset, 100)
    words = placed(length_label(window), page)
    assert start.right() > page.width() - 60  # at the right, as before
    assert box.center().y() == pytest.approx(start.center().y(), abs=1)
    # Next to Start: the row's 12 px gap, not the width of the page between them.
    assert start.left() - box.right() - 1 == 12
    assert 0 < box.left() - words.right() < 20


def test_at_large_text_start_goes_under_the_length_both_at_the_right(
        qtbot, make_window, preset, monkeypatch):
    monkeypatch.setattr(theme, "_desktop_points", 20.0)
    # 700 px: about the room a 1000 px window left the page beside the page list of before
    # (332 px at this size); with the page tabs on top, 1000 px fit both side by side.
    window, page, start, box = library_at(make_window, preset, 200, 700)
    assert window.width() == 700
    assert start.top() > box.bottom()  # wrapped: the row does not fit at this size
    assert start.right() == box.right() <= page.width()
