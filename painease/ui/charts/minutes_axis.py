"""The session chart's time axis: minutes into the session, its end always labelled.

pyqtgraph chooses a tick spacing from the axis's length alone, and labels a second row
of ticks between them when it thinks there is room: at 400 px with 150 % text a
12-minute session's axis read "0 1 2 3 … 12", the labels a pixel or two apart. It also
labels only multiples of its spacing, so a session that ended between two ("13" with
ticks every 2 or 5 minutes) had its end unlabelled.

``MinutesAxis`` measures its labels in its own font and takes the smallest step of
``STEPS`` whose labels are at least a "0"'s width apart (``label_gap``), labels that one
row only, and adds the session's end (``set_end``) as a label of its own, written as
the minute ("13") or to a tenth ("12.5"). A regular label that would come nearer the
end's than that gap, or would read the same ("0.8" beside an end at 0.75 minutes), keeps
its tick but loses its words, so the end always reads. A tick before the session's start
has no words either: there are no minutes into the session before it (the view reaches a
little before the start, and "-0.2" at its edge took the place of the start's "0").

Zoomed in (mouse wheel, + key), the end can come within half its label of the plot's edge,
where pyqtgraph leaves a label out for sticking out of the axis: the end had its tick and
no words. While the end is in view its label is written, moved in to end at the axis'
edge, still over its tick (``EdgeLabels``, as every label at the view's ends), and the
labels beside it make room for it where it is, the view's ends' too (``first_label``);
out of view (even by a hair) it has neither tick nor label.

Main thread only. Imports pyqtgraph (see the package docstring).
"""

from __future__ import annotations

import math

from PySide6.QtGui import QFont, QFontMetricsF

from painease.ui.charts.axes import BottomAxis

STEPS = (0.1, 0.2, 0.5, 1, 2, 5, 10, 15, 20, 30, 60)  # minutes between labels
MINOR = {0.2: 0.1, 0.5: 0.1, 1: 0.5, 2: 1, 5: 1, 10: 5, 15: 5, 20: 5, 30: 10, 60: 10}
MINOR_PX = 6  # unlabelled ticks between the labelled ones, when at least this far apart
SAME = 1e-6  # minutes: a tick this near the end is the end


def minutes_text(value: float, step: float) -> str:
    """A regular label: "5", or "0.4" for steps under a minute ("1" for 1.0)."""
    if step >= 1:
        return str(round(value))
    return f"{round(value, 1):g}"


def end_text(end: float) -> str:
    """The end's label: its minute ("13"), or to a tenth when it is not near one ("12.5")."""
    if abs(end - round(end)) < 0.05:
        return str(round(end))
    return f"{end:.1f}"


class MinutesAxis(BottomAxis):
    """The bottom axis of ``SessionChart`` (see the module)."""

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.end: float | None = None
        self.setStyle(maxTextLevel=0)  # the labelled row only (tickValues keeps them apart)

    def set_end(self, end: float | None) -> None:
        """Label the session's end, ``end`` minutes in (None: no session)."""
        self.end = end
        self.picture = None
        self.update()

    def _metrics(self) -> QFontMetricsF:
        return QFontMetricsF(self.style["tickFont"] or QFont())

    def first_label(self, text: str) -> bool:
        """The end's label comes before those at the view's ends (``EdgeLabels``)."""
        return self.end is not None and text == end_text(self.end)

    def end_label_px(self) -> float:
        """Half the end label's width, in pixels (its room beyond the session's end)."""
        if self.end is None:
            return 0.0
        return self._metrics().horizontalAdvance(end_text(self.end)) / 2

    def tickValues(self, minVal, maxVal, size):  # noqa: N802, N803 - pyqtgraph's names
        low, high = sorted((minVal, maxVal))
        if size <= 0 or high - low <= 0:
            return []
        per_px = (high - low) / size
        width = self._metrics().horizontalAdvance
        gap = self.label_gap()
        end = self.end if self.end is not None and low <= self.end <= high else None
        ends = [end_text(end)] if end is not None else []
        step, values = STEPS[-1], []
        for step in (*STEPS, *(60 * k for k in range(2, 1000))):
            values = [k * step for k in range(math.ceil(low / step - SAME),
                                              math.floor(high / step + SAME) + 1)]
            widest = max(map(width, [minutes_text(v, step) for v in values] + ends), default=0)
            if step / per_px >= widest + gap:
                break
        unlabelled = [v for v in values if v < -SAME]  # before the start: no minutes into it
        values = [v for v in values if v >= -SAME]
        if end is not None:
            values = [v for v in values if abs(v - end) >= SAME]  # the end: once, below
            half = width(ends[0]) / 2
            # Where EdgeLabels writes it: inside the axis, near an edge too.
            centre = min(max((end - low) / per_px, half), size - half)
            near = [v for v in values  # too near to read apart, or reading the same
                    if abs((v - low) / per_px - centre)
                    < half + gap + width(minutes_text(v, step)) / 2
                    or minutes_text(v, step) == ends[0]]
            unlabelled += near
            values = sorted([v for v in values if v not in near] + [end])
        minor = MINOR.get(step, step / 2)
        minors = []
        if minor / per_px >= MINOR_PX:
            minors = [k * minor for k in range(math.ceil(low / minor), math.floor(high / minor) + 1)
                      if all(abs(k * minor - v) > SAME for v in values)]
        return [(step, values), (minor, sorted(set(minors) | set(unlabelled)))]

    def tickStrings(self, values, scale, spacing):  # noqa: N802 - pyqtgraph's name
        return [end_text(v) if self.end is not None and abs(v - self.end) < SAME
                else minutes_text(v, spacing) for v in values]
