"""Pain before and after, its rolling mean, and the sense of threat after, on a date axis.

Handed a daily or weekly ``Series`` (NaN where a period has no rating). The rolling mean
is the series' own 7-day mean for daily data; weekly data (long ranges) gets the mean of
the 4 calendar weeks ending at each week, computed here the same way
(``insights.calendar_rolling_mean``), so weeks far apart never share one. Every curve clips
to the visible range and downsamples automatically, so ten years pan and zoom smoothly;
markers are drawn only while there are few enough points to tell apart.

No line crosses time without sessions (``gaps``: a NaN point goes between, and
``connect="finite"`` breaks there). The daily (weekly) values break where a day (week)
between two points had none. The 7-day (4-week) average breaks where a day (week) between
two points would have an average over a window with no after-rating: the next point is
more than the window (7 days, 28 days) after the last rated period. Between two points
closer than that, every day in between has a window holding the earlier rating, so the
line stands for averages that exist. A point left alone by the breaks gets a small dot
when markers are off (``LONE_SIZE``): a line of one point is not drawn at all.

Main thread only. Imports pyqtgraph (see the package docstring).
"""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor

from painease.domain.insights import Series, calendar_rolling_mean
from painease.domain.vocabulary import THREAT_NAME, counted, decimal_text
from painease.local_time import day_text
from painease.ui.charts.base import Chart, pen
from painease.ui.charts.rating_axis import RatingAxis

MARKERS_UP_TO = 60  # periods; beyond this markers would only blur into the lines
LONE_SIZE = 5  # the dot of a point with no neighbour to join, when markers are off
DAY_S = 86_400
TOP = 10.5  # of the rating axis


def seconds(days: np.ndarray) -> np.ndarray:
    """datetime64 days → seconds since 1970 (what the date axis reads, as UTC)."""
    return np.asarray(days, dtype="datetime64[D]").astype("datetime64[s]").astype(np.int64) \
        .astype(float)


def gaps(days: np.ndarray, values: np.ndarray, most: int,
         rated: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
    """(x in seconds, values) with a NaN point halfway between two periods where the line
    must not run: the next one more than ``most`` days after the period ``rated`` last
    had a value at or before this one (``rated`` None: after this one). For the daily
    lines ``most`` is the step (1 day, 7 for weeks); for a rolling average the window,
    with ``rated`` the values it averages."""
    day = np.asarray(days, dtype="datetime64[D]").astype(np.int64)
    values = np.asarray(values, dtype=float)
    if len(day) < 2:
        return seconds(days), values
    last = day.astype(float)
    if rated is not None:  # the latest rated period at or before each one
        has = np.isfinite(np.asarray(rated, dtype=float))
        last = np.maximum.accumulate(np.where(has, day, -np.inf))
    cut = np.flatnonzero(day[1:] - last[:-1] > most)
    x = seconds(days)
    middle = (x[cut] + x[cut + 1]) / 2
    return np.insert(x, cut + 1, middle), np.insert(values, cut + 1, np.nan)


def lone(values: np.ndarray) -> np.ndarray:
    """The finite values with no finite neighbour: a line draws nothing for them."""
    finite = np.isfinite(values)
    before = np.concatenate([[False], finite[:-1]])
    after = np.concatenate([finite[1:], [False]])
    return finite & ~before & ~after


class TrendChart(Chart):
    """``set_series(series, weekly)``; x is the period's first day, y the 0–10 rating."""

    left_axis = RatingAxis  # its labels kept apart at any height

    def __init__(self, **style):
        super().__init__("trend-chart", f"Pain and {THREAT_NAME.lower()} over time",
                         date_axis=True, **style)
        self._series: Series | None = None
        self.weekly = False
        self.curves: list[pg.PlotDataItem] = []  # as drawn: NaN at the gaps (``gaps``)
        self.dots: list[pg.ScatterPlotItem] = []  # lone points without markers (``lone``)
        self.view.setMouseEnabled(x=True, y=False)

    def set_series(self, series: Series, weekly: bool = False) -> None:
        self._series, self.weekly = series, weekly
        self.redraw()

    def rolling(self) -> np.ndarray:
        s = self._series
        if self.weekly:  # the 4 calendar weeks ending at each week, as the 7-day mean
            return calendar_rolling_mean(s.start, s.post_pain, 28)
        return np.asarray(s.rolling_post_pain)

    def redraw(self) -> None:
        self.clear()
        self.curves, self.dots = [], []
        s, c = self._series, self.colours
        if s is None or len(s.start) == 0:
            self.axis_labels("Rating (0–10)", "Date")
            return
        x = seconds(s.start)
        markers = len(x) <= MARKERS_UP_TO
        mean_name = "4-week average" if self.weekly else "7-day average"
        unit = "weekly average" if self.weekly else "daily average"
        faint = QColor(c.pain)
        faint.setAlpha(140)  # the daily values stay behind the average
        step, window = (7, 28) if self.weekly else (1, 7)  # days (see the docstring)
        specs = (
            (s.pre_pain, f"Pain before ({unit})", pen(faint.name(QColor.NameFormat.HexArgb),
                                                      1.5, Qt.PenStyle.DashLine), "o", None),
            (s.post_pain, f"Pain after ({unit})", pen(faint.name(QColor.NameFormat.HexArgb),
                                                      1.5), "o", c.pain),
            (self.rolling(), f"Pain after, {mean_name}", pen(c.pain, 4), None, None),
            (s.post_fear, f"{THREAT_NAME} after ({unit})", pen(c.fear, 2, Qt.PenStyle.DotLine), "t",
             c.fear),
        )
        for values, name, line, symbol, fill in specs:
            values = np.asarray(values, dtype=float)
            rolling = symbol is None
            drawn_x, drawn_y = gaps(s.start, values, window if rolling else step,
                                    s.post_pain if rolling else None)
            options = {}
            if markers and symbol:
                brush = QColor(fill) if fill else QColor(c.background)
                options = {"symbol": symbol, "symbolSize": 8, "symbolPen": line,
                           "symbolBrush": pg.mkBrush(brush)}
            curve = pg.PlotDataItem(drawn_x, drawn_y, pen=line, name=name, connect="finite",
                                    **options)
            self.curves.append(curve)
            if not np.isfinite(curve.yData).any():
                # Nothing to draw (the only session has no after-rating yet): not drawn,
                # nor named in the legend. Drawn, its markers' bounds were all NaN and
                # numpy warned ("All-NaN slice encountered") at every layout.
                continue
            self.item.addItem(curve)  # before clipping: clipping asks the view box
            self.legend.addItem(curve, name)
            curve.setClipToView(True)
            curve.setDownsampling(auto=True, method="peak")
            alone = lone(drawn_y)
            if not options and alone.any():  # else nothing would show for them
                dots = pg.ScatterPlotItem(drawn_x[alone], drawn_y[alone], size=LONE_SIZE,
                                          pen=line, brush=pg.mkBrush(line.color()))
                self.item.addItem(dots)
                self.dots.append(dots)
            self.hover_points(x, values, self._describe)
        span = max(x[-1] - x[0], 7 * DAY_S)
        pad = span * 0.03 + DAY_S
        self.view.setLimits(xMin=x[0] - pad * 4, xMax=x[-1] + pad * 4,  # y: fit_ratings
                            minXRange=3 * DAY_S)
        self.view.setXRange(x[0] - pad, x[-1] + pad, padding=0)
        self.fit_ratings(TOP)
        self.axis_labels("Rating (0–10)", "Week starting" if self.weekly else "Date")

    def fit_to_width(self) -> None:
        super().fit_to_width()
        if self._series is not None and len(self._series.start):
            self.fit_ratings(TOP)  # at this height: the "0" whole at any text size

    def _describe(self, i: int) -> str:
        s = self._series
        day = np.datetime64(s.start[i], "D").astype(object)
        head = f"Week of {day_text(day)}" if self.weekly else day_text(day, weekday=True)

        def value(array) -> str:
            v = float(np.asarray(array, dtype=float)[i])
            return "–" if not np.isfinite(v) else decimal_text(v)

        count = int(s.count[i])
        mean = "4-week" if self.weekly else "7-day"
        return (f"{head}: pain before {value(s.pre_pain)}, after {value(s.post_pain)} "
                f"({mean} average {value(self.rolling())}); {THREAT_NAME.lower()} before "
                f"{value(s.pre_fear)}, "
                f"after {value(s.post_fear)}; {counted(count, 'session', 'sessions')}")
