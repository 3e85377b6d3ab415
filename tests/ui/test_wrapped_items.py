"""WrappedItems on a bare list: heights follow the width, and a list deleted while a fit
is still pending is simply left alone."""

from __future__ import annotations

from PySide6.QtWidgets import QListWidget

from painease.ui.wrapped_items import WrappedItems

LONG = "Somatic tracking: going deeper with safety — 10, 15, 20 min"


def test_items_grow_when_the_list_narrows_and_shrink_when_it_widens(qtbot):
    view = QListWidget()
    qtbot.addWidget(view)
    WrappedItems(view)
    view.addItems([LONG, "Paced breathing — 5, 10 min"])
    view.resize(600, 300)
    view.show()
    qtbot.waitExposed(view)
    qtbot.waitUntil(lambda: view.item(0).sizeHint().isValid())
    wide = view.item(0).sizeHint().height()
    view.resize(150, 300)
    qtbot.waitUntil(lambda: view.item(0).sizeHint().height() > wide)
    assert view.item(0).sizeHint().width() <= view.viewport().width()
    assert view.item(1).sizeHint().height() < view.item(0).sizeHint().height()
    view.resize(600, 300)
    qtbot.waitUntil(lambda: view.item(0).sizeHint().height() == wide)


def test_a_list_deleted_before_its_pending_fit_raises_nothing(qtbot):
    view = QListWidget()
    WrappedItems(view)
    view.addItems(["one", "two"])  # a fit is now pending for the next event-loop turn
    view.deleteLater()
    qtbot.wait(20)  # pytest-qt fails the test on any exception raised in the event loop


def test_an_item_reworded_gets_the_height_of_its_new_words(qtbot):
    view = QListWidget()
    qtbot.addWidget(view)
    WrappedItems(view)
    view.addItems(["short", "short"])
    view.resize(150, 300)
    view.show()
    qtbot.waitExposed(view)
    qtbot.waitUntil(lambda: view.item(0).sizeHint().isValid())
    one_line = view.item(0).sizeHint().height()
    view.item(0).setText(LONG)
    qtbot.waitUntil(lambda: view.item(0).sizeHint().height() > one_line)
    assert view.item(1).sizeHint().height() == one_line


