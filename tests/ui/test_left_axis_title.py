"""The left axis's title ("Rating (0–10)", "Change in pain") is whole beside a short plot.

pyqtgraph writes the title on one line, turned, centred on the axis: on a chart made
150 or 200 px high, at 200 % text (and at 100 % for the shortest), it was longer than the
axis and ran over its top and bottom, into the legend and the bottom axis's labels. The
title now wraps onto more lines when it is longer than the axis, and the chart keeps its
plot at least as tall as the title's longest word. Real charts, offscreen; the title's
words are measured as they are laid out.
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import QRectF

from tests.ui.settled import wait_settled
from tests.ui.test_chart_axes import drawn_ticks, point, rating_charts


def all_charts():
    from painease.domain.insights import fear_pain_link, session_shifts
    from painease.ui.charts.link import LinkChart

    charts = rating_charts()
    charts["link"] = (LinkChart, lambda chart: chart.set_link(
        fear_pain_link(session_shifts([point(), point()]))))
    return charts


def title_words(axis) -> QRectF:
    """Where the title's words are, in the axis's coordinates (the text, not its margins)."""
    title = axis.label
    margin = title.document().documentMargin()
    words = title.boundingRect().adjusted(margin, margin, -margin, -margin)
    return title.mapRectToParent(words)


@pytest.mark.parametrize("key", ["session", "shift", "trend", "link"])
@pytest.mark.parametrize(("points", "height"), [(11, 150), (22, 150), (22, 200),
                                                (None, None), (22, None)])
def test_the_left_title_is_whole_beside_its_labels(qtbot, key, points, height):
    kind, fill = all_charts()[key]
    style = {"points": points} if points else {}
    if height:
        style["height"] = height
    chart = kind(**style)
    qtbot.addWidget(chart)
    chart.resize(420, 100)  # as short as the chart lets it be
    chart.show()
    qtbot.waitExposed(chart)
    fill(chart)
    wait_settled(chart)
    axis = chart.item.getAxis("left")
    words = title_words(axis)
    inside = QRectF(0, 0, axis.size().width(), axis.size().height())
    assert inside.contains(words), (words, inside)
    assert axis.label.toPlainText().startswith(("Rating", "Change"))
    for text, rect in drawn_ticks(axis):
        assert not rect.intersects(words), (text, rect, words)
    # Inside the chart's widget too (pyqtgraph nudged it 5 px to the left of the axis).
    where = chart.plot.mapFromScene(axis.mapRectToScene(words)).boundingRect()
    assert chart.plot.viewport().rect().contains(where), (where, chart.plot.viewport().rect())
