"""Bottom axes that label the ticks at the ends of the view: where a zoomed view starts
and ends stays readable.

pyqtgraph leaves out a tick label that would stick out of its axis. Zoomed in (mouse
wheel, + key) so that a tick came within half its label of the plot's edge, the tick was
there and its words were not: zoomed to 2 to 4 minutes, the session chart read
"2.2 … 3.8"; zoomed to 10 to 20 November, the trend chart's first date was "11 Nov".

``EdgeLabels`` lets pyqtgraph place every label of a tick in view, then moves a label that
sticks out in to end at the axis' edge (``kept_inside``): still over its tick, which is
at most half the label's width from the edge. A label that would then come nearer to it
than ``label_gap`` keeps its tick but loses its words. An axis may name labels that come
before the edges' (``first_label``: the session chart's end); the labels pyqtgraph spaced
itself are left as it placed them.

Main thread only. Imports pyqtgraph (see the package docstring).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import QRectF
from PySide6.QtGui import QFont, QFontMetricsF

MIN_GAP_PX = 6.0
UNBOUNDED_PX = 100_000.0  # past the axis' ends, while pyqtgraph places the labels

TextSpec = tuple[QRectF, object, str]  # pyqtgraph's: where, alignment flags, words


def _near(a: QRectF, b: QRectF, gap: float) -> bool:
    """Whether two labels on one line come within ``gap`` pixels of each other."""
    return a.left() - gap < b.right() and b.left() - gap < a.right()


def kept_inside(texts: Sequence[TextSpec], left: float, right: float, gap: float,
                first: Callable[[str], bool] = lambda _text: False) -> list[TextSpec]:
    """The labels with each one that sticks out past ``left`` or ``right`` moved in to end
    there, in their order. The ``first`` labels, then the moved ones, are kept ahead of
    any label less than ``gap`` pixels from them, which is left out."""
    placed = []  # (rank: 0 first, 1 moved in, 2 as placed; order; spec)
    for order, (rect, flags, text) in enumerate(texts):
        shift = 0.0
        if rect.left() < left:
            shift = left - rect.left()
        elif rect.right() > right:
            shift = right - rect.right()
        rank = 0 if first(text) else 1 if shift else 2
        placed.append((rank, order, (rect.translated(shift, 0), flags, text)))
    kept: list[tuple[int, int, TextSpec]] = []
    for rank, order, spec in sorted(placed, key=lambda item: item[:2]):
        ahead = [other for other_rank, _, other in kept if other_rank < 2]
        if not any(_near(spec[0], other[0], gap) for other in ahead):
            kept.append((rank, order, spec))
    return [spec for _, _, spec in sorted(kept, key=lambda item: item[1])]


class EdgeLabels:
    """Mixin for a bottom ``pg.AxisItem``, before it among the bases (see the module)."""

    _unbounded = False  # True while pyqtgraph places the labels

    def label_gap(self) -> float:
        """The least room between two labels: a "0"'s width, in pixels."""
        metrics = QFontMetricsF(self.style["tickFont"] or QFont())
        return max(MIN_GAP_PX, metrics.horizontalAdvance("0"))

    def first_label(self, text: str) -> bool:
        """Whether the label ``text`` comes before those at the view's ends (none here)."""
        return False

    def boundingRect(self) -> QRectF:  # noqa: N802 - Qt's name
        rect = super().boundingRect()
        if self._unbounded:  # so pyqtgraph leaves no label out for sticking out
            return rect.adjusted(-UNBOUNDED_PX, 0, UNBOUNDED_PX, 0)
        return rect

    def generateDrawSpecs(self, p):  # noqa: N802 - pyqtgraph's name
        """pyqtgraph's, with the labels at the view's ends kept inside (see the module)."""
        self._unbounded = True
        try:
            specs = super().generateDrawSpecs(p)
        finally:
            self._unbounded = False
        if specs is None or self.orientation != "bottom":
            return specs
        axis, ticks, texts = specs
        bounds = self.mapRectFromParent(self.geometry())
        return axis, ticks, kept_inside(texts, bounds.left(), bounds.right(),
                                        self.label_gap(), self.first_label)
