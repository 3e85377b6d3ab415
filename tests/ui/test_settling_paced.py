"""In the GUI tests a page settles for ``PACED_HOLD_MS`` (tests/ui/conftest.py), not for a
double-click's time: the guard stays on in every test, a press on a page just put up is
still refused, but a page change no longer costs each test 400 ms of waiting.
(test_settling.py tests the real interval.)"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QPushButton, QVBoxLayout, QWidget

from painease.ui import settling
from tests.ui.conftest import PACED_HOLD_MS


def test_a_page_settles_for_the_paced_time_and_takes_no_press_meanwhile(qtbot):
    page = QWidget()
    choose = QPushButton("Choose")
    QVBoxLayout(page).addWidget(choose)
    qtbot.addWidget(page)
    page.show()
    qtbot.waitExposed(page)
    clicks = []
    choose.clicked.connect(lambda: clicks.append(True))
    settling.settle(page)
    assert settling.settling()
    [held] = page.findChildren(settling._Settling)
    assert held.timer.interval() == PACED_HOLD_MS < QApplication.doubleClickInterval()
    QTest.mouseClick(choose, Qt.MouseButton.LeftButton)  # QTest: not paced
    assert clicks == []
    qtbot.waitUntil(lambda: not settling.settling())
    QTest.mouseClick(choose, Qt.MouseButton.LeftButton)
    assert clicks == [True]
