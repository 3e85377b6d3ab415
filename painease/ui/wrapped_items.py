"""Word-wrapped list items that are as tall as their text, at whatever width the list has.

Under the style sheet, Qt works out a wrapped item's height at a different width from
the one it paints the text in (the ``::item`` padding and the text margins), so at large
text sizes some items were too short: their last words were cut with "…", and others got
an empty line. ``WrappedItems`` sets every item's size itself, from the font and the
width the text really gets, and again whenever the list's width changes or items are
added or reworded. For plain-text lists only (no icons, no check boxes). Each item is
painted in its own text's direction (``OwnDirection``), as a label is.
``ListOfRows(rows)`` is a list as tall as its first ``rows`` items so sized: a fixed
height in pixels showed one and a half of them at 200 % text.

Main thread only.
"""

from __future__ import annotations

import unicodedata

from PySide6.QtCore import QEvent, QObject, QRect, QSize, Qt, QTimer
from PySide6.QtWidgets import QListWidget, QSizePolicy, QStyle, QStyledItemDelegate

from painease.ui.theme import ITEM_PADDING

_WRAP = Qt.TextFlag.TextWordWrap.value
_DISPLAY = Qt.ItemDataRole.DisplayRole.value


def text_direction(text: str) -> Qt.LayoutDirection | None:
    """The direction ``text`` reads in, by its first letter that has one (Unicode's rule,
    as a label applies it): right-to-left for Arabic or Hebrew, left-to-right for Latin;
    None when no letter says (digits and punctuation only)."""
    for char in text:
        kind = unicodedata.bidirectional(char)
        if kind == "L":
            return Qt.LayoutDirection.LeftToRight
        if kind in ("R", "AL"):
            return Qt.LayoutDirection.RightToLeft
    return None


class OwnDirection(QStyledItemDelegate):
    """Paints each item in its own text's direction (``text_direction``), as a label shows
    it: a list lays every item out in its own direction (left-to-right here), so an
    Arabic-led caption read right-to-left on the player's big caption but left-to-right,
    its full stop at the wrong end, in the transcript under it."""

    def initStyleOption(self, option, index) -> None:  # noqa: N802 - Qt override
        super().initStyleOption(option, index)
        direction = text_direction(option.text)
        if direction is not None:
            option.direction = direction


class WrappedItems(QObject):
    """Keeps ``view``'s item sizes right, and each item in its own direction
    (``OwnDirection``); the view owns it (``view.wrapped_items``)."""

    def __init__(self, view: QListWidget):
        super().__init__(view)
        self.view = view
        self._pending = False
        view.setItemDelegate(OwnDirection(view))
        view.setWordWrap(True)
        view.viewport().installEventFilter(self)
        model = view.model()
        model.rowsInserted.connect(self.fit_soon)
        model.modelReset.connect(self.fit_soon)
        model.dataChanged.connect(self._changed)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt
        if event.type() == QEvent.Type.Resize:
            self.fit()
        return False

    def _changed(self, _top: object, _bottom: object, roles: list[int] = ()) -> None:
        # An item's words changed (not the size this class just set, which would loop).
        if not roles or _DISPLAY in roles:
            self.fit_soon()

    def fit_soon(self, *_args: object) -> None:
        """Once control returns to the event loop: items are often added one by one."""
        if not self._pending:
            self._pending = True
            QTimer.singleShot(0, self, self.fit)  # dropped if the list is deleted first

    def fit(self) -> None:
        """Size every item for the list's current width (and font)."""
        self._pending = False
        view = self.view
        width = view.viewport().width() - 2 * view.spacing()
        margin = view.style().pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin, None,
                                          view) + 1
        text_width = max(1, width - 2 * ITEM_PADDING - 2 * margin)
        metrics = view.fontMetrics()
        resized = False
        for row in range(view.count()):
            item = view.item(row)
            text = metrics.boundingRect(QRect(0, 0, text_width, 1_000_000), _WRAP,
                                        item.text())
            size = QSize(width, text.height() + 2 * ITEM_PADDING + 2)
            if item.sizeHint() != size:
                item.setSizeHint(size)
                resized = True
        if resized:  # a view that sizes itself by its items (the Library's) asks again
            view.updateGeometry()


class ListOfRows(QListWidget):
    """A list of word-wrapped items (``wrapped_items``) as tall as its first ``rows``
    items, whatever the text size; the others scroll. Empty, it is Qt's usual size."""

    def __init__(self, rows: int):
        super().__init__()
        self.rows = rows
        self.wrapped_items = WrappedItems(self)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt override
        hint = super().sizeHint()
        shown = range(min(self.count(), self.rows))
        if not shown:
            return hint
        height = (sum(self.sizeHintForRow(row) + 2 * self.spacing() for row in shown)
                  + 2 * self.frameWidth())
        return QSize(hint.width(), height)
