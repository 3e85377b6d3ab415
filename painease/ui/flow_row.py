"""``FlowRow``: buttons side by side that move onto a further line when they do not fit.

A ``QHBoxLayout`` of buttons asks for the sum of their widths as its minimum, so at 200 %
text a row of two long buttons made its whole page wider than the window, and the page
(which never scrolls sideways) cut its cards off at the right. A ``FlowRow`` asks only for
its widest item and, given less width than the row needs, wraps the rest onto the next
line (height for width, like word-wrapped text). An item whose own words wrap (a
``WrapButton``: height for width) asks only for its minimum, and on a line narrower than
its hint takes the line's width and the height its lines then need. Items keep their size
hints and line up
at the left; with ``last_at_right`` the last item keeps to the right edge of its line (a
"Start" button across from "Choose another session"), and with ``at_right`` every line's
items keep together at its right edge (the Library's length box beside its Start). With
``fill``, items that expand
sideways (a slider, a group holding one) share each line's spare width, so a row of
sliders that wraps still spans the page. With ``top``, items keep to the top of their line
rather than its middle (a number level with the slider above a scale's ends). Main thread
only.
"""

from __future__ import annotations

from PySide6.QtCore import QPoint, QRect, QSize, Qt
from PySide6.QtWidgets import QHBoxLayout, QLayout, QLayoutItem, QSizePolicy, QWidget


class FlowRow(QLayout):
    def __init__(self, parent: QWidget | None = None, spacing: int = 8, *,
                 last_at_right: bool = False, at_right: bool = False, fill: bool = False,
                 top: bool = False):
        super().__init__(parent)
        self._items: list[QLayoutItem] = []
        self._gap = spacing
        self._last_at_right = last_at_right
        self._at_right = at_right
        self._fill = fill
        self._top = top
        self.setContentsMargins(0, 0, 0, 0)

    # -- what every QLayout provides --------------------------------------------------

    def addItem(self, item: QLayoutItem) -> None:  # noqa: N802 - Qt override
        self._items.append(item)

    def count(self) -> int:
        return len(self._items)

    def itemAt(self, index: int) -> QLayoutItem | None:  # noqa: N802 - Qt override
        return self._items[index] if 0 <= index < len(self._items) else None

    def takeAt(self, index: int) -> QLayoutItem | None:  # noqa: N802 - Qt override
        return self._items.pop(index) if 0 <= index < len(self._items) else None

    def expandingDirections(self) -> Qt.Orientation:  # noqa: N802 - Qt override
        return Qt.Orientation(0)

    def hasHeightForWidth(self) -> bool:  # noqa: N802 - Qt override
        return True

    def heightForWidth(self, width: int) -> int:  # noqa: N802 - Qt override
        return self._place(QRect(0, 0, width, 0), move=False)

    def setGeometry(self, rect: QRect) -> None:  # noqa: N802 - Qt override
        super().setGeometry(rect)
        self._place(rect, move=True)

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt override
        """Everything on one line."""
        hints = [item.sizeHint() for item in self._shown()]
        width = sum(h.width() for h in hints) + self._gap * max(0, len(hints) - 1)
        height = max((h.height() for h in hints), default=0)
        return self._with_margins(QSize(width, height))

    def minimumSize(self) -> QSize:  # noqa: N802 - Qt override
        """The widest item: the others can go onto lines of their own."""
        sizes = [item.minimumSize() if item.hasHeightForWidth()
                 else item.minimumSize().expandedTo(item.sizeHint()) for item in self._shown()]
        width = max((s.width() for s in sizes), default=0)
        height = max((s.height() for s in sizes), default=0)
        return self._with_margins(QSize(width, height))

    # -- placing ------------------------------------------------------------------------

    def _shown(self) -> list[QLayoutItem]:
        return [item for item in self._items if not item.isEmpty()]

    def _with_margins(self, size: QSize) -> QSize:
        m = self.contentsMargins()
        return QSize(size.width() + m.left() + m.right(), size.height() + m.top() + m.bottom())

    def _place(self, rect: QRect, *, move: bool) -> int:
        """Lay the items out in ``rect`` (only measure unless ``move``), each line's items
        centred on the line's height (at its top with ``top``); returns the height the
        lines take, margins included."""
        m = self.contentsMargins()
        left, right = rect.x() + m.left(), rect.right() - m.right()
        shown = self._shown()
        last = shown[-1] if shown else None
        lines: list[list[tuple[QLayoutItem, QSize]]] = [[]]
        x = left
        for item in shown:
            hint = self._hint(item, right + 1 - left)
            if x > left and x + hint.width() - 1 > right:  # does not fit: a new line
                lines.append([])
                x = left
            lines[-1].append((item, hint))
            x += hint.width() + self._gap
        y = rect.y() + m.top()
        for number, line in enumerate(lines):
            if self._fill:
                line = self._filled(line, right + 1 - left)
            height = max((hint.height() for _, hint in line), default=0)
            x = left
            if self._at_right:  # the line's spare room goes before its first item
                used = sum(hint.width() for _, hint in line) + self._gap * (len(line) - 1)
                x = max(left, right + 1 - used)
            for item, hint in line:
                at = x
                if self._last_at_right and item is last:
                    at = max(x, right + 1 - hint.width())
                if move:
                    top = y if self._top else y + (height - hint.height()) // 2
                    item.setGeometry(QRect(QPoint(at, top), hint))
                x = at + hint.width() + self._gap
            y += height + (self._gap if number < len(lines) - 1 else 0)
        return y + m.bottom() - rect.y()

    @staticmethod
    def _hint(item: QLayoutItem, width: int) -> QSize:
        """``item``'s size hint, or, for an item whose text wraps (height for width) and
        whose hint is wider than a line, the line's width and the height it needs then."""
        hint = item.sizeHint()
        if hint.width() <= width or not item.hasHeightForWidth():
            return hint
        width = max(width, item.minimumSize().width())
        return QSize(width, max(hint.height(), item.heightForWidth(width)))

    def _filled(self, line: list[tuple[QLayoutItem, QSize]],
                width: int) -> list[tuple[QLayoutItem, QSize]]:
        """``line`` with the spare of ``width`` shared among its items that expand
        sideways (the first ones take the odd pixels); one whose text wraps, as tall as
        it then needs (fewer lines, wider)."""
        growing = [index for index, (item, _) in enumerate(line)
                   if item.expandingDirections() & Qt.Orientation.Horizontal]
        spare = width - sum(hint.width() for _, hint in line) - self._gap * (len(line) - 1)
        if not growing or spare <= 0:
            return line
        share, odd = divmod(spare, len(growing))
        line = list(line)
        for rank, index in enumerate(growing):
            item, hint = line[index]
            wider = hint.width() + share + (rank < odd)
            height = item.heightForWidth(wider) if item.hasHeightForWidth() else hint.height()
            line[index] = (item, QSize(wider, height))
        return line


def moving_group() -> QWidget:
    """A row of a label and its controls that moves as one within a ``FlowRow`` (the
    player's mixer), widening to the room its line has; add to its ``layout()``."""
    group = QWidget()
    row = QHBoxLayout(group)
    row.setContentsMargins(0, 0, 0, 0)
    group.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
    return group


def flowing_group(**options) -> QWidget:
    """A ``moving_group`` whose own items move onto further lines when its line is too
    short for them (the player's background sound: its drop-down under its slider at
    200 % text on a large-text desktop), spaced as a ``QHBoxLayout``'s on one line;
    ``options`` as ``FlowRow``'s, with ``fill``. Add to its ``layout()``."""
    from PySide6.QtWidgets import QStyle  # the player's: not built for Home's first screen

    group = QWidget()
    spacing = group.style().pixelMetric(QStyle.PixelMetric.PM_LayoutHorizontalSpacing)
    FlowRow(group, spacing, fill=True, **options)
    group.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
    return group
