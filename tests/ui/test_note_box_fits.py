"""A note with a second paragraph (Qt's "informative text") fits a laptop's screen at large
text: both paragraphs scroll inside it, in one area, and its buttons stay on the screen and
in the Tab order (``question_text.scroll_when_tall``).

Found by an accessibility check: at 200 % on a 20 pt desktop these notes were 560 to more
than 1,000 px tall: "Settings not saved" (which can show during a session, after a volume
change) 810, "Your painease data is in use" 1,062, "painease cannot open your data" 810
(1,058 for a damaged file), "painease is already open" 934. On a laptop their buttons were
below the bottom of the screen. Real message boxes, offscreen (whose screen is 800 px wide
and tall), as the app builds them."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLabel, QPushButton, QScrollArea

from painease.storage.health import damaged
from painease.storage.store_errors import StoreError
from painease.ui import theme
from painease.ui.screens import screen_of
from tests.ui.test_question_box_fits import cut

TALLEST = 600  # px: a laptop's screen at 200 %, less the taskbar and the title bar

# The longest reason SQLite's check can give (cut at 200 characters), in a usual folder.
DAMAGED = damaged(Path.home() / ".local/share/painease/painease.sqlite3",
                  "*** in database main ***\nTree 12 page 4711 cell 23: Rowid 90211 out of "
                  "order; Tree 12 page 4711 cell 22: 2nd reference to page 4810; Tree 12 "
                  "page 4712 right child: invalid page number 98113; Page 4813: never used")
FULL = StoreError("the disk is full, so it was not possible to open the database",
                  cause="the disk is full", remedy="free some space on the disk")


def _already_open():
    from painease.ui.lock_notes import already_open_box

    return already_open_box()


def _command_at_work():
    from painease.ui.lock_notes import command_at_work_box

    return command_at_work_box("demo-data")


def _cannot_open(problem):
    def build():
        from painease.ui.store_notes import store_problem_box

        return store_problem_box(problem)
    return build


def _in_use():
    from painease.ui.store_notes import store_busy_box

    return store_busy_box(StoreError("database is locked", busy=True))


NOTES = {"already-open": _already_open, "command-at-work": _command_at_work,
         "cannot-open-full-disk": _cannot_open(FULL), "cannot-open-damaged": _cannot_open(DAMAGED),
         "in-use": _in_use}


def large_text(qapp, monkeypatch) -> None:
    monkeypatch.setattr(theme, "_desktop_points", 20.0)  # as test_big_desktop_font
    theme.apply_theme(qapp, "dark", 200)


def shown(qtbot, box) -> None:
    if not box.isVisible():
        box.show()
    qtbot.waitExposed(box)
    with qtbot.waitActive(box):
        box.activateWindow()
    qtbot.wait(50)  # laid out again, should the buttons have been stacked


def tab_stops(qtbot, box) -> list:
    """What Tab reaches, from where the focus is, once round and more."""
    reached = []
    for _ in range(2 * len(box.findChildren(QPushButton)) + 3):
        qtbot.keyClick(QApplication.focusWidget() or box, Qt.Key.Key_Tab)
        reached.append(QApplication.focusWidget())
    return reached


def check_fits(qtbot, box) -> None:
    """``box`` (shown) is within ``TALLEST`` and the screen, its buttons whole and reached
    by Tab, both paragraphs whole in one scroll area, which a scroll shows by the keys."""
    shown(qtbot, box)
    name = box.objectName()
    assert box.height() <= TALLEST and box.sizeHint().height() <= TALLEST, (name, box.size())
    assert box.width() <= screen_of(box).availableGeometry().width(), (name, box.size())
    buttons = [b for b in box.findChildren(QPushButton) if b.isVisible()]
    assert cut(box, buttons) == [], name
    # What a screen reader hears of the box is its own, and the words shown are its words.
    assert box.accessibleDescription() == f"{box.text()} {box.informativeText()}"
    shown_words = [label.text() for label in box.findChildren(QLabel)
                   if label.isVisible() and label.text() in (box.text(), box.informativeText())]
    assert shown_words == [box.text(), box.informativeText()], name
    (area,) = [a for a in box.findChildren(QScrollArea) if a.objectName() == "question-words"]
    assert area.accessibleName() == "The note's words"
    for label in area.widget().findChildren(QLabel):  # the details' too, when shown
        if label.isVisible():
            assert label.width() >= 10 * label.fontMetrics().averageCharWidth(), name
    reached = tab_stops(qtbot, box)
    assert all(button in reached for button in buttons), (name, reached)
    bar = area.verticalScrollBar()
    if bar.maximum() > 0:  # the words scroll: from the keyboard too
        assert area in reached, name
        area.setFocus()
        qtbot.keyClick(area, Qt.Key.Key_PageDown)
        assert bar.value() > 0, name
    else:
        assert area not in reached, name  # no Tab stop to read nothing


@pytest.mark.parametrize("which", list(NOTES))
def test_a_note_at_start_fits_a_small_screen_at_large_text(qtbot, qapp, monkeypatch, which):
    large_text(qapp, monkeypatch)
    box = NOTES[which]()
    qtbot.addWidget(box)
    try:
        check_fits(qtbot, box)
    finally:
        box.close()


def test_the_damaged_files_note_scrolls_and_keeps_its_details(qtbot, qapp, monkeypatch):
    large_text(qapp, monkeypatch)
    box = NOTES["cannot-open-damaged"]()
    qtbot.addWidget(box)
    try:
        shown(qtbot, box)
        (area,) = [a for a in box.findChildren(QScrollArea) if a.objectName() == "question-words"]
        assert area.verticalScrollBar().maximum() > 0  # the longest: its words scroll
        assert box.detailedText() == f"painease: {DAMAGED}"
        assert "is damaged" in box.informativeText()
    finally:
        box.close()


def test_settings_not_saved_during_use_fits_at_large_text(qtbot, qapp, monkeypatch,
                                                         make_window, preset, painease_home):
    monkeypatch.setattr(theme, "_desktop_points", 20.0)
    preset(welcome_seen=True, text_size=200)
    window = make_window(use_device=False)
    (painease_home / ".settings.json.lock").mkdir()  # a real write failure, as a full disk
    window.settings.set("live_rating", True)
    qtbot.waitUntil(lambda: window.settings_note is not None
                    and window.settings_note.isVisible())
    note = window.settings_note
    try:
        assert "could not save your settings" in note.text()
        assert note.informativeText().startswith("The reason: ")
        check_fits(qtbot, note)
    finally:
        note.close()


def test_short_notes_at_the_usual_size_do_not_scroll(qtbot, qapp):
    theme.apply_theme(qapp, "light", 100)
    box = NOTES["command-at-work"]()
    qtbot.addWidget(box)
    try:
        check_fits(qtbot, box)
        (area,) = [a for a in box.findChildren(QScrollArea) if a.objectName() == "question-words"]
        assert area.verticalScrollBar().maximum() == 0
        assert area.focusPolicy() == Qt.FocusPolicy.NoFocus
    finally:
        box.close()
