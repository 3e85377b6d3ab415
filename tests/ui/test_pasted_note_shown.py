"""Two paths of the pasted-text fields that no test took (a mutation probe changed each
and no test failed):

* The note of what a paste left out is scrolled into sight: in the set builder in a small
  window, a session's note pasted into at the bottom of the column, the note under it
  comes into the column's view (the focus staying in the field).
* An edit whose place in the field is not known (Ctrl+Z bringing back typing over text
  the program set, with a control character in it) is left as it was: not cleaned into
  the wrong place, and nothing said of a paste, and the undo goes on as before.

Real widgets offscreen, a real paste through the clipboard and Ctrl+V, undo by Ctrl+Z."""

from __future__ import annotations

from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtWidgets import QApplication, QLabel, QScrollArea

from painease.ui.therapist.pasted_text import LineEdit
from tests.ui.test_script_editor_controls import paste
from tests.ui.test_set_builder import builder, fill_set, store  # noqa: F401 - fixtures


def column_of(widget) -> QScrollArea:
    area = widget.parent()
    while not isinstance(area, QScrollArea):
        area = area.parent()
    return area


def in_view(area: QScrollArea, widget) -> bool:
    port = area.viewport()
    placed = QRect(widget.mapTo(port, QPoint(0, 0)), widget.size())
    return widget.isVisible() and port.rect().contains(placed)


def test_the_note_of_a_paste_is_scrolled_into_sight(qtbot, builder, short_script):  # noqa: F811
    fill_set(qtbot, builder, short_script)
    builder.item_list.setCurrentRow(0)
    builder.resize(900, 420)  # a small window: the session's form runs below the view
    qtbot.waitUntil(lambda: column_of(builder.note).verticalScrollBar().maximum() > 0)
    area = column_of(builder.note)
    bottom = builder.note.mapTo(area.widget(), QPoint(0, builder.note.height())).y()
    area.verticalScrollBar().setValue(bottom - area.viewport().height())  # the note field
    # at the view's bottom
    note = builder.findChild(QLabel, "item-paste-note")
    assert in_view(area, builder.note) and not note.isVisible()
    builder.note.selectAll()
    paste(qtbot, builder.note, "Be curious\x0bnothing\x1b needs to change.")
    assert builder.note.toPlainText() == "Be curious\nnothing needs to change."
    assert note.isVisible() and note.text().startswith("Pasted without characters")
    assert in_view(area, note)
    assert QApplication.focusWidget() is builder.note


def test_an_edit_not_known_where_it_went_is_left_as_it_was(qtbot):
    field = LineEdit()
    qtbot.addWidget(field)
    field.show()
    said = []
    field.cleaned.connect(said.append)
    field.setText("a\x0bb")  # as a set file opened holds it
    field.setFocus()
    qtbot.keyClick(field, Qt.Key.Key_Home)
    qtbot.keyClicks(field, "1")
    qtbot.keyClick(field, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(field, "z")  # over all of it
    assert field.text() == "z" and said == []
    # Ctrl+Z brings back "1a\x0bb", all of it chosen: an edit of the whole field, not one
    # that put the control character in.
    qtbot.keyClick(field, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert field.text() == "1a\x0bb"
    assert said == []
    qtbot.keyClick(field, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert field.text() == "a\x0bb"  # the typing before it still undoable
    assert said == []
