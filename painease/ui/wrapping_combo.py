"""``WrappingCombo``: a combo box whose shown entry goes onto further lines when it is too
long for the box, as a label's text does.

At 200 % text Settings' lists were as wide as the page lets them be and still cut their
entries: "The system's def…", "As the session sugg…", "HDA Intel PCH: A…". Qt only, and
small; main thread only.
"""

from __future__ import annotations

from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QPalette, QTextLayout, QTextOption
from PySide6.QtWidgets import QComboBox, QStyle, QStyleOptionComboBox, QStylePainter

from painease.ui.eliding_combo import ElidingCombo

MOST_LINES = 3  # beyond these, the last line ends in "…" (the whole entry is the tooltip)


class WrappingCombo(ElidingCombo):
    """An ``ElidingCombo`` whose entry wraps (at spaces, or anywhere in a word longer than
    the box) onto as many as ``MOST_LINES`` lines, the box growing taller to hold them;
    an entry longer still ends in "…" on its last line, and is whole in the tooltip."""

    def __init__(self):
        super().__init__()
        policy = self.sizePolicy()
        policy.setHeightForWidth(True)
        policy.setVerticalPolicy(policy.Policy.Minimum)  # Qt's is Fixed: one line's height
        self.setSizePolicy(policy)
        self.currentTextChanged.connect(lambda _: self.updateGeometry())

    def _field(self, width: int | None = None) -> QRect:
        """The text field of the box, were it ``width`` wide (its own width by default)."""
        option = QStyleOptionComboBox()
        QComboBox.initStyleOption(self, option)  # Qt's own: the entry is not needed here
        if width is not None:
            option.rect = QRect(0, 0, width, self.height())
        return self.style().subControlRect(QStyle.ComplexControl.CC_ComboBox, option,
                                           QStyle.SubControl.SC_ComboBoxEditField, self)

    def shown_lines(self, width: int | None = None) -> list[str]:
        """The lines the box shows its current entry on, were it ``width`` wide."""
        room = max(1, self._field(width).width() - 2)  # 1 px in from each side, as Fusion
        text = self.currentText()
        layout = QTextLayout(text, self.font())
        wrap = QTextOption()
        wrap.setWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
        layout.setTextOption(wrap)
        lines = []
        layout.beginLayout()
        while True:
            line = layout.createLine()
            if not line.isValid():
                break
            line.setLineWidth(room)
            lines.append((line.textStart(), line.textLength()))
        layout.endLayout()
        shown = [text[start:start + length].strip() for start, length in lines[:MOST_LINES]]
        if len(lines) > MOST_LINES:
            rest = text[lines[MOST_LINES - 1][0]:].strip()
            shown[-1] = self.fontMetrics().elidedText(rest, Qt.TextElideMode.ElideRight, room)
        return shown or [""]

    def hasHeightForWidth(self) -> bool:  # noqa: N802 - Qt override
        return True

    def heightForWidth(self, width: int) -> int:  # noqa: N802 - Qt override
        return self._height(len(self.shown_lines(width)))

    def _height(self, lines: int) -> int:
        """The box's height for an entry on ``lines`` lines."""
        return super().sizeHint().height() + (lines - 1) * self.fontMetrics().lineSpacing()

    def paintEvent(self, event) -> None:  # noqa: N802 - Qt override
        lines = self.shown_lines()  # laid out once a paint
        if self.height() != self._height(len(lines)):
            self.updateGeometry()  # its entry changed with its signals blocked
        painter = QStylePainter(self)
        option = QStyleOptionComboBox()
        self.initStyleOption(option)  # keeps the tooltip the whole entry
        option.currentText = ""  # the frame, arrow and focus as Qt draws them; words below
        painter.drawComplexControl(QStyle.ComplexControl.CC_ComboBox, option)
        painter.drawControl(QStyle.ControlElement.CE_ComboBoxLabel, option)
        field = self._field().adjusted(1, 0, -1, 0)
        painter.setPen(self.palette().color(QPalette.ColorRole.Text))
        flags = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
        painter.drawText(field, flags, "\n".join(lines))
