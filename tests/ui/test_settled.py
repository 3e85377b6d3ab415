"""``wait_settled`` waits for layouts that take several turns of the event loop, however
long each turn takes, and says so when a layout never settles."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QLabel, QListWidgetItem, QVBoxLayout, QWidget

from painease.ui.wrapped_items import ListOfRows
from tests.ui.settled import wait_settled

WORDS = " ".join(["A session of gentle noticing, with the breath and the sounds around."] * 3)


@pytest.fixture
def page(qtbot):
    page = QWidget()
    layout = QVBoxLayout(page)
    page.listed = ListOfRows(2)
    layout.addWidget(page.listed)
    layout.addStretch(1)
    qtbot.addWidget(page)
    page.resize(300, 700)
    page.show()
    qtbot.waitExposed(page)
    wait_settled(page)
    return page


def shown_rows(listed: ListOfRows) -> tuple[int, int]:
    rows = sum(listed.visualItemRect(listed.item(row)).height() for row in range(listed.rows))
    return listed.viewport().height(), rows


def test_a_list_sized_after_its_items_is_waited_for(page):
    # Items sized on the next turn (a zero timer), the list made their height on the turn
    # after (a posted layout request): neither has happened when the adding is done.
    listed = page.listed
    for _ in range(4):
        listed.addItem(QListWidgetItem(WORDS))
    viewport, rows = shown_rows(listed)
    assert viewport < rows
    wait_settled(page)
    viewport, rows = shown_rows(listed)
    assert viewport >= rows > 0


def test_a_label_added_by_a_timer_is_waited_for(page, qtbot):
    # Added on a later turn than the one that asked for it: still laid out before the wait
    # ends, as a tab's page shown on the turn after it is added.
    label = QLabel(WORDS)
    label.setWordWrap(True)
    QTimer.singleShot(0, lambda: page.layout().insertWidget(0, label))
    wait_settled(page)
    assert label.isVisible()
    assert label.height() >= label.heightForWidth(label.width()) > 0


def test_a_layout_that_never_settles_times_out_and_says_so(page):
    grow = QTimer(page)
    grow.timeout.connect(lambda: page.listed.setFixedHeight(page.listed.height() % 300 + 1))
    grow.start(0)
    with pytest.raises(TimeoutError, match="still changed"):
        wait_settled(page, timeout=0.5)
    grow.stop()
