"""After a session, the result is where the keyboard starts: the Summary opens with its
result (``summary``) focused, so a screen reader says it first, and Tab comes back to it
from Done, as it does to Insights' notes."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from tests.ui.test_main_window import end_early_to_the_summary, start_silent_session
from tests.ui.test_session_flow import find


def tab_stops(qtbot, start, key=Qt.Key.Key_Tab, limit: int = 12) -> list[str]:
    """The names of the widgets Tab (or Shift+Tab) goes through from ``start`` until it
    comes back."""
    names = []
    for _ in range(limit):
        qtbot.keyClick(QApplication.focusWidget(), key)
        focused = QApplication.focusWidget()
        names.append(focused.objectName() or focused.accessibleName())
        if focused is start:
            break
    return names


def test_the_summary_opens_on_its_result_and_tab_reaches_it(qtbot, make_window,
                                                            short_script):
    window = start_silent_session(qtbot, make_window, short_script)
    end_early_to_the_summary(qtbot, window)
    summary, done = find(window, "summary"), find(window, "summary-done")
    qtbot.waitUntil(lambda: QApplication.focusWidget() is summary)
    assert "chose not to rate afterwards" in summary.text()
    assert "summary" in tab_stops(qtbot, summary)
    done.setFocus()
    assert "summary" in tab_stops(qtbot, done)
    assert "summary" in tab_stops(qtbot, done, Qt.Key.Key_Backtab)
