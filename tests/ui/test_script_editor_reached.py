"""What the script editor says can be reached by keyboard and is seen and heard: the Check
list is a Tab stop (with problems Save is disabled, and Tab skips it, so nothing else led
there); and a message about Record… (a script without an id) is brought into view next to
the button and sent to a screen reader as an alert, the focus staying on Record…. (At
200 % text it once landed in a status line far below, out of sight, and was not said.)"""

from __future__ import annotations

from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtWidgets import QApplication

from tests.ui.settled import wait_settled


def test_tab_reaches_the_check_list_while_save_is_disabled(qtbot, editor):
    editor.activateWindow()
    qtbot.waitUntil(lambda: "is empty" in editor.problems.text())  # a new script: problems
    assert not editor.save_button.isEnabled()
    editor.script_id.setFocus()
    reached = []
    for _ in range(80):
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        reached.append(QApplication.focusWidget())
    assert editor.problems in reached
    # A screen reader says its words on arrival, and what it is.
    assert editor.problems.accessibleName() in ("", editor.problems.text())
    assert editor.problems.accessibleDescription().startswith("Check.")


def test_a_record_message_is_shown_beside_the_button_and_alerted(qtbot, editor, alerts):
    font = editor.font()
    font.setPointSizeF(font.pointSizeF() * 2)  # 200 % text
    editor.setFont(font)
    editor.resize(700, 500)
    editor.activateWindow()
    wait_settled(editor)
    assert editor.columns.stacked
    area = editor.columns.first_area
    record = editor.step_form.record
    record.setFocus()
    area.ensureWidgetVisible(record)
    wait_settled(editor)
    qtbot.keyClick(record, Qt.Key.Key_Space)  # a new script has no id yet
    wait_settled(editor)
    assert "valid id of its own" in editor.play_status.text()
    port = area.viewport()
    seen = QRect(editor.play_status.mapTo(port, QPoint(0, 0)), editor.play_status.size())
    assert port.rect().contains(seen), (seen, port.rect())
    assert QApplication.focusWidget() is record
    assert alerts == ["play-status"]
