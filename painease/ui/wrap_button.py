"""``WrapButton``: a push button whose words go onto further lines when it is narrower than
its text, instead of asking for the whole text's width on one line.

A ``QPushButton`` is never narrower than its text on one line: on a large-text desktop with
painease's 200 % on top, "Send results to my therapist…" needed 840 px, more than Home's
column has in a 1000 px window, so the page scrolled sideways and the button was cut. A
``WrapButton`` asks for its widest word as its minimum width and for the height of its
wrapped lines at a given width (height for width: box layouts and ``FlowRow`` ask); at its
full width it is an ordinary button, drawn by the style. Its ``text()`` is the whole text.
Main thread only.
"""

from __future__ import annotations

from PySide6.QtCore import QRect, QSize, Qt
from PySide6.QtGui import QTextLayout
from PySide6.QtWidgets import (
    QPushButton,
    QSizePolicy,
    QStyle,
    QStyleOptionButton,
    QStylePainter,
)

WRAP = Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap


class WrapButton(QPushButton):
    def __init__(self, text: str):
        super().__init__(text)
        # Narrower than its text when it must be (Preferred), and as tall as its lines
        # (Minimum: Fixed would hold it to one line's height).
        policy = QSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Minimum)
        policy.setHeightForWidth(True)
        self.setSizePolicy(policy)

    def _chrome(self) -> QSize:
        """What the button adds around its one line of text (border, padding)."""
        hint = super().sizeHint()
        metrics = self.fontMetrics()
        return QSize(max(0, hint.width() - metrics.horizontalAdvance(self.text())),
                     max(0, hint.height() - metrics.height()))

    def _text_height(self, width: int) -> int:
        return self.fontMetrics().boundingRect(QRect(0, 0, max(1, width), 100000), WRAP,
                                               self.text()).height()

    def minimumSizeHint(self) -> QSize:  # noqa: N802 - Qt override
        chrome = self._chrome()
        metrics = self.fontMetrics()
        widest = max((metrics.horizontalAdvance(word) for word in self.text().split()),
                     default=0)
        height = max(super().minimumSizeHint().height(), super().sizeHint().height())
        return QSize(widest + chrome.width(), height)

    def hasHeightForWidth(self) -> bool:  # noqa: N802 - Qt override
        return True

    def heightForWidth(self, width: int) -> int:  # noqa: N802 - Qt override
        hint = super().sizeHint()
        if width >= hint.width():
            return hint.height()
        chrome = self._chrome()
        return self._text_height(width - chrome.width()) + chrome.height()

    def paintEvent(self, event) -> None:  # noqa: N802 - Qt override
        if self.width() >= super().sizeHint().width():
            super().paintEvent(event)
            return
        option = QStyleOptionButton()
        self.initStyleOption(option)
        painter = QStylePainter(self)
        text, option.text = option.text, ""
        painter.drawControl(QStyle.ControlElement.CE_PushButton, option)  # frame, no text
        # Each line is drawn as a button's label, so the style (and its sheet) gives it
        # the colour of the button's state (hover, pressed, disabled), as unwrapped.
        chrome = self._chrome()
        side = chrome.width() // 2
        room = self.rect().adjusted(side, 0, side - chrome.width(), 0)
        lines = self._lines(text, room.width())
        step = self.fontMetrics().lineSpacing()
        top = room.y() + (room.height() - step * len(lines)) // 2
        for number, line in enumerate(lines):
            option.text = line
            option.rect = QRect(room.x(), top + number * step, room.width(), step)
            painter.drawControl(QStyle.ControlElement.CE_PushButtonLabel, option)

    def _lines(self, text: str, width: int) -> list[str]:
        """``text``'s words in lines no wider than ``width``, as ``WRAP`` breaks them."""
        layout = QTextLayout(text, self.font())
        layout.beginLayout()
        lines = []
        while (line := layout.createLine()).isValid():
            line.setLineWidth(max(1, width))
            lines.append(text[line.textStart():line.textStart() + line.textLength()].strip())
        layout.endLayout()
        return lines
