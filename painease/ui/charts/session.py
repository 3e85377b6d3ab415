"""One session up close: the live rating over the session's timeline, phases as bands.

x is minutes into the session (the audio clock), y the 0–10 rating. Each phase run (from
the phase marks) is a tinted band with its name on top and a dashed line where it starts,
so the bands read without colour. The live rating is drawn as steps (a value holds until
the next one); the ratings before and after are markers at the start and the end. The
samples are the patient's moves only: where the slider started (the pain rated before:
the player always starts it there) is drawn as a dashed lead-in from the "before" marker
to the first move, and the reading says it. A session without samples may have had live
rating off or left where it started (which one is not stored), so nothing is drawn for it
and its reading says only that there were no live ratings.

``session_reading`` says in one sentence what the curve did, from the data.
Main thread only. Imports pyqtgraph (see the package docstring).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QFont

from painease.domain.insights import SessionPoint
from painease.domain.live_shifts import LiveTrace, phase_at, phase_runs
from painease.domain.readings import live_reading, rating_text
from painease.domain.vocabulary import PAIN_NAME, THREAT_NAME, clock_text, phase_words
from painease.domain.voice import YOU, Voice
from painease.ui.charts.base import Chart, pen


def session_end_ms(point: SessionPoint, trace: LiveTrace | None) -> float:
    """Where the session's timeline ends: elapsed time, else its length, else the last sample."""
    last = float(trace.t_ms[-1]) if trace is not None and len(trace.t_ms) else 0.0
    if point.elapsed_ms:
        return max(float(point.elapsed_ms), last)
    return max(point.length_minutes * 60_000.0, last, 1.0)


def session_reading(point: SessionPoint, trace: LiveTrace | None,
                    marks: Sequence[tuple[int, str]], voice: Voice = YOU) -> str:
    """E.g. "Your live rating went from 6 to 3; it was lowest (2) during safety."
    (with ``Voice.about("Sam")``: "Sam's live rating went from 6 to 3; …")."""
    if trace is None or len(trace.value) == 0:
        if point.pre_pain is not None and point.post_pain is not None:
            return (f"No live ratings in this session. Pain was {point.pre_pain} before and "
                    f"{point.post_pain} after.")
        return (f"No live ratings in this session (live rating is optional; {voice.who()} "
                f"can turn it on or off in Settings).")
    return live_reading(trace.t_ms, trace.value, marks, session_end_ms(point, trace), voice,
                        start=point.pre_pain)


class SessionChart(Chart):
    """``set_session(point, trace, marks)``; ``trace`` may be None (no live ratings)."""

    def __init__(self, **style):
        super().__init__("session-chart", "Live rating during one session", **style)
        self._data: tuple[SessionPoint, LiveTrace | None, list] | None = None
        self._names: list[tuple[pg.TextItem, float]] = []  # phase label, band width (min)
        self.view.setMouseEnabled(x=True, y=False)
        self.view.sigXRangeChanged.connect(lambda *_: self.fit_to_width())

    def set_session(self, point: SessionPoint, trace: LiveTrace | None,
                    marks: Sequence[tuple[int, str]]) -> None:
        self._data = (point, trace, list(marks))
        self.redraw()

    def fit_to_width(self) -> None:
        """Phase names show only where their band is wide enough to hold them."""
        super().fit_to_width()
        per_px = self.view.viewPixelSize()[0]
        for name, width in self._names:
            name.setVisible(bool(per_px) and width / per_px >= name.boundingRect().width())

    def redraw(self) -> None:
        self.clear()
        self._names = []
        self.axis_labels("Rating (0–10)", "Minutes into the session")
        if self._data is None:
            return
        point, trace, marks = self._data
        c = self.colours
        end = session_end_ms(point, trace)
        runs = phase_runs(marks, end)
        label_font = QFont()
        label_font.setPointSizeF(self.font_points(0.8))
        for i, (start, stop, phase) in enumerate(runs):
            tint = QColor(c.bands[i % 2])
            region = pg.LinearRegionItem((start / 60_000, stop / 60_000), movable=False,
                                         brush=pg.mkBrush(tint), pen=pg.mkPen(None))
            region.setZValue(-20)
            self.item.addItem(region)
            self.item.addItem(pg.InfiniteLine(start / 60_000, angle=90,
                                              pen=pen(c.muted, 1, Qt.PenStyle.DashLine)))
            name = pg.TextItem(phase_words(phase), color=QColor(c.text), anchor=(0, 0))
            name.setFont(label_font)
            name.setPos(start / 60_000, 11.9 if i % 2 == 0 else 11.0)
            self.item.addItem(name)
            self._names.append((name, (stop - start) / 60_000))
        if trace is not None and len(trace.t_ms):
            t = np.asarray(trace.t_ms, dtype=float) / 60_000
            v = np.asarray(trace.value, dtype=float)
            steps_x = np.append(np.repeat(t, 2)[1:], end / 60_000)
            steps_y = np.repeat(v, 2)
            if point.pre_pain is not None:  # where the slider started, up to the first move
                lead = pg.PlotDataItem([0.0, t[0], t[0]], [point.pre_pain] * 2 + [v[0]],
                                       pen=pen(c.pain, 2, Qt.PenStyle.DashLine),
                                       name="Where it started (pain before)")
                self.item.addItem(lead)
            curve = pg.PlotDataItem(steps_x, steps_y, pen=pen(c.pain, 3))
            self.item.addItem(curve)
            self.legend.addItem(curve, "Live rating")
            if point.pre_pain is not None:
                self.legend.addItem(lead, "Where it started (pain before)")

            def describe(i: int) -> str:
                where = phase_at(runs, float(trace.t_ms[i]))
                return (f"At {clock_text(int(trace.t_ms[i]))}"
                        f"{f' ({phase_words(where).lower()})' if where else ''}: "
                        f"live rating {rating_text(v[i])}")

            self.hover_points(t, v, describe)
        self._ratings(point, end / 60_000)
        self.view.setLimits(xMin=-0.5, xMax=end / 60_000 + 0.5, yMin=-0.5, yMax=12)
        self.view.setRange(xRange=(-0.2, end / 60_000 + 0.2), yRange=(-0.3, 12), padding=0)
        self.item.getAxis("left").setTicks([[(v, str(v)) for v in range(0, 11, 2)]])
        self.fit_to_width()

    def _ratings(self, point: SessionPoint, end_min: float) -> None:
        c = self.colours
        for name, colour, symbol, pre, post in (
            (PAIN_NAME, c.pain, "o", point.pre_pain, point.post_pain),
            (THREAT_NAME, c.fear, "t", point.pre_fear, point.post_fear),
        ):
            for when, x, value, filled in (("before", 0.0, pre, False), ("after", end_min, post,
                                                                          True)):
                if value is None:
                    continue
                brush = pg.mkBrush(QColor(colour if filled else c.background))
                marker = pg.ScatterPlotItem([x], [value], symbol=symbol, size=15,
                                            pen=pen(colour, 2.5), brush=brush)
                self.item.addItem(marker)
                self.legend.addItem(marker, f"{name} {when}")
                self.hover_points([x], [value],
                                  lambda _i, n=name, w=when, v=value: f"{n} {w}: {v}")
