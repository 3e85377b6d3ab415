"""One session up close: the live rating over the session's timeline, phases as bands.

x is minutes into the session (the audio clock), y the 0–10 rating. Each phase run (from
the phase marks) is a band tinted by its kind of phase (``ChartColours.phase_tint``: every
safety part the same tint, curiosity and ease another), with a dashed line where it
starts and its name, in the player's words, above the ratings, beginning at that line.
Unzoomed, the time axis reaches far enough beyond the session's start and end for the
markers there to be whole, and further past the end when a name near the end needs the
room (``home_x_range``, at most a quarter of the session); beyond that, or zoomed
in, a name that would run off the plot ends at its right edge, and one whose band began
before the left edge starts there. Every band in view is named, however narrow: names
that would run into the one before go on a row of their own (``name_rows``), and the plot
grows upwards to hold the rows (in pixels, so it holds at any text size).

The live rating is drawn as steps (a value holds until the next one); the ratings before
and after are markers at the start and the end, the sense of threat's a marker's width
beside the pain's, towards the middle (in pixels, at any width and zoom), so that the two
rated alike are both seen. The rating axis starts far enough below 0 for its "0" label to
be whole at any text size (``Chart.rating_bottom``). The samples are the patient's moves
only: where the slider started (the pain rated before: the player always starts it
there) is drawn as a dashed lead-in from the "before" marker to the first move, and the
reading says it. A session without samples may have had live rating off or left where it
started (which one is not stored), so nothing is drawn for it and its reading says only
that there were no live ratings.

``session_reading`` says in one sentence what the curve did, from the data.
Main thread only. Imports pyqtgraph (see the package docstring).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF

from painease.domain.insight_sessions import SessionPoint
from painease.domain.live_shifts import LiveTrace, phase_at, phase_runs
from painease.domain.readings import live_reading, past_end_words, rating_text
from painease.domain.vocabulary import PAIN_NAME, THREAT_NAME, clock_text, phase_words
from painease.domain.voice import YOU, Voice
from painease.ui.charts.base import RATING_BOTTOM, Chart, pen
from painease.ui.charts.minutes_axis import MinutesAxis
from painease.ui.charts.rating_axis import RatingAxis

TOP_RATING = 10.6  # the names' rows sit above this (the 10 line and its markers)
NAME_GAP_PX = 8  # between two names on one row
MAX_STRETCH = 1.25  # the time axis reaches at most a quarter past the session for a name
MARKER_SIZE = 15
EDGE_MIN = 0.2  # the time axis reaches at least this many minutes beyond the session's ends
END_PX = MARKER_SIZE / 2 + 4  # and at least this many pixels: a marker there is whole
SIDE_PX = MARKER_SIZE + 3  # a threat marker's centre from the pain marker's beside it


def session_end_ms(point: SessionPoint, trace: LiveTrace | None) -> float:
    """Where the session's timeline ends: where it ended on the audio clock (elapsed time)
    when that is recorded; else (a session with no recorded end) the later of its length
    and its last sample."""
    if point.elapsed_ms:
        return float(point.elapsed_ms)
    last = float(trace.t_ms[-1]) if trace is not None and len(trace.t_ms) else 0.0
    return max(point.length_minutes * 60_000.0, last, 1.0)


def within_session(point: SessionPoint, trace: LiveTrace | None) -> LiveTrace | None:
    """``trace`` without the samples after the session's recorded end (None when none is
    left): they are neither drawn nor read.

    Samples can lie after the end: a live rating is stamped with the audio clock, and the
    player can go back (the previous step, a line of the transcript), so a person who
    rated at 6:40, went back to 3:00 and stopped at 3:20 ended at 3:20 with a rating
    "at 6:40"; an imported results file can hold the same. Drawn, such a sample stretched
    the timeline past the end and its value was read as a part the session never reached.
    """
    if trace is None:
        return None
    end = session_end_ms(point, trace)
    keep = np.asarray(trace.t_ms) <= end
    if keep.all():
        return trace if len(trace.t_ms) else None
    if not keep.any():
        return None
    return replace(trace, t_ms=trace.t_ms[keep], value=trace.value[keep])


def session_reading(point: SessionPoint, trace: LiveTrace | None,
                    marks: Sequence[tuple[int, str]], voice: Voice = YOU) -> str:
    """E.g. "Your live rating went from 6 to 3; it was lowest (2) during safety."
    (with ``Voice.about("Sam")``: "Sam's live rating went from 6 to 3; …"). Samples after
    the session's end are left out (``within_session``) and said (``past_end_words``)."""
    given = 0 if trace is None else len(trace.t_ms)
    kept = within_session(point, trace)
    past = past_end_words(given - (0 if kept is None else len(kept.t_ms)))
    rated = point.pre_pain is not None and point.post_pain is not None
    if kept is None or len(kept.value) == 0:
        if past:
            return past + (f" Pain was {point.pre_pain} before and {point.post_pain} after."
                           if rated else "")
        if rated:
            return (f"No live ratings in this session. Pain was {point.pre_pain} before and "
                    f"{point.post_pain} after.")
        return (f"No live ratings in this session (live rating is optional; {voice.who()} "
                f"can turn it on or off in Settings).")
    reading = live_reading(kept.t_ms, kept.value, marks, session_end_ms(point, trace), voice,
                           start=point.pre_pain)
    return f"{reading} {past}" if past else reading


def name_rows(lefts: Sequence[float], widths: Sequence[float], gap: float) -> list[int]:
    """The row (0 = top) for each name, in time order: the first row where it starts at
    least ``gap`` pixels after the end of the name before it on that row."""
    ends: list[float] = []
    rows = []
    for left, width in zip(lefts, widths, strict=True):
        row = next((r for r, end in enumerate(ends) if left >= end + gap), len(ends))
        if row == len(ends):
            ends.append(0.0)
        ends[row] = left + width
        rows.append(row)
    return rows


class SessionChart(Chart):
    """``set_session(point, trace, marks)``; ``trace`` may be None (no live ratings)."""

    bottom_axis = MinutesAxis  # the end labelled, labels kept apart
    left_axis = RatingAxis  # its labels kept apart at any height

    def __init__(self, **style):
        super().__init__("session-chart", "Live rating during one session", **style)
        self._data: tuple[SessionPoint, LiveTrace | None, list] | None = None
        self.names: list[tuple[pg.TextItem, float, float]] = []  # name, band start, stop (min)
        self.bands: list[tuple[pg.LinearRegionItem, str]] = []  # each band and its phase
        self._end_min = 1.0
        # (marker, its moment in minutes, side: -1 left, 1 right, 0 on it, hover x)
        self.markers: list[tuple[pg.ScatterPlotItem, float, int, np.ndarray]] = []
        self._home = True  # the whole session in view, not zoomed or moved by the person
        self.view.setMouseEnabled(x=True, y=False)
        self.view.sigXRangeChanged.connect(lambda *_: self.place_names())  # and markers
        self.view.sigRangeChangedManually.connect(self._moved_by_hand)

    def set_session(self, point: SessionPoint, trace: LiveTrace | None,
                    marks: Sequence[tuple[int, str]]) -> None:
        """Samples after the session's recorded end are not drawn (``within_session``)."""
        self._data = (point, within_session(point, trace), list(marks))
        self.redraw()

    def _moved_by_hand(self, *_) -> None:
        self._home = False  # zoomed or dragged (mouse or keys): the person's range is kept

    def _set_x(self, low: float, high: float) -> None:
        self.view.setLimits(xMin=low - 0.3, xMax=high + 0.3)
        self.view.setXRange(low, high, padding=0)

    def home_x_range(self) -> tuple[float, float]:
        """The unzoomed time axis: from just before the session's start to just past its end,
        with room for a whole marker beyond each end (``END_PX``, in pixels: the markers
        are drawn at the start and at the end, and a long session's 0.2 minutes were a few
        pixels, half a marker), and past the end for half the end minute's label (centred
        on its tick: pyqtgraph leaves out a label that sticks out, and at 200 % text half
        of "10" was wider than a marker's room); further right when a band's name,
        starting at its dashed line, needs room to end inside the plot."""
        end, width = self._end_min, self.view.width()
        low, high = -EDGE_MIN, end + EDGE_MIN
        if width <= 4 * END_PX:  # not laid out yet
            return low, high
        end_px = max(END_PX, self._end_label_px())
        for _ in range(3):  # each end's room in minutes grows with the span it widens
            per_px = (high - low) / width
            low = min(-EDGE_MIN, -END_PX * per_px)
            high = max(end + EDGE_MIN, end + end_px * per_px)
        most = low + (high - low) * MAX_STRETCH
        for name, start, _ in self.names:
            room = width - name.boundingRect().width() - 2
            if room > 0:
                high = max(high, low + (start - low) * width / room)
        high = min(high, most)  # past that, the name ends at the edge (fit_to_width)
        for _ in range(2):  # a wider span: the start's room, in minutes, again
            low = min(-EDGE_MIN, -END_PX * (high - low) / width)
        return low, high

    def _end_label_px(self) -> float:
        """Half the width of the bottom axis' label at the session's end, and a little."""
        return self.item.getAxis("bottom").end_label_px() + 2

    def fit_to_width(self) -> None:
        """At a new width: the unzoomed time axis made to hold the end markers and the
        names, and the names laid out again."""
        super().fit_to_width()
        if self._home and self.view.width() > 0:
            low, high = self.home_x_range()
            (now_low, now_high), _ = self.view.viewRange()
            if abs(now_low - low) > 1e-6 or abs(now_high - high) > 1e-6:
                self._set_x(low, high)
        self.place_names()

    def place_names(self) -> None:
        """Lay the bands' names out in rows at this width and zoom, and make the plot tall
        enough above the ratings to hold them (and below them for the "0" label)."""
        self.place_markers()
        if not self.names or self.view.width() <= 0:
            return
        per_px, _ = self.view.viewPixelSize()
        if not per_px:
            return
        (x_min, x_max), _ = self.view.viewRange()
        shown, lefts, widths = [], [], []
        for name, start, stop in self.names:
            name.setVisible(stop > x_min and start < x_max)
            if name.isVisible():
                width = self._fit_name(name)
                left = min((start - x_min) / per_px, self.view.width() - width)
                shown.append(name)
                lefts.append(max(0.0, left))
                widths.append(width)
        if not shown:
            self._hold_names(0.0)
            return
        rows = name_rows(lefts, widths, NAME_GAP_PX)
        line = max(name.boundingRect().height() for name in shown)
        names = (max(rows) + 1) * line + 2
        self._hold_names(names)
        height = max(self.view.height(), 1.0)
        # The names take len(rows) lines at the top; the ratings keep the rest. Solved for
        # the top of the y range, so the names need no second pass; the bottom then leaves
        # room for the "0" label (rating_bottom), which moves the top a little: once more.
        share = min(0.6, names / height)
        bottom = RATING_BOTTOM
        for _ in range(2):
            top = (TOP_RATING - bottom * share) / (1 - share)
            bottom = self.rating_bottom(top)
        top = (TOP_RATING - bottom * share) / (1 - share)
        self.view.setLimits(yMin=bottom - 0.2, yMax=top)
        self.view.setYRange(bottom, top, padding=0)
        for name, left, row in zip(shown, lefts, rows, strict=True):
            name.setAnchor((0, -row))
            name.setPos(x_min + left * per_px, top)

    def _fit_name(self, name: pg.TextItem) -> float:
        """``name`` whole, or cut short with "…" when it is wider than the plot (a narrow
        window at large text: "Curiosity and ease" stuck out of a 205 px plot); its width."""
        full = name.full_text
        if name.textItem.toPlainText() != full:
            name.setText(full)
        width = name.boundingRect().width()
        room = self.view.width()
        if width > room:
            metrics = QFontMetricsF(name.textItem.font())
            margin = width - metrics.horizontalAdvance(full)  # the text item's own edges
            name.setText(metrics.elidedText(full, Qt.TextElideMode.ElideRight,
                                            max(room - margin, 0.0)))
            width = name.boundingRect().width()
        return width

    def _hold_names(self, pixels: float) -> None:
        """Make the plot taller by the names' rows, not the ratings shorter: at 150 % and
        200 % text in a narrow window the names took four or five rows and squeezed 0–10
        into a band where the rating labels ran into each other. The page scrolls.
        Zoomed or moved, it only grows: the chart does not jump under the pointer (the
        names' rows change as the view does, before the view box says it was the person)."""
        if pixels > self.above_data or (pixels != self.above_data and self._at_home()):
            self.above_data = pixels
            self._keep_data_height()

    def _at_home(self) -> bool:
        """Whether the view shows the whole session, as ``home_x_range`` has it."""
        (low, high), _ = self.view.viewRange()
        home_low, home_high = self.home_x_range()
        return self._home and abs(low - home_low) < 1e-6 and abs(high - home_high) < 1e-6

    def place_markers(self) -> None:
        """Put each threat marker ``SIDE_PX`` pixels beside the pain marker of the same
        moment, towards the middle of the session, at this width and zoom (and its hover
        point with it): rated alike, the two were one spot, the triangle hiding the
        circle."""
        per_px = self.view.viewPixelSize()[0] if self.view.width() > 0 else 0.0
        for marker, at, side, hover_x in self.markers:
            x = at + side * SIDE_PX * (per_px or 0.0)
            hover_x[0] = x
            marker.setData([x], [marker.getData()[1][0]])

    def redraw(self) -> None:
        self.clear()
        self.item.getAxis("bottom").set_end(None)
        self.names, self.bands, self.markers = [], [], []
        self.above_data = 0.0  # no names yet (place_names, from fit_to_width below)
        self._keep_data_height()
        self.axis_labels("Rating (0–10)", "Minutes into the session")
        if self._data is None:
            return
        point, trace, marks = self._data
        c = self.colours
        end = session_end_ms(point, trace)
        runs = phase_runs(marks, end)
        # Bands only up to the end: a session ended early has marks for parts it never
        # reached, and the part it ended in ran on past the end, its name in view there.
        bands = [(start, min(stop, end), phase) for start, stop, phase in runs if start < end]
        label_font = QFont()
        label_font.setPointSizeF(self.font_points(0.8))
        for start, stop, phase in bands:
            tint = QColor(c.phase_tint(phase))
            region = pg.LinearRegionItem((start / 60_000, stop / 60_000), movable=False,
                                         brush=pg.mkBrush(tint), pen=pg.mkPen(None))
            region.setZValue(-20)
            self.item.addItem(region)
            self.bands.append((region, str(phase)))
            self.item.addItem(pg.InfiniteLine(start / 60_000, angle=90,
                                              pen=pen(c.muted, 1, Qt.PenStyle.DashLine)))
            name = pg.TextItem(phase_words(phase), color=QColor(c.text), anchor=(0, 0))
            name.full_text = phase_words(phase)  # what ``_fit_name`` may cut short
            name.setFont(label_font)
            self.item.addItem(name)
            self.names.append((name, start / 60_000, stop / 60_000))
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
        self._end_min, self._home = end / 60_000, True
        self.item.getAxis("bottom").set_end(self._end_min)
        self.fit_ratings(12)  # place_names makes room for the names above
        self._set_x(-EDGE_MIN, self._end_min + EDGE_MIN)  # then home_x_range (fit_to_width)
        self.fit_to_width()

    def _ratings(self, point: SessionPoint, end_min: float) -> None:
        c = self.colours
        for name, colour, symbol, pre, post in (
            (PAIN_NAME, c.pain, "o", point.pre_pain, point.post_pain),
            (THREAT_NAME, c.fear, "t", point.pre_fear, point.post_fear),
        ):
            beside = name == THREAT_NAME  # beside the pain marker (place_markers)
            for when, x, value, filled, side in (("before", 0.0, pre, False, 1),
                                                 ("after", end_min, post, True, -1)):
                if value is None:
                    continue
                brush = pg.mkBrush(QColor(colour if filled else c.background))
                marker = pg.ScatterPlotItem([x], [value], symbol=symbol, size=MARKER_SIZE,
                                            pen=pen(colour, 2.5), brush=brush)
                self.item.addItem(marker)
                self.legend.addItem(marker, f"{name} {when}")
                hover_x = np.array([x], dtype=float)
                self.markers.append((marker, x, side if beside else 0, hover_x))
                self.hover_points(hover_x, [value],
                                  lambda _i, n=name, w=when, v=value: f"{n} {w}: {v}")
