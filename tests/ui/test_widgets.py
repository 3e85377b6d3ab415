"""The building blocks set Qt's enum properties by name (see widgets.py): check they took."""

from __future__ import annotations

from PySide6.QtCore import Qt

from painease.ui.widgets import label, scrolling_page, wheel_only_when_focused


def test_labels_show_text_as_written_unless_asked_for_rich_text(qapp):
    plain = label("Pain <b>4</b> → 2")
    assert plain.textFormat() == Qt.TextFormat.PlainText
    rich = label("See <a href='#x'>here</a>", rich=True)
    assert rich.textFormat() == Qt.TextFormat.RichText
    assert not rich.openExternalLinks()


def test_a_scrolling_page_scrolls_sideways_only_when_its_content_cannot_be_narrower(qtbot):
    """Its rows wrap to the window's width; content that truly cannot be narrower is
    reached by scrolling sideways rather than cut off."""
    from PySide6.QtWidgets import QLabel, QPushButton

    area, column = scrolling_page()
    assert area.horizontalScrollBarPolicy() == Qt.ScrollBarPolicy.ScrollBarAsNeeded
    assert area.widgetResizable()
    column.addWidget(label("A long sentence that wraps onto as many lines as it needs. " * 4))
    qtbot.addWidget(area)
    area.resize(300, 400)
    area.show()
    qtbot.waitExposed(area)
    assert not area.horizontalScrollBar().isVisible()  # wrapped text fits any width
    wide = QPushButton("x" * 80)
    column.addWidget(wide)
    qtbot.waitUntil(area.horizontalScrollBar().isVisible)
    assert isinstance(column.itemAt(0).widget(), QLabel)


def wheel_over(widget, notches: int = -1) -> None:
    """One real wheel event over the middle of ``widget`` (negative: towards the user)."""
    from PySide6.QtCore import QPoint, QPointF
    from PySide6.QtGui import QWheelEvent
    from PySide6.QtWidgets import QApplication

    middle = QPointF(widget.rect().center())
    QApplication.sendEvent(widget, QWheelEvent(
        middle, QPointF(widget.mapToGlobal(middle.toPoint())), QPoint(0, 0),
        QPoint(0, 120 * notches), Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier,
        Qt.ScrollPhase.NoScrollPhase, False))


def test_the_wheel_scrolls_the_page_over_a_control_until_it_has_focus(qtbot):
    from PySide6.QtWidgets import QComboBox, QSlider, QSpinBox, QWidget

    area, column = scrolling_page()
    qtbot.addWidget(area)
    slider = wheel_only_when_focused(QSlider(Qt.Orientation.Horizontal))
    slider.setRange(0, 10)
    slider.setValue(6)
    combo = wheel_only_when_focused(QComboBox())
    combo.addItems(["one", "two", "three"])
    spin = wheel_only_when_focused(QSpinBox())
    for control in (slider, combo, spin):
        column.addWidget(control)
    spacer = QWidget()
    spacer.setMinimumHeight(2000)  # something to scroll
    column.addWidget(spacer)
    area.resize(400, 300)
    area.show()
    qtbot.waitExposed(area)
    scroll = area.verticalScrollBar()
    qtbot.waitUntil(lambda: scroll.maximum() > 0)  # laid out
    area.setFocus()  # not the first control, which a new window gives focus to
    qtbot.waitUntil(area.hasFocus)
    assert scroll.value() == 0
    for control in (slider, combo, spin):
        wheel_over(control)
    assert (slider.value(), combo.currentIndex(), spin.value()) == (6, 0, 0)
    assert scroll.value() > 0  # the page scrolled instead
    slider.setFocus()
    qtbot.waitUntil(slider.hasFocus)
    wheel_over(slider)
    assert slider.value() != 6  # chosen on purpose: the wheel works
