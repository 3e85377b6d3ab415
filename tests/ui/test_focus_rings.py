"""Tables and labels that Tab stops at show focus as other controls do: a 2px border in
the theme's accent (the style sheet's), seen in the widget's own pixels, focused and not.

A label's ring sits around its text, not over it: a label that takes focus keeps a clear
border of the same width when it does not have focus, so its text is inset by it."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QPalette, QStandardItemModel
from PySide6.QtWidgets import QTableView, QWidget

from tests.ui.insights_view import open_insights
from tests.ui.settled import wait_settled
from tests.ui.test_session_flow import find
from tests.ui.test_session_notes import sessions_with_notes


def left_edge(widget: QWidget) -> list[str]:
    """The colours of the widget's two leftmost pixels, halfway down, as drawn now."""
    image = widget.grab().toImage()
    y = image.height() // 2
    return [image.pixelColor(x, y).name() for x in (0, 1)]


def ring_when_focused(qtbot, widget: QWidget, elsewhere: QWidget) -> tuple[list, list]:
    """The left edge focused by Tab, then after focus moved on; where the contents are
    (a table's cells, a label's text) does not move when the ring comes."""
    inside = widget.contentsRect()
    widget.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.waitUntil(widget.hasFocus)
    focused = left_edge(widget)
    assert widget.contentsRect() == inside
    elsewhere.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.waitUntil(lambda: not widget.hasFocus())
    return focused, left_edge(widget)


def test_insights_tables_and_notes_show_focus_with_the_accent(qtbot, make_window):
    sessions_with_notes()
    window = make_window(use_device=False)
    view = open_insights(qtbot, window)
    accent = window.palette().color(QPalette.ColorRole.Highlight).name()
    # A plain table view too (the therapist's Outcomes and timing tables are ones).
    plain = QTableView(view.table.parentWidget())
    plain.setModel(QStandardItemModel(3, 2, plain))
    view.table.parentWidget().layout().addWidget(plain)
    wait_settled(window)
    note = find(window, "session-note-0")
    assert note.isVisible() and note.text()
    edges = {name: ring_when_focused(qtbot, widget, view.period)
             for name, widget in (("scripts", view.table), ("plain", plain), ("note", note))}
    assert edges == {name: ([accent, accent], unfocused)
                     for name, (_, unfocused) in edges.items()}
    assert all(accent not in unfocused for _, unfocused in edges.values()), edges
    assert note.contentsRect().left() >= 2  # the text inside the ring
