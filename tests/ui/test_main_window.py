"""The placeholder window shows the library and the safety note, and is keyboard-usable."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QListWidget

from painease.catalog import load_catalog
from painease.ui.main_window import MainWindow


def test_window_lists_every_playable_script(qtbot):
    catalog = load_catalog()
    window = MainWindow(catalog)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    library = window.findChild(QListWidget, "library-list")
    titles = [library.item(i).text() for i in range(library.count())]
    assert len(titles) == len(catalog.entries) >= 2
    assert any(t.startswith("Paced breathing — 5, 10 min") for t in titles)
    assert library.accessibleName() == "Sessions"
    safety = window.findChild(QLabel, "safety-note")
    assert "see a clinician" in safety.text()


def test_library_takes_keyboard_focus_and_arrows_move(qtbot):
    window = MainWindow(load_catalog())
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    library = window.findChild(QListWidget, "library-list")
    library.setFocus()
    library.setCurrentRow(0)
    qtbot.keyClick(library, Qt.Key.Key_Down)
    assert library.currentRow() == 1
