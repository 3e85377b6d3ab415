"""What every Insights chart shares: theme colours, fonts, hover values, PNG/SVG export.

A ``Chart`` is a QWidget holding one pyqtgraph ``PlotWidget``. Subclasses keep the data
they were handed and draw it in ``redraw()``; the base calls ``redraw()`` again whenever
the palette or the application font changes, so light/dark and the text size (up to
200 %) apply to charts as they do to the rest of the app. Colours never carry meaning on
their own: pain and fear also differ by marker shape and line style, and every chart has
a legend. Calm colours only (CLINICAL.md): blue for pain, amber-brown for fear, no red.
Each kind of session phase has its own pale tint (``ChartColours.phase_tint``), the same
wherever it comes in a session, so two safety parts look alike and a curiosity part does
not look like them; the bands also carry their names, so the tint is never the only clue.

Export (PNG/SVG files, images for the report): ``export.Exportable``.

Hover: subclasses register points with ``hover_points(xs, ys, describe)``; moving the
pointer within ``HOVER_PX`` pixels of one shows ``describe(index)`` as a tooltip (and keeps
it in ``hover_text`` for tests and screen readers).

Main thread only. Imports pyqtgraph: import this module lazily (see the package docstring).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPalette
from PySide6.QtWidgets import (
    QApplication,
    QToolTip,
    QVBoxLayout,
    QWidget,
)

from painease.ui.charts.axes import BottomAxis, LeftAxis
from painease.ui.charts.date_axis import DayAxis
from painease.ui.charts.export import Exportable

HOVER_PX = 14
RATING_BOTTOM = -0.3  # a 0–10 axis starts a little below 0: a 0 rating is not on the edge
LEGEND_ENTRY_PX = 60  # a legend entry's sample, gaps and frame beside its words
DATA_SHARE = 0.5  # of the plot's designed height, left to the data whatever the legend


@dataclass(frozen=True)
class ChartColours:
    background: str
    text: str
    muted: str
    grid: str
    pain: str
    fear: str
    neutral: str
    phases: tuple[tuple[str, str], ...]  # (phase, band tint) for each kind of phase
    other_phase: str  # the tint of a phase not in ``phases``

    def phase_tint(self, phase: str) -> str:
        """The band tint of ``phase`` (a ``Phase`` or its value): one per kind of phase."""
        return dict(self.phases).get(str(phase), self.other_phase)


# Pale and calm (no red), each a different hue, with the chart's text readable on all
# of them (contrast 4.5:1 or more, tests/ui/test_session_bands.py).
LIGHT_CHART = ChartColours(background="#ffffff", text="#1e2a30", muted="#4f5f66",
                           grid="#d5dee1", pain="#1f5f9e", fear="#9a5a00", neutral="#4f5f66",
                           phases=(("settle", "#eceff1"), ("attention", "#f3ebd9"),
                                   ("safety", "#d9ebf2"), ("positive-affect", "#e1f0dc"),
                                   ("breathing", "#e6e3f4"), ("closing", "#f4e6de"),
                                   ("lesson", "#eef0dc")),
                           other_phase="#eceff1")
DARK_CHART = ChartColours(background="#222d33", text="#e4ebee", muted="#a9b8bf",
                          grid="#3b4b52", pain="#8cc4f0", fear="#f0b45a", neutral="#c3cfd4",
                          phases=(("settle", "#323d43"), ("attention", "#453e2c"),
                                  ("safety", "#24495a"), ("positive-affect", "#2d4a32"),
                                  ("breathing", "#3a3758"), ("closing", "#4d3a32"),
                                  ("lesson", "#41452a")),
                          other_phase="#323d43")


def colours_for(widget: QWidget | None = None, theme: str | None = None) -> ChartColours:
    """The chart colours for ``theme``, or for the look ``widget``'s palette has."""
    if theme is not None:
        return DARK_CHART if theme == "dark" else LIGHT_CHART
    palette = widget.palette() if widget is not None else QApplication.palette()
    return DARK_CHART if palette.window().color().lightness() < 128 else LIGHT_CHART


def _natural_width(label) -> float:
    """The width of a legend label's words on one line (however it is wrapped now)."""
    document = label.item.document().clone()
    document.setTextWidth(-1)
    return document.size().width()


def pen(colour: str, width: float = 2.0, style: Qt.PenStyle = Qt.PenStyle.SolidLine):
    return pg.mkPen(QColor(colour), width=width, style=style)


class _PlotView(pg.PlotWidget):
    """A ``PlotWidget`` whose plot is as large as the part of it that shows. pyqtgraph
    sizes the plot to the whole widget, and the focus ring's border (see ``_style``)
    around the view then hid the plot's last pixels on the right and at the bottom."""

    def resizeEvent(self, event) -> None:  # noqa: N802 - Qt override
        super().resizeEvent(event)
        shown = QRectF(self.viewport().rect())
        if self.autoPixelRange and not self.closed and self.range != shown:
            pg.GraphicsView.setRange(self, shown, padding=0, disableAutoPixel=False)


class Chart(Exportable, QWidget):
    """A plot with an accessible name, theme colours, a legend, hover values and export."""

    bottom_axis: type[BottomAxis] = BottomAxis  # the axis under a chart without dates
    left_axis: type[LeftAxis] = LeftAxis  # rating charts: RatingAxis

    def __init__(self, name: str, title: str, *, date_axis: bool = False,
                 height: int = 280, theme: str | None = None, points: float | None = None):
        super().__init__()
        self.setObjectName(name)
        self.title = title
        self._theme = theme  # None: follow the palette (the app); "light": the report
        self._points = points  # None: follow the application font (the text-size setting)
        bottom = DayAxis() if date_axis else self.bottom_axis()
        axes = {"bottom": bottom, "left": self.left_axis()}
        self.plot = _PlotView(axisItems=axes, enableMenu=False)
        self.plot.setObjectName(f"{name}-plot")
        self._height = self._min_height = height  # _style: at this text size
        self.plot.setMinimumHeight(height)
        self.plot.setMenuEnabled(False)  # pyqtgraph's own menu is not keyboard-friendly
        self.plot.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # keys.py: the page's take focus
        self.plot.hideButtons()
        self.plot.setAccessibleName(title)
        self.item = self.plot.getPlotItem()
        self.view = self.item.getViewBox()
        # pyqtgraph rescales an axis whose span is below 1 (one session's slot; a short
        # session's minutes) and says so in its label: "Session (x0.001)". Ours are counts,
        # minutes and points, shown as they are.
        for side in ("left", "bottom", "right", "top"):
            self.item.getAxis(side).enableAutoSIPrefix(False)
        # The legend sits under the plot, inside the plot item (so exports carry it) but
        # never over the data.
        self.legend = pg.LegendItem(colCount=3)
        # A floating legend ignores transformations; in the layout it must scale with the
        # rest when a chart is exported larger than it is on screen.
        self.legend.setFlag(self.legend.GraphicsItemFlag.ItemIgnoresTransformations, False)
        self.item.layout.addItem(self.legend, 4, 1)
        self.hover_text = ""
        self.above_data = 0.0  # pixels at the top of the plot kept for words, not data
        self._hover: list[tuple[np.ndarray, np.ndarray, Callable[[int], str]]] = []
        self.plot.scene().sigMouseMoved.connect(self._mouse_moved)
        self.view.sigResized.connect(lambda _view: self.fit_to_width())
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.plot)
        self.setAccessibleName(title)
        self.colours = colours_for(self, theme)
        self._style()

    # ---- for subclasses ------------------------------------------------------------------

    def redraw(self) -> None:
        """Draw the data this chart holds (subclasses)."""

    def clear(self) -> None:
        """Remove every data item, legend entry and hover set, keeping axes and style."""
        self.item.clear()
        self.legend.clear()
        self._hover.clear()
        self.hover_text = ""

    def hover_points(self, xs, ys, describe: Callable[[int], str]) -> None:
        """Let the pointer near ``(xs[i], ys[i])`` show ``describe(i)``."""
        xs, ys = np.asarray(xs, dtype=float), np.asarray(ys, dtype=float)
        if len(xs):
            self._hover.append((xs, ys, describe))

    def fit_to_width(self) -> None:
        """Lay the legend out in as many columns as fit the room under the plot (large
        text gets fewer), and wrap an entry's words onto more lines when even one column
        is too narrow for them; subclasses also thin out labels that would collide.

        The room is counted from the chart's view, not from the plot's current width: a
        legend wider than the view holds the plot wider than the view (its right edge
        cut off), and counted from that, two columns of 200 % text seemed to fit."""
        items = self.legend.items
        if not items:
            return
        room = self._legend_room()
        natural = {id(label): _natural_width(label) for _, label in items}
        widest = max(natural.values()) + LEGEND_ENTRY_PX
        columns = max(1, min(len(items), int(room // max(widest, 1))))
        if columns != self.legend.columnCount:
            self.legend.setColumnCount(columns)
        words = room - LEGEND_ENTRY_PX if widest > room else -1  # -1: one line each
        for _, label in items:
            wrap = words if 0 < words < natural[id(label)] else -1
            if label.item.textWidth() != wrap:
                label.item.setTextWidth(wrap)
                label.resizeEvent(None)  # placed and sized again (its minimum too)
        self.legend.updateSize()
        # Held wider than the view by the legend before, the plot does not shrink back by
        # itself when the legend does (nothing resized the view): give it the view's size.
        if self.plot.autoPixelRange and self.item.geometry() != self.plot.range:
            self.item.setGeometry(self.plot.range)
        self._keep_data_height()

    def _keep_data_height(self) -> None:
        """Make the plot taller than designed when the axes and the legend leave its data
        less than ``DATA_SHARE`` of that height (200 % text in a narrow window: the legend
        in one column, entries wrapped; the rating labels then ran into each other), over
        and above ``above_data`` pixels of the plot that hold no data (the session chart's
        phase names), and never shorter than the left title's longest word."""
        around = self.item.geometry().height() - self.view.geometry().height()
        frame = self.plot.height() - self.plot.viewport().height()  # the focus ring's
        data = max(self._min_height * DATA_SHARE + self.above_data,
                   self.item.getAxis("left").shortest())  # the left title's longest word
        need = max(self._min_height, math.ceil(around + frame + data))
        if need != self.plot.minimumHeight():
            self.plot.setMinimumHeight(need)

    def _legend_room(self) -> float:
        """The width the legend has: the chart's view less the axis beside the plot and
        the margins (which do not depend on the legend)."""
        ahead = self.view.geometry().left()
        behind = self.item.geometry().width() - self.view.geometry().right()
        return max(self.plot.viewport().width() - ahead - behind, 1.0)

    def _label_share(self) -> float | None:
        """Half a rating label's height (and a little), as a share of the plot's height;
        None before the plot is laid out."""
        axis = self.item.getAxis("left")
        half = QFontMetricsF(axis.style["tickFont"] or QFont()).height() / 2 + 2  # pixels
        share = half / max(self.view.height(), 1.0)
        return share if share < 0.5 else None

    def rating_bottom(self, top: float) -> float:
        """Where a 0–10 rating axis up to ``top`` starts: ``RATING_BOTTOM``, or lower when
        the "0" label, centred on its line, would reach below the plot at this height and
        text size (pyqtgraph leaves out a label that does: at 200 % text the "0" went)."""
        share = self._label_share()
        if share is None:
            return RATING_BOTTOM
        return min(RATING_BOTTOM, -share * top / (1 - share))

    def fit_ratings(self, top: float) -> None:
        """The 0–10 axis up to ``top`` (or a little higher, so the "10" label is whole:
        with a short plot at 200 % text, half of it stuck out and pyqtgraph left it out),
        its bottom from ``rating_bottom`` (at each size)."""
        share = self._label_share()
        bottom = self.rating_bottom(top)
        if share is not None:
            for _ in range(2):  # each end's room moves the other a little: twice is plenty
                top = max(top, (10 + share * -bottom) / (1 - share))
                bottom = self.rating_bottom(top)
        # The limits hold the whole range: a fixed top (the trend chart's was 11) cut the
        # room above "10" on a short plot, and pyqtgraph left the label out.
        self.view.setLimits(yMin=bottom - 0.2, yMax=top + 0.2)
        self.view.setYRange(bottom, top, padding=0)

    def font_points(self, scale: float = 1.0) -> float:
        font = QApplication.font()
        size = self._points or (font.pointSizeF() if font.pointSizeF() > 0 else 11.0)
        return size * scale

    def describe(self, text: str) -> None:
        """The plain-language description screen readers get (the chart's reading)."""
        self.setAccessibleDescription(text)
        self.plot.setAccessibleDescription(text)

    # ---- hover ---------------------------------------------------------------------------

    def hover_text_at(self, x: float, y: float) -> str:
        """The description of the registered point nearest (x, y) in view units, if the
        point is within ``HOVER_PX`` pixels on screen; else ''."""
        width, height = self.view.viewPixelSize()
        if not width or not height:
            return ""
        best, found = HOVER_PX**2, ""
        for xs, ys, describe in self._hover:
            distance = ((xs - x) / width) ** 2 + ((ys - y) / height) ** 2
            if not np.isfinite(distance).any():
                continue
            index = int(np.nanargmin(distance))
            if distance[index] <= best:
                best, found = float(distance[index]), describe(index)
        return found

    def _mouse_moved(self, scene_pos) -> None:
        if not self.view.sceneBoundingRect().contains(scene_pos):
            self.hover_text = ""
            QToolTip.hideText()
            return
        point = self.view.mapSceneToView(scene_pos)
        self.hover_text = self.hover_text_at(point.x(), point.y())
        if self.hover_text:
            where = self.plot.mapToGlobal(self.plot.mapFromScene(scene_pos))
            QToolTip.showText(where, self.hover_text, self.plot)
        else:
            QToolTip.hideText()

    # ---- look ----------------------------------------------------------------------------

    # No restyling in place: around a theme or text-size change the window deletes the
    # charts and builds them again (InsightsPage.drop_view), so they take their colours and
    # sizes when made.

    def _style(self) -> None:
        c = self.colours
        self._font_points = self.font_points()
        # Large text needs a taller plot, or the data area is squeezed by axes and legend.
        self._min_height = int(self._height * max(1.0, self._font_points / 11))
        self.plot.setMinimumHeight(self._min_height)
        self.plot.setBackground(QColor(c.background))
        # Charts that take the keyboard (see keys.py) show focus like every other control:
        # the theme's accent, which it puts in the palette as the highlight.
        focus = self.palette().color(QPalette.ColorRole.Highlight).name()
        self.plot.setStyleSheet(f"QGraphicsView {{ border: 2px solid transparent; }}"
                                f"QGraphicsView:focus {{ border: 2px solid {focus}; }}")
        tick_font = QFont(QApplication.font())
        tick_font.setPointSizeF(self.font_points(0.9))
        for side in ("left", "bottom"):
            axis = self.item.getAxis(side)
            axis.setPen(pen(c.grid, 1))
            axis.setTextPen(pen(c.text, 1))
            axis.setTickFont(tick_font)
            axis.setStyle(tickTextOffset=6)
            axis.label.setFont(tick_font)
        self.item.showGrid(x=False, y=True, alpha=0.35)
        self.legend.setLabelTextColor(QColor(c.text))
        self.legend.setLabelTextSize(f"{self.font_points(0.9):.1f}pt")
        self.legend.setBrush(pg.mkBrush(QColor(c.background)))
        self.legend.setPen(pen(c.grid, 1))

    def axis_labels(self, left: str, bottom: str) -> None:
        style = {"color": self.colours.text, "font-size": f"{self.font_points(0.9):.1f}pt"}
        self.item.setLabel("left", left, **style)
        self.item.setLabel("bottom", bottom, **style)
        left_axis = self.item.getAxis("left")  # its title as long as the plot's least height
        left_axis.wrap_title(max(self._min_height * DATA_SHARE, left_axis.shortest()))
        self._keep_data_height()
