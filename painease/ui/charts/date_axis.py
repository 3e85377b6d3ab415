"""The date axis under the trend chart: days written "29 Oct", "3 Nov".

pyqtgraph's ``DateAxisItem`` labels a span of weeks or months with two rows of ticks at
once, the months ("Nov") and the days between them ("03"), side by side on one line, so
the axis read "29Oct", "Nov03", "Dec03". ``DayAxis`` keeps pyqtgraph's choice of how
densely to label (it measures the labels against the axis's length) but, at that zoom,
labels days only, each with its month ("3 Nov"), every 1, 2, 7 or 14 days as room allows;
a longer span gets months ("Nov") and years ("2027" where one begins). Hours, when the
chart is zoomed in that far, stay pyqtgraph's, with days written the same way. Zoomed
in, the dates at the view's very ends keep their labels (``edge_labels``).
"""

from __future__ import annotations

from datetime import UTC, datetime

import pyqtgraph as pg
from pyqtgraph.graphicsItems.DateAxisItem import (
    DAY_HOUR_ZOOM_LEVEL,
    DAY_SPACING,
    HMS_ZOOM_LEVEL,
    HOUR_MINUTE_ZOOM_LEVEL,
    MONTH_SPACING,
    MS_ZOOM_LEVEL,
    YEAR_SPACING,
    TickSpec,
    ZoomLevel,
    makeMStepper,
    makeSStepper,
    makeYStepper,
)

from painease.local_time import day_text, month_text
from painease.ui.charts.axes import TitledBottom
from painease.ui.charts.edge_labels import EdgeLabels

DAYS = ZoomLevel([TickSpec(DAY_SPACING, makeSStepper(DAY_SPACING), "day",
                           autoSkip=[1, 2, 7, 14])], "30 Sep")
MONTHS = ZoomLevel([TickSpec(YEAR_SPACING, makeYStepper(1), "year", autoSkip=[1, 5, 10, 25]),
                    TickSpec(MONTH_SPACING, makeMStepper(1), "month", autoSkip=[1, 2, 3, 6])],
                   "2026")


class DayAxis(EdgeLabels, TitledBottom, pg.DateAxisItem):
    """A bottom date axis whose labels read "3 Nov" (see the module), those at the view's
    ends kept (``EdgeLabels``). Times are UTC seconds of each local day's date, as the
    charts plot them (``utcOffset=0``)."""

    def __init__(self, orientation: str = "bottom", **kwargs):
        super().__init__(orientation=orientation, utcOffset=0, **kwargs)
        self.zoomLevels = {
            float("inf"): MONTHS,
            14 * DAY_SPACING: DAYS,
            6 * 3600: DAY_HOUR_ZOOM_LEVEL,
            15 * 60: HOUR_MINUTE_ZOOM_LEVEL,
            30: HMS_ZOOM_LEVEL,
            1: MS_ZOOM_LEVEL,
        }

    def tickStrings(self, values, scale, spacing):
        if spacing not in (DAY_SPACING, MONTH_SPACING, YEAR_SPACING):
            return super().tickStrings(values, scale, spacing)
        labels = []
        for value in values:
            try:
                day = datetime.fromtimestamp(value, UTC)
            except (OverflowError, OSError, ValueError):
                labels.append("")
                continue
            if spacing == DAY_SPACING:
                labels.append(day_text(day, year=False))
            elif spacing == MONTH_SPACING:
                labels.append(month_text(day))
            else:
                labels.append(f"{day.year}")
        return labels
