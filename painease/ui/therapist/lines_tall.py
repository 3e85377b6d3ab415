"""Text boxes and lists as tall as a number of lines of their own font, at any text size.

A height in pixels suits one text size only: at a 20 pt desktop font the script's
Summary (80 px) showed two lines and the set's list (170 px) two of its three sessions.
``lines_tall(widget, lines)`` sets ``widget``'s height to ``lines`` times its font's line
spacing, plus its frame, padding and (for a text box) the document's margins, and sets it
again whenever its font or style changes (or it is first styled): a new text size in
Settings sets a new application font and style sheet while the window is open. Main
thread only.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QAbstractScrollArea, QPlainTextEdit, QTextEdit

# A widget not yet shown when the style sheet was set is styled as it is first shown:
# Polish, not StyleChange.
_CHANGES = (QEvent.Type.FontChange, QEvent.Type.StyleChange, QEvent.Type.Polish)


def lines_high(widget: QAbstractScrollArea, lines: float) -> int:
    """The height in pixels that shows ``lines`` lines of ``widget``'s text in it."""
    margins = widget.contentsMargins()  # the frame and the style sheet's padding
    viewport = widget.viewportMargins()
    height = (lines * widget.fontMetrics().lineSpacing() + margins.top() + margins.bottom()
              + viewport.top() + viewport.bottom())
    if isinstance(widget, (QPlainTextEdit, QTextEdit)):
        height += 2 * widget.document().documentMargin()
    return round(height)


class LinesTall(QObject):
    """Keeps its ``widget`` ``lines`` lines tall (``lines_high``); the widget owns it."""

    def __init__(self, widget: QAbstractScrollArea, lines: float):
        super().__init__(widget)
        self.widget = widget
        self.lines = lines
        self._pending = False
        widget.installEventFilter(self)
        self.fit()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt
        # After the widget's own handling: on a style change the frame takes its new
        # width there, after this filter has seen the event (it was a 5 px short box).
        if event.type() in _CHANGES and not self._pending:
            self._pending = True
            QTimer.singleShot(0, self, self.fit)  # dropped if the widget is deleted first
        return False

    def fit(self) -> None:
        self._pending = False
        height = lines_high(self.widget, self.lines)
        if (self.widget.minimumHeight(), self.widget.maximumHeight()) != (height, height):
            self.widget.setFixedHeight(height)


def lines_tall(widget: QAbstractScrollArea, lines: float) -> QAbstractScrollArea:
    """Make ``widget`` ``lines`` lines tall whatever the text size (``LinesTall``)."""
    widget.lines_tall = LinesTall(widget, lines)
    return widget
