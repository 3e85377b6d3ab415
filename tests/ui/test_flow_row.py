"""``FlowRow``: items on one line when they fit, further lines when they do not."""

from __future__ import annotations

from PySide6.QtWidgets import QPushButton, QVBoxLayout, QWidget

from painease.ui.flow_row import FlowRow


def make(qtbot, last_at_right: bool = False):
    holder = QWidget()
    column = QVBoxLayout(holder)
    row = FlowRow(last_at_right=last_at_right)
    buttons = [QPushButton(text) for text in ("Choose another session", "Start")]
    for button in buttons:
        row.addWidget(button)
    column.addLayout(row)
    column.addStretch(1)
    qtbot.addWidget(holder)
    holder.show()
    qtbot.waitExposed(holder)
    return holder, row, buttons


def test_one_line_when_wide_and_two_when_narrow(qtbot):
    holder, row, (first, second) = make(qtbot)
    needed = row.sizeHint().width()
    assert row.minimumSize().width() == max(b.sizeHint().width() for b in (first, second))
    holder.resize(needed + 40, 200)
    qtbot.waitUntil(lambda: first.geometry().right() < second.geometry().left())
    assert first.geometry().center().y() == second.geometry().center().y()
    assert second.geometry().left() - first.geometry().right() - 1 == 8  # the gap
    holder.resize(row.minimumSize().width() + 20, 200)
    qtbot.waitUntil(lambda: second.geometry().top() > first.geometry().bottom())
    assert first.geometry().left() == second.geometry().left()
    # The height the layout asked for covers both lines.
    assert row.heightForWidth(holder.width()) >= (first.height() + second.height())


def test_the_last_item_keeps_to_the_right(qtbot):
    holder, row, (first, second) = make(qtbot, last_at_right=True)
    holder.resize(row.sizeHint().width() + 200, 200)
    qtbot.waitUntil(lambda: second.geometry().right() == row.geometry().right())
    assert first.geometry().left() == row.geometry().left()
    holder.resize(row.minimumSize().width() + 20, 200)  # on a line of its own: still right
    qtbot.waitUntil(lambda: second.geometry().top() > first.geometry().bottom())
    assert second.geometry().right() == row.geometry().right()


def test_hidden_items_take_no_room(qtbot):
    holder, row, (first, second) = make(qtbot)
    first.hide()
    holder.resize(400, 200)
    qtbot.waitUntil(lambda: second.geometry().left() == row.geometry().left())
    assert row.sizeHint().width() == second.sizeHint().width()


def test_with_fill_items_that_expand_share_each_lines_spare_width(qtbot):
    from PySide6.QtWidgets import QLineEdit, QSizePolicy

    holder = QWidget()
    column = QVBoxLayout(holder)
    row = FlowRow(fill=True)
    wide, fixed, other = QLineEdit(), QPushButton("Keep"), QLineEdit()
    fixed.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
    for widget in (wide, fixed, other):
        row.addWidget(widget)
    column.addLayout(row)
    column.addStretch(1)
    qtbot.addWidget(holder)
    holder.show()
    holder.resize(row.sizeHint().width() + 300, 200)
    qtbot.waitUntil(lambda: other.geometry().right() == row.geometry().right())
    assert fixed.width() == fixed.sizeHint().width()  # only the expanding ones grow
    assert abs(wide.width() - other.width()) <= 1  # sharing alike
    assert wide.geometry().left() == row.geometry().left()
    # On lines of their own, each expanding item spans its line.
    holder.resize(row.minimumSize().width() + 20, 300)
    qtbot.waitUntil(lambda: other.geometry().top() > wide.geometry().bottom())
    assert other.geometry().right() == row.geometry().right() == wide.geometry().right()


def test_with_at_right_each_lines_items_keep_together_at_its_right(qtbot):
    holder = QWidget()
    column = QVBoxLayout(holder)
    row = FlowRow(at_right=True)
    first, second = QPushButton("Length: 5 minutes"), QPushButton("Start")
    for button in (first, second):
        row.addWidget(button)
    column.addLayout(row)
    column.addStretch(1)
    qtbot.addWidget(holder)
    holder.show()
    holder.resize(row.sizeHint().width() + 200, 200)
    qtbot.waitUntil(lambda: second.geometry().right() == row.geometry().right())
    assert second.geometry().left() - first.geometry().right() - 1 == 8  # side by side
    assert first.geometry().top() == second.geometry().top()
    holder.resize(row.minimumSize().width() + 20, 200)  # on lines of their own: right
    qtbot.waitUntil(lambda: second.geometry().top() > first.geometry().bottom())
    assert first.geometry().right() == second.geometry().right() == row.geometry().right()
