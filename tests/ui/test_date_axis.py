"""The trend chart's date axis writes days as "29 Oct", "3 Nov" — once it read "29Oct",
"Nov03", "Dec03" (pyqtgraph's month and day ticks side by side) — with room between
the labels, over two weeks, three months and years, in the app's look and the report's."""

from __future__ import annotations

import re
from datetime import UTC, datetime

import pytest
from PySide6.QtGui import QFontMetricsF

DAY = re.compile(r"^\d{1,2} (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)$")
MONTH = re.compile(r"^(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)$|^\d{4}$")


def stamp(year: int, month: int, day: int) -> float:
    return datetime(year, month, day, tzinfo=UTC).timestamp()


def drawn(chart) -> list[tuple[float, str]]:
    """The bottom axis's labels as it draws them: (pixels from its left end, text)."""
    axis = chart.item.getAxis("bottom")
    low, high = axis.range
    width = axis.geometry().width()
    labels = []
    for spacing, values in axis.tickValues(low, high, width):
        texts = axis.tickStrings(values, axis.autoSIPrefixScale * axis.scale, spacing)
        labels += [((v - low) / (high - low) * width, t) for v, t in zip(values, texts,
                                                                          strict=True)
                   if low <= v <= high]
    return sorted(labels)


@pytest.mark.parametrize("style", [{}, {"theme": "light", "points": 10}])
@pytest.mark.parametrize("first, last, pattern", [
    ((2026, 11, 21), (2026, 12, 4), DAY),  # two weeks
    ((2026, 9, 5), (2026, 12, 4), DAY),  # three months, as the report drew it
    ((2024, 6, 1), (2026, 12, 4), MONTH),  # years: months and years
])
def test_dates_read_day_then_month_with_room_between(qtbot, qapp, style, first, last,
                                                     pattern):
    from painease.ui.charts.base import Chart

    chart = Chart("trend", "Trend", date_axis=True, **style)
    qtbot.addWidget(chart)
    chart.resize(900, 330)
    chart.show()
    qtbot.waitExposed(chart)
    chart.view.setRange(xRange=(stamp(*first), stamp(*last)), padding=0)
    qtbot.wait(10)
    labels = drawn(chart)
    assert len(labels) >= 4
    assert [text for _, text in labels if not pattern.match(text)] == []
    metrics = QFontMetricsF(chart.item.getAxis("bottom").style["tickFont"]
                            or chart.item.getAxis("bottom").font())
    for (x1, a), (x2, b) in zip(labels, labels[1:], strict=False):
        room = (metrics.horizontalAdvance(a) + metrics.horizontalAdvance(b)) / 2
        assert x2 - x1 > room, (a, b)  # the labels never touch


def test_the_before_and_after_chart_writes_its_days_the_same_way(qtbot, qapp):
    from painease.domain.insights import SessionPoint, session_shifts
    from painease.ui.charts.shift import ShiftChart

    chart = ShiftChart(theme="light", points=10)
    qtbot.addWidget(chart)
    chart.resize(900, 330)
    chart.show()
    qtbot.waitExposed(chart)
    points = [SessionPoint(n, "body-scan", datetime(2026, 11, day, 9, tzinfo=UTC),
                           "completed", 600_000, 10, 6, 7, 4, 3)
              for n, day in enumerate((1, 3, 9, 28), 1)]
    chart.set_shifts(session_shifts(points), UTC)
    qtbot.wait(10)
    ticks = chart.item.getAxis("bottom")._tickLevels[0]  # what set_shifts put there
    assert [text for _, text in ticks] == ["1 Nov", "3 Nov", "9 Nov", "28 Nov"]
