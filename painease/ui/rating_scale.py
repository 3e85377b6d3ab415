"""A large 0–10 segmented scale with anchor labels, usable by mouse, keyboard and readers.

The scale itself takes focus (its eleven buttons do not), so Tab moves from scale to
scale in page order, and while it has focus the digit keys 0–9 choose a value (1 then 0
typed within ``TEN_WITHIN_S`` is 10), ←/→ step it, and Home/End jump to 0/10. Until a
value is chosen, arrow keys are not taken in the first ``SETTLE_S`` after the scale
shows, nor held-down repeats: a key meant for the page before (the player's ←/→, the
live rating's ↑/↓ pressed as a session ends) must not become a rating nobody chose.

Above the question stands the scale's short name (``name``: "Pain", "Sense of threat"),
the one the Summary and Insights call its numbers by. Its accessible name is the
question, plus the chosen number once there is one, so a screen reader says what was
chosen; its description starts with the short name. ``value()`` is None until the
patient chooses. Every number looks the same when chosen: no colour says "bad"
(CLINICAL.md).

Main thread only.
"""

from __future__ import annotations

import time

from PySide6.QtCore import QRect, QSize, Qt, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QHBoxLayout,
    QLabel,
    QLayout,
    QLayoutItem,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

TEN_WITHIN_S = 1.5  # typing 1 and then 0 within this is 10; slow typists were kept in mind
SETTLE_S = 0.8  # arrow keys this soon after the scale shows are not taken as a first rating
STEP_KEYS = (Qt.Key.Key_Right, Qt.Key.Key_Up, Qt.Key.Key_Left, Qt.Key.Key_Down)


GAP = 4  # px between the numbers
FEWEST_PER_ROW = 4  # 0–3, 4–7, 8–10 in the narrowest case; below that the page scrolls


class ScaleRows(QLayout):
    """The eleven numbers in one row when they fit side by side, else in as few rows of
    equal columns as fit (0–5 over 6–10, then rows of four), read left to right and row
    by row; every number as wide as the others. Height for width, like wrapped text."""

    def __init__(self):
        super().__init__()
        self._items: list[QLayoutItem] = []
        self.setContentsMargins(0, 0, 0, 0)

    def addItem(self, item: QLayoutItem) -> None:  # noqa: N802 - Qt override
        self._items.append(item)

    def count(self) -> int:
        return len(self._items)

    def itemAt(self, index: int) -> QLayoutItem | None:  # noqa: N802 - Qt override
        return self._items[index] if 0 <= index < len(self._items) else None

    def takeAt(self, index: int) -> QLayoutItem | None:  # noqa: N802 - Qt override
        return self._items.pop(index) if 0 <= index < len(self._items) else None

    def expandingDirections(self) -> Qt.Orientation:  # noqa: N802 - Qt override
        return Qt.Orientation.Horizontal

    def hasHeightForWidth(self) -> bool:  # noqa: N802 - Qt override
        return True

    def heightForWidth(self, width: int) -> int:  # noqa: N802 - Qt override
        rows = self._rows(width)
        return rows * self._cell().height() + (rows - 1) * GAP

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt override
        hint = QSize(0, 0)
        for item in self._items:
            hint = hint.expandedTo(item.sizeHint())
        count = len(self._items)
        return QSize(count * hint.width() + (count - 1) * GAP, hint.height())

    def minimumSize(self) -> QSize:  # noqa: N802 - Qt override
        """As narrow as the narrowest rows (of ``FEWEST_PER_ROW``) and one row high, as
        ``FlowRow`` asks: the rows a width needs are its height for that width. Asking
        for the narrowest rows' height made a page at 100 % text, where all eleven fit
        on one row, scroll down through room nothing was in."""
        cell = self._cell()
        columns = min(FEWEST_PER_ROW, len(self._items))
        return QSize(columns * cell.width() + (columns - 1) * GAP, cell.height())

    def setGeometry(self, rect: QRect) -> None:  # noqa: N802 - Qt override
        super().setGeometry(rect)
        count = len(self._items)
        if not count:
            return
        rows = self._rows(rect.width())
        columns = -(-count // rows)
        # Equal columns; the first ones take the odd pixels, so the row ends at the edge.
        width, odd = divmod(rect.width() - (columns - 1) * GAP, columns)
        if width < self._cell().width():
            width, odd = self._cell().width(), 0
        lefts = [rect.x() + column * (width + GAP) + min(column, odd) for column in range(columns)]
        height = self._cell().height()
        for index, item in enumerate(self._items):
            row, column = divmod(index, columns)
            item.setGeometry(QRect(lefts[column], rect.y() + row * (height + GAP),
                                   width + (column < odd), height))

    def _cell(self) -> QSize:
        """The smallest a number may be: the widest of their minimums."""
        cell = QSize(0, 0)
        for item in self._items:
            cell = cell.expandedTo(item.minimumSize())
        return cell

    def _rows(self, width: int) -> int:
        """How many rows the numbers need at ``width``: as few as fit, in equal columns."""
        count = len(self._items)
        fit = max(1, (width + GAP) // max(1, self._cell().width() + GAP))
        rows = -(-count // max(fit, min(FEWEST_PER_ROW, count)))
        return max(1, rows)


class RatingScale(QWidget):
    """``name`` over ``question`` above 0–10 buttons (in rows when one row does not fit:
    ``ScaleRows``), ``anchors`` (low, high) under the two ends."""

    valueChanged = Signal(int)

    def __init__(self, question: str, anchors: tuple[str, str], name: str = "",
                 parent: QWidget | None = None):
        super().__init__(parent)
        self._value: int | None = None
        self._shown_at = 0.0
        self._one_typed_at: float | None = None  # when 1 was typed, for a following 0
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground)
        self._question = question
        self.setAccessibleName(question)  # and the value once chosen: see _chosen
        self.setAccessibleDescription(
            (f"{name}. " if name else "") + "Choose 0 to 10 with the digit keys (1 then 0 "
            f"for 10) or the arrow keys; {anchors[0]}, {anchors[1]}.")

        title = QLabel(name)
        if not name:
            title.hide()
        label = QLabel(question)
        label.setProperty("role", "heading")
        label.setWordWrap(True)
        row = ScaleRows()
        self._group = QButtonGroup(self)
        self._group.setExclusive(True)
        for number in range(11):
            button = QPushButton(str(number))
            button.setCheckable(True)
            button.setProperty("role", "scale")
            # The scale owns focus; the buttons are for the mouse and for screen readers.
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            button.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
            button.setAccessibleName(f"{question}: {number}")
            self._group.addButton(button, number)
            row.addWidget(button)
        self._group.idClicked.connect(self._chosen)

        ends = QHBoxLayout()
        low, high = QLabel(anchors[0]), QLabel(anchors[1])
        for anchor in (low, high):
            anchor.setProperty("role", "muted")
            anchor.setWordWrap(True)
        high.setAlignment(Qt.AlignmentFlag.AlignRight)
        ends.addWidget(low, 1)
        ends.addWidget(high, 1)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 8, 10, 8)
        layout.addWidget(title)
        layout.addWidget(label)
        layout.addLayout(row)
        layout.addLayout(ends)

    def value(self) -> int | None:
        return self._value

    def setValue(self, value: int) -> None:  # noqa: N802 - Qt naming, as the issue asks
        if not 0 <= value <= 10:
            raise ValueError(f"a rating is between 0 and 10, got {value}")
        self._group.button(value).setChecked(True)
        self._chosen(value)

    def clear(self) -> None:
        self._group.setExclusive(False)
        for button in self._group.buttons():
            button.setChecked(False)
        self._group.setExclusive(True)
        self._value = None
        self.setAccessibleName(self._question)

    def _chosen(self, value: int) -> None:
        if value == self._value:
            return
        self._value = value
        # The scale is one focus stop, not a slider a screen reader knows the value of: the
        # chosen number is part of its name, and Qt announces the change of name.
        self.setAccessibleName(f"{self._question} Chosen: {value}.")
        self.valueChanged.emit(value)

    def showEvent(self, event) -> None:  # noqa: N802 - Qt override
        self._shown_at = time.monotonic()
        super().showEvent(event)

    def keyPressEvent(self, event) -> None:  # noqa: N802 - Qt override
        key = event.key()
        now = time.monotonic()
        if Qt.Key.Key_0 <= key <= Qt.Key.Key_9:
            digit = key - Qt.Key.Key_0
            one_before = (self._one_typed_at is not None
                          and now - self._one_typed_at <= TEN_WITHIN_S)
            self.setValue(10 if digit == 0 and one_before and self._value == 1 else digit)
            self._one_typed_at = now if digit == 1 else None
            return
        self._one_typed_at = None
        if key in STEP_KEYS and self._value is None and (
                event.isAutoRepeat() or now - self._shown_at < SETTLE_S):
            event.accept()  # a key meant for the page before: not a first rating
        elif key in (Qt.Key.Key_Right, Qt.Key.Key_Up):
            self.setValue(min(10, (self._value if self._value is not None else -1) + 1))
        elif key in (Qt.Key.Key_Left, Qt.Key.Key_Down):
            self.setValue(max(0, (self._value if self._value is not None else 1) - 1))
        elif key == Qt.Key.Key_Home:
            self.setValue(0)
        elif key == Qt.Key.Key_End:
            self.setValue(10)
        else:
            super().keyPressEvent(event)
