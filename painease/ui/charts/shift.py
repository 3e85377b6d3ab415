"""Before → after for pain and the sense of threat over the last sessions: one pair of
dumbbells each.

Each session gets a slot on the x axis, labelled with its day ("3 Dec"), and with its time
too when it shares the day with another ("5 Dec 14:05"; ``slot_labels``); pain sits a little left of
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

from collections import Counter
from collections.abc import Sequence
from datetime import datetime, tzinfo

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF

from painease.domain.insights import Change, SessionShift, last_rated
from painease.domain.vocabulary import OUTCOME_WORDS, PAIN_NAME, THREAT_NAME
from painease.local_time import day_text, when_text
from painease.ui.charts.base import Chart, pen
from painease.ui.charts.rating_axis import RatingAxis

OFFSET = 0.15
MARKER_SIZE = 13
TOP = 10.5  # of the rating axis
EDGE_SLOTS = 0.6  # the x axis reaches at least this far beyond the first and last slots
LABEL_GAP_PX = 16  # at least this between two slot labels
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

    left_axis = RatingAxis  # its labels kept apart at any height

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
        self._axes()

    def _describe(self, shift: SessionShift) -> str:
        parts = [change_words(name, getattr(shift, attr))
                 for attr, name, *_ in KINDS if getattr(shift, attr) is not None]
        outcome = shift.point.outcome  # in the session list's words: interrupted is not ended early
        ended = "" if shift.completed else OUTCOME_WORDS.get(outcome, outcome)
        when = when_text(shift.point.started_at, self._tz, weekday=True, also=ended)
        return f"{when}: " + "; ".join(parts)

    def fit_to_width(self) -> None:
        super().fit_to_width()
        self._fit_slots()
        self.fit_ratings(TOP)  # at this height: the "0" whole at any text size

    def _fit_slots(self) -> None:
        """A label under every session slot, or every second, third… when they would touch
        (counted back from the latest, which is always labelled), and room beyond the first
        and last slots for half a label, so pyqtgraph does not leave an end label out for
        sticking out of the plot."""
        count = len(self._shifts)
        axis = self.item.getAxis("bottom")
        labels = slot_labels([s.point.started_at.astimezone(self._tz) for s in self._shifts])
        metrics = QFontMetricsF(axis.style["tickFont"] or QFont())
        label_px = max((metrics.horizontalAdvance(text) for text in labels), default=0.0)
        width = max(self.view.width(), 1.0)
        span = max(count - 1, 0)  # slots between the first's centre and the last's
        half = label_px / 2 + LABEL_GAP_PX / 2  # pixels each side of a label's centre
        # The margin (in slots) m: m * width / (span + 2m) >= half, and never below 0.6.
        margin = max(EDGE_SLOTS, half * span / (width - 2 * half)) if width > 4 * half \
            else EDGE_SLOTS
        slot_px = width / (span + 2 * margin)
        step = max(1, int(np.ceil((label_px + LABEL_GAP_PX) / slot_px)))
        ticks = [(float(i), text) for i, text in enumerate(labels) if (count - 1 - i) % step == 0]
        axis.setTicks([ticks])
        self.view.setXRange(-margin, span + margin, padding=0)

    def _axes(self) -> None:
        self._fit_slots()
        self.fit_ratings(TOP)
        self.axis_labels("Rating (0–10)", "Session")


def slot_labels(moments: Sequence[datetime]) -> list[str]:
    """The label of each session slot, from its local start: its day ("3 Nov", as the trend
    chart's axis writes a day), with the time when another session shares the day
    ("5 Dec 14:05"), numbered from the second when two started in the same minute
    ("5 Dec 14:05 (2)"). Each label differs from the others."""
    per_day = Counter(moment.date() for moment in moments)
    labels = [day_text(moment, year=False) + (f" {moment:%H:%M}" if per_day[moment.date()] > 1
                                            else "") for moment in moments]
    seen: Counter[str] = Counter()
    out = []
    for label in labels:
        seen[label] += 1
        out.append(label if seen[label] == 1 else f"{label} ({seen[label]})")
    return out
