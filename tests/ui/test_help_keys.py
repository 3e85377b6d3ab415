"""Help can be read with the keyboard alone: Tab goes from the page through each of its
passages in reading order, the crisis note first, each brought into view and ringed, and
a screen reader hears its words and what the passage is (its heading). Before, the
page had no Tab stop but the page itself, so in a screen reader's focus mode its text
could not be reached. Real window, real key presses, offscreen."""

from __future__ import annotations

import re

from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QAccessible
from PySide6.QtWidgets import QApplication, QScrollArea

from painease.ui.help_page import CRISIS_HEADING, CRISIS_NOTE, HOW_TO
from tests.ui.test_focus_rings import left_edge
from tests.ui.test_session_flow import find

PASSAGES = [("crisis-note-text", CRISIS_HEADING),
            *((f"help-how-{index}", heading) for index, (heading, _) in enumerate(HOW_TO)),
            ("safety-text", "Safety"), ("emergency-signs", "Emergency help now"),
            ("same-day-signs", "Medical help the same day"),
            ("see-soon", "A clinician soon"), ("about-text", "About and licences")]


def test_tab_reads_help_from_the_crisis_note_to_the_licences(qtbot, make_window):
    window = make_window(use_device=False)
    qtbot.keyClick(window, Qt.Key.Key_5, Qt.KeyboardModifier.ControlModifier)
    area = window.page("Help").findChild(QScrollArea)
    area.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.waitUntil(area.hasFocus)
    accent = window.palette().color(window.palette().ColorRole.Highlight).name()
    reached = []
    for _ in PASSAGES:
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        passage = QApplication.focusWidget()
        reached.append((passage.objectName(), passage.accessibleDescription()))
        # In sight in the page, and ringed.
        shown = QRect(passage.mapTo(area.viewport(), passage.rect().topLeft()), passage.size())
        assert area.viewport().rect().intersects(shown), passage.objectName()
        assert left_edge(passage) == [accent, accent], passage.objectName()
        said = QAccessible.queryAccessibleInterface(passage)
        assert said.text(QAccessible.Text.Name) == passage.text()
        assert said.text(QAccessible.Text.Description) == reached[-1][1]
    assert reached == PASSAGES
    crisis = find(window, "crisis-note-text")
    assert crisis.text() == CRISIS_NOTE and crisis.parentWidget().objectName() == "crisis-note"
    # Shift+Tab goes back the same way.
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Backtab)
    assert QApplication.focusWidget().objectName() == "see-soon"


def test_listen_says_the_arrows_change_a_focused_volume_or_background_sound_instead():
    """Help's "Listen" said the arrows move between steps and change the live rating, but
    on a volume slider or the background sound list reached with Tab they change that
    (a keyboard probe): one plain sentence says so."""
    listen = dict(HOW_TO)["Listen"]
    (said,) = [s for s in re.split(r"(?<=\.)\s+", listen) if "instead" in s]
    assert all(words in said for words in ("volume", "background sound", "arrows"))
    assert len(said.split()) <= 25
