"""Before → after for pain and the sense of threat over the last sessions: one pair of
dumbbells each.

Each session gets a slot on the x axis (labelled with its date); pain sits a little left of
the slot, the sense of threat (stored as ``fear``) a little right. A hollow marker is the
rating before, a filled one the rating after, joined by a line: a line going down is a
rating that came down. Pain is drawn with circles and solid lines, the sense of threat
with triangles and dashed lines. When a rating is the same before and after, the filled
marker would hide the hollow one, as if nothing had been rated before: the "before" is
then drawn as a larger ring around the "after" (``RING_SIZE``), so both show; its hover
text says "no change".

Main thread only. Imports pyqtgraph (see the package docstring).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import tzinfo

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF

from painease.domain.insights import Change, SessionShift, last_rated
from painease.domain.vocabulary import PAIN_NAME, THREAT_NAME
from painease.ui.charts.base import Chart, pen

OFFSET = 0.15
MARKER_SIZE = 13
TOP = 10.5  # of the rating axis
RING_SIZE = 23  # a "before" equal to its "after": a ring around the filled marker
KINDS = (("pain", PAIN_NAME, -OFFSET, "o", Qt.PenStyle.SolidLine),
         ("fear", THREAT_NAME, OFFSET, "t", Qt.PenStyle.DashLine))


def change_words(name: str, change: Change) -> str:
    """E.g. "pain 6 → 3 (down 3)"."""
    if change.points == 0:
        moved = "no change"
    else:
        moved = f"{'down' if change.points < 0 else 'up'} {abs(change.points)}"
    return f"{name} {change.before} → {change.after} ({moved})"


class ShiftChart(Chart):
    """The last sessions' shifts (oldest left). ``set_shifts`` hands it the data."""

    def __init__(self, *, last: int = 10, **style):
        super().__init__("shift-chart", "Before and after each session", **style)
        self.last = last
        self._shifts: list[SessionShift] = []
        self._tz: tzinfo | None = None
        self.rings: dict[str, pg.ScatterPlotItem] = {}  # by scale: the same-before rings
        self.view.setMouseEnabled(x=False, y=False)

    def set_shifts(self, shifts: Sequence[SessionShift], tz: tzinfo) -> None:
        """Show ``shifts``, their days and times on the clock ``tz`` (the view's or report's:
        the person's own, or their patient's; no default, so never this computer's by
        accident)."""
        self._shifts, self._tz = last_rated(shifts, self.last), tz  # what shift_reading says
        self.redraw()

    def redraw(self) -> None:
        self.clear()
        self.rings.clear()
        c = self.colours
        shifts = self._shifts
        slots = np.arange(len(shifts), dtype=float)
        for attr, name, offset, symbol, style in KINDS:
            colour = getattr(c, attr)
            rows = [(i, getattr(s, attr)) for i, s in enumerate(shifts)
                    if getattr(s, attr) is not None]
            x = np.array([slots[i] + offset for i, _ in rows], dtype=float)
            before = np.array([ch.before for _, ch in rows], dtype=float)
            after = np.array([ch.after for _, ch in rows], dtype=float)
            if len(x):
                joins = pg.PlotDataItem(np.repeat(x, 2), np.column_stack([before, after]).ravel(),
                                        connect="pairs", pen=pen(colour, 2.5, style))
                self.item.addItem(joins)
            hollow = pg.ScatterPlotItem(x, before, symbol=symbol, size=MARKER_SIZE,
                                        pen=pen(colour, 2), brush=pg.mkBrush(QColor(c.background)))
            filled = pg.ScatterPlotItem(x, after, symbol=symbol, size=MARKER_SIZE,
                                        pen=pen(colour, 2), brush=pg.mkBrush(QColor(colour)))
            same = before == after
            ring = pg.ScatterPlotItem(x[same], before[same], symbol=symbol, size=RING_SIZE,
                                      pen=pen(colour, 2), brush=pg.mkBrush(None))
            self.rings[attr] = ring
            self.item.addItem(hollow)
            self.item.addItem(filled)
            self.item.addItem(ring)  # on top: a ring hides nothing
            self.legend.addItem(hollow, f"{name} before")
            self.legend.addItem(filled, f"{name} after")
            texts = [self._describe(shifts[i]) for i, _ in rows]
            self.hover_points(np.concatenate([x, x]), np.concatenate([before, after]),
                              lambda k, texts=texts: texts[k % len(texts)])
        self._axes(len(shifts))

    def _describe(self, shift: SessionShift) -> str:
        when = shift.point.started_at.astimezone(self._tz).strftime("%a %d %b %Y, %H:%M")
        parts = [change_words(name, getattr(shift, attr))
                 for attr, name, *_ in KINDS if getattr(shift, attr) is not None]
        ended = "" if shift.completed else " (ended early)"
        return f"{when}{ended}: " + "; ".join(parts)

    def fit_to_width(self) -> None:
        super().fit_to_width()
        self._date_ticks()
        self.fit_ratings(TOP)  # at this height: the "0" whole at any text size

    def _date_ticks(self) -> None:
        """A date under every session slot, or every second, third… when they would touch."""
        count = len(self._shifts)
        axis = self.item.getAxis("bottom")
        label_px = QFontMetricsF(axis.style["tickFont"] or QFont()).horizontalAdvance("28 Nov")
        fit = max(1, int(self.view.width() // (label_px + 12)))
        step = max(1, int(np.ceil(count / fit)))
        ticks = [(float(i), _day(s.point.started_at.astimezone(self._tz)))
                 for i, s in enumerate(self._shifts) if (count - 1 - i) % step == 0]
        axis.setTicks([ticks])

    def _axes(self, count: int) -> None:
        self._date_ticks()
        self.item.getAxis("left").setTicks([[(v, str(v)) for v in range(0, 11, 2)]])
        self.view.setXRange(-0.6, max(count, 1) - 0.4, padding=0)
        self.fit_ratings(TOP)
        self.axis_labels("Rating (0–10)", "Session")


def _day(moment) -> str:
    """ "3 Nov", as the trend chart's axis writes a day."""
    return f"{moment.day} {moment:%b}"
