"""Zoomed in, the session and trend charts label the ticks at the very ends of the view,
so a person zooming still reads where the view starts and ends.

pyqtgraph leaves out a tick label that would stick out of its axis: zoomed to 2 to 4
minutes, the session chart's axis read "2.2 … 3.8", its 2 and 4 ticks bare; zoomed to
10 to 20 November, the trend chart's dates began at "11 Nov" (or "12 Nov" at 200 % text)
and January's "2026" went. A label at an end now stays, moved in to end at the axis'
edge, still over its tick; a label beside it that would then come too near gives way.
Real charts, offscreen, zoomed through the view box, at several widths and text sizes;
the labels read back as pyqtgraph paints them.
"""

from __future__ import annotations

from datetime import UTC, datetime

import numpy as np
import pytest
from PySide6.QtCore import QRectF
from PySide6.QtGui import QFontMetricsF

from tests.ui.settled import wait_settled
from tests.ui.test_chart_axes import drawn_ticks
from tests.ui.test_session_time_axis import shown_chart

POINTS = [11.0, 16.5, 22.0]
WIDTHS = [420, 700, 1000]
MINUTES = {"0 to 10": (-0.001, 10.001), "2 to 4": (1.999, 4.001),
           "1 to 2": (0.9995, 2.0005), "3.7 to 6.3": (3.7, 6.3), "5 to 9": (5.0, 9.0)}


def stamp(*when: int) -> float:
    return datetime(*when, tzinfo=UTC).timestamp()


DATES = {"ten days": (stamp(2026, 11, 10) - 60, stamp(2026, 11, 20) + 60),
         "a month": (stamp(2026, 11, 1) - 60, stamp(2026, 12, 1) + 60),
         "two days": (stamp(2026, 11, 10, 12), stamp(2026, 11, 12, 12)),
         "half a year": (stamp(2026, 1, 1) - 60, stamp(2026, 7, 1) + 60)}


def check_edges(axis) -> list[str]:
    """Assert that the labels are whole inside the axis, a space or more apart, and that
    the labelled ticks nearest the view's ends have their words, over their ticks.
    Returns the labels, left to right."""
    ticks = drawn_ticks(axis)
    texts = [text for text, _ in ticks]
    width = axis.size().width()
    inside = QRectF(0, 0, width, axis.size().height())
    for text, rect in ticks:
        assert inside.contains(rect), (text, rect, inside)
    space = QFontMetricsF(axis.style["tickFont"]).horizontalAdvance(" ")
    rects = sorted((rect for _, rect in ticks), key=lambda rect: rect.left())
    for a, b in zip(rects, rects[1:], strict=False):
        assert b.left() - a.right() >= space, (texts, a, b)
    # The rows of ticks as pyqtgraph counted them just now (its length: the axis' and 2),
    # placed as it places them (a tick a hair past an end is not drawn).
    low, high = axis.range
    scale = width / (high - low)
    labelled = []  # (pixels from the axis' left end, words) of each labelled row's ticks
    levels = axis.tickValues(low, high, width + 2)[: axis.style["maxTextLevel"] + 1]
    for spacing, values in levels:
        strings = axis.tickStrings(values, axis.autoSIPrefixScale * axis.scale, spacing)
        row = [(x, text) for v, text in zip(values, strings, strict=True)
               if 0 <= (x := v * scale - low * scale) <= high * scale - low * scale]
        if set(text for _, text in row) & set(texts):  # a row pyqtgraph labels at this zoom
            labelled += row
    assert labelled, texts
    for x, text in (min(labelled), max(labelled)):
        assert any(shown == text and rect.left() - 0.5 <= x <= rect.right() + 0.5
                   for shown, rect in ticks), (text, x, ticks)
    return [text for text, _ in sorted(ticks, key=lambda tick: tick[1].left())]


@pytest.mark.parametrize("points", POINTS)
@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("where", MINUTES.values(), ids=MINUTES.keys())
def test_the_session_charts_view_ends_are_labelled(qtbot, points, width, where):
    chart = shown_chart(qtbot, points, width, 13)  # its end (13) out of view
    chart.view.setXRange(*where, padding=0)
    wait_settled(chart)
    texts = check_edges(chart.item.getAxis("bottom"))
    values = [float(text) for text in texts]
    assert values == sorted(values), texts


@pytest.mark.parametrize("points", POINTS)
@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("where", DATES.values(), ids=DATES.keys())
def test_the_trend_charts_view_ends_are_labelled(qtbot, points, width, where):
    from painease.domain.insights import Series
    from painease.ui.charts.trend import TrendChart

    days = np.arange(np.datetime64("2025-12-01"), np.datetime64("2026-12-31"))
    ratings = np.full(len(days), 5.0)
    chart = TrendChart(points=points)
    qtbot.addWidget(chart)
    chart.resize(width, 420)
    chart.show()
    qtbot.waitExposed(chart)
    chart.set_series(Series(days, ratings, ratings, ratings, ratings, ratings, ratings,
                            np.ones(len(days), dtype=int)))
    wait_settled(chart)
    chart.view.setXRange(*where, padding=0)
    wait_settled(chart)
    check_edges(chart.item.getAxis("bottom"))


@pytest.mark.parametrize("points", POINTS)
@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("where", [(-0.3, 2.0), (-0.3, 0.6), (-2.5, 6.0)])
def test_no_minute_before_the_sessions_start_is_labelled(qtbot, points, width, where):
    """The view may reach before the start: its ticks there have no words ("-0.2"), and
    the start's "0" is labelled (at the view's edge, "-0.2" once took its place)."""
    chart = shown_chart(qtbot, points, width, 13)
    chart.view.setXRange(*where, padding=0)
    wait_settled(chart)
    axis = chart.item.getAxis("bottom")
    texts = [text for text, _ in drawn_ticks(axis)]
    assert "0" in texts, texts
    assert [text for text in texts if text.startswith("-")] == [], texts
    assert any(v < 0 for _, values in axis.tickValues(*axis.range, width) for v in values)
