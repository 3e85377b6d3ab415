"""The session chart's phase bands (walkthrough 2, finding 8): every band is named, in the
player's words, from its own dashed line, without names running into each other or off
the plot, at normal and double text size; and each kind of phase has its own tint, the
same wherever it comes, with the chart's text readable on it in light and dark."""

from __future__ import annotations

from datetime import UTC, datetime

import numpy as np
import pyqtgraph as pg
import pytest
from PySide6.QtCore import QPointF
from PySide6.QtGui import QColor

from painease.domain.insights import SessionPoint
from painease.domain.live_shifts import LiveTrace, phase_runs
from painease.domain.vocabulary import Phase, phase_words
from painease.ui.charts.base import DARK_CHART, LIGHT_CHART
from tests.ui.settled import wait_settled

# A 10-minute session with short parts (as the walkthrough's session 116): settle 0:42,
# noticing twice, safety, curiosity and ease, closing 0:42.
MARKS = [(0, "settle"), (42_000, "attention"), (201_000, "safety"), (402_000, "attention"),
         (462_000, "positive-affect"), (558_000, "closing")]
POINT = SessionPoint(1, "somatic", datetime(2026, 12, 1, 9, tzinfo=UTC), "completed",
                     600_000, 10.0, 1, 1, 1, 0)
TRACE = LiveTrace(1, np.array([0, 100_000, 300_000, 500_000]), np.array([3, 2, 1, 2.0]), MARKS)


def chart(qtbot, width: int, **style):
    from painease.ui.charts.session import SessionChart

    drawn = SessionChart(**style)
    qtbot.addWidget(drawn)
    drawn.resize(width, 520)
    drawn.show()
    qtbot.waitExposed(drawn)
    drawn.set_session(POINT, TRACE, MARKS)
    wait_settled(drawn)
    return drawn


def names_of(drawn) -> list[pg.TextItem]:
    return [item for item in drawn.item.items if isinstance(item, pg.TextItem)]


@pytest.mark.parametrize(("width", "style"), [
    (1200, {}), (1200, {"theme": "dark"}), (700, {"theme": "dark", "points": 22}),
    (900, {"points": 22})])
def test_every_band_is_named_from_its_line_clear_of_the_others(qtbot, width, style):
    drawn = chart(qtbot, width, **style)
    runs = phase_runs(MARKS, 600_000)
    names = names_of(drawn)
    assert [n.toPlainText() for n in names] == [phase_words(phase) for _, _, phase in runs]
    plot = drawn.view.sceneBoundingRect()
    ratings_top = drawn.view.mapViewToScene(QPointF(0, 10.5)).y()
    rects = []
    for name, (start, _, phase) in zip(names, runs, strict=True):
        assert name.isVisible(), phase
        rect = name.sceneBoundingRect()
        line = drawn.view.mapViewToScene(QPointF(start / 60_000, 0)).x()
        assert abs(rect.left() - line) <= 1.5, (phase, rect.left(), line)
        assert plot.adjusted(-1, -1, 1, 1).contains(rect), (phase, rect, plot)
        assert rect.bottom() <= ratings_top + 1, (phase, rect.bottom(), ratings_top)
        rects.append(rect)
    for i, a in enumerate(rects):
        for b in rects[i + 1:]:
            assert not a.intersects(b), (a, b)
    # The ratings are all still drawn inside the plot: 0 and 10 in view.
    (_, _), (low, high) = drawn.view.viewRange()
    assert low <= 0 and high >= 10.5


def test_zoomed_in_the_names_stay_on_the_plot(qtbot):
    drawn = chart(qtbot, 800)
    drawn.view.setXRange(6.5, 9.5, padding=0)
    drawn.view.sigRangeChangedManually.emit([True, False])
    qtbot.wait(10)
    plot = drawn.view.sceneBoundingRect()
    shown = [n for n in names_of(drawn) if n.isVisible()]
    assert {n.toPlainText() for n in shown} == {"Safety", "Noticing", "Curiosity and ease",
                                                "Closing"}
    for name in shown:
        assert plot.adjusted(-1, -1, 1, 1).contains(name.sceneBoundingRect())
    assert drawn.view.viewRange()[0] == pytest.approx([6.5, 9.5])  # the person's zoom kept


def luminance(colour: str) -> float:
    def channel(v: float) -> float:
        v /= 255
        return v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4

    c = QColor(colour)
    return 0.2126 * channel(c.red()) + 0.7152 * channel(c.green()) + 0.0722 * channel(c.blue())


def contrast(a: str, b: str) -> float:
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


@pytest.mark.parametrize("theme", ["light", "dark"])
def test_each_kind_of_phase_has_its_own_tint_wherever_it_comes(qtbot, theme):
    drawn = chart(qtbot, 1200, theme=theme)
    bands = [item for item in drawn.item.items if isinstance(item, pg.LinearRegionItem)]
    tints = [band.brush.color().name() for band in bands]
    phases = [phase for _, _, phase in phase_runs(MARKS, 600_000)]
    by_phase = {}
    for phase, tint in zip(phases, tints, strict=True):
        by_phase.setdefault(phase, set()).add(tint)
    assert all(len(found) == 1 for found in by_phase.values()), by_phase  # noticing twice
    assert len({next(iter(found)) for found in by_phase.values()}) == len(by_phase)
    colours = DARK_CHART if theme == "dark" else LIGHT_CHART
    every = [colours.phase_tint(phase) for phase in Phase]
    assert len(set(every)) == len(Phase)  # safety and curiosity never share a tint
    for tint in every:
        assert contrast(colours.text, tint) >= 4.5, (theme, tint)
        assert tint != colours.background
