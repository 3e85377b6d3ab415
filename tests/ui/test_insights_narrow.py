"""Insights 600 px wide at 200 % text (22 pt, as the text-size setting sets it), light and
dark: every chart is drawn inside its own widget. The before-and-after and the over-time
charts were wider than their widgets and lost their right edge: their legends, laid out
in two columns of 200 % text, held the plot wider than the room it had, and the legend
then counted its columns from that stretched width, so it never went down to one.

Read back from the charts' scenes: the plot with its axes and legend, the axis titles,
the session labels and every legend entry lie within what the chart's view shows; the
bottom axis title sits below the labels (it overlapped them at 200 % text), and every
rating 0–10 is labelled. Laid out first (``wait_settled``), never slept for.

Narrower still (400 and 480 px at 150 % and 200 % text) the one-session chart squeezed
0–10 into a thin band under its phase names, its labels running into each other and the
names over the ratings, and its bottom title was wider than the plot; at 200 % text every
chart's bottom title sat ~5 px over the date or session labels, at any width.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from PySide6.QtCore import QPointF
from PySide6.QtWidgets import QApplication

from painease import paths
from painease.storage import SessionStore
from painease.ui.insights_page import InsightsPage
from painease.ui.theme import apply_theme
from tests.insights_history import add_session
from tests.ui.settled import wait_settled
from tests.ui.test_chart_axes import drawn_ticks
from tests.waits import WORKER_WAIT_MS

# A live rating in every session: the session chart's legend then has six entries.
LIVE = [(k * 20_000, 6 - k % 3) for k in range(12)]


@pytest.fixture
def store(painease_home):
    with SessionStore(paths.database_path()) as store:
        for k in range(6):
            add_session(store, datetime.now(UTC) - timedelta(days=k, hours=2), pre=(6, 7),
                        post=(3 + k % 3, 2 + k % 2), live=LIVE)
        yield store


def words(label):
    """A pyqtgraph label's words in scene coordinates (without the blank margin)."""
    text = label.item if hasattr(label, "item") else label
    margin = text.document().documentMargin()
    rect = text.boundingRect().adjusted(margin, margin, -margin, -margin)
    return text.mapRectToScene(rect)


def outside(chart) -> list[str]:
    """What of ``chart`` is drawn beyond what its view shows."""
    shown = chart.plot.mapToScene(chart.plot.viewport().rect()).boundingRect()
    room = shown.adjusted(-1, -1, 1, 1)
    found = []
    if not room.contains(chart.item.sceneBoundingRect()):
        found.append(f"plot {chart.item.sceneBoundingRect()}")
    for side in ("left", "bottom"):
        axis = chart.item.getAxis(side)
        if axis.label.isVisible() and not room.contains(words(axis.label)):
            found.append(f"{side} title {words(axis.label)}")
    bottom = chart.item.getAxis("bottom")
    for text, rect in drawn_ticks(bottom):
        if not room.contains(bottom.mapRectToScene(rect)):
            found.append(f"tick {text!r}")
    for _, label in chart.legend.items:
        if not room.contains(words(label)):
            found.append(f"legend {label.text!r} {words(label)}")
    return [f"{chart.objectName()}: {what} outside {shown}" for what in found]


def crowded(chart) -> list[str]:
    """Axis labels that are left out or run into others: the bottom title must lie below
    the session or date labels, a rating axis must label every even rating 0–10 (at
    200 % text, with the legend on more rows, the "10" went: half of it stuck out), and
    no two labels of the left axis may overlap."""
    found = []
    bottom = chart.item.getAxis("bottom")
    ticks = [bottom.mapRectToScene(rect) for _, rect in drawn_ticks(bottom)]
    title = words(bottom.label)
    if ticks and title.top() < max(rect.bottom() for rect in ticks):
        found.append(f"bottom title at {title.top()} over labels down to "
                     f"{max(rect.bottom() for rect in ticks)}")
    left = chart.item.getAxis("left")
    painted = drawn_ticks(left)
    if chart.objectName() in ("shift-chart", "trend-chart", "session-chart"):
        drawn = [text for text, _ in painted]
        if drawn != [str(v) for v in range(0, 11, 2)]:
            found.append(f"ratings labelled {drawn}")
    for (a, one), (b, two) in zip(painted, painted[1:], strict=False):
        if one.intersects(two):  # a plot squeezed short by its legend: "10" over "8"
            found.append(f"left labels {a!r} and {b!r} overlap")
    if chart.objectName() == "session-chart":
        found += names_over_ratings(chart)
    return [f"{chart.objectName()}: {what}" for what in found]


def names_over_ratings(chart) -> list[str]:
    """Phase names that reach down into the ratings (below the 10 line and its markers)
    or out of the plot."""
    from painease.ui.charts.session import TOP_RATING

    plot = chart.view.sceneBoundingRect().adjusted(-1, -1, 1, 1)
    ten = chart.view.mapViewToScene(QPointF(0, TOP_RATING)).y()
    found = []
    for name, _, _ in chart.names:
        if not name.isVisible():
            continue
        rect = name.mapRectToScene(name.boundingRect())
        if rect.bottom() > ten + 1:
            found.append(f"name {name.toPlainText()!r} down to {rect.bottom()}, over the "
                         f"ratings from {ten}")
        if not plot.contains(rect):
            found.append(f"name {name.toPlainText()!r} {rect} outside the plot {plot}")
    return found


@pytest.mark.parametrize(("theme", "first_width"), [("light", 600), ("dark", 600),
                                                    ("light", 1400)])
def test_every_chart_fits_a_600_px_insights_at_double_text(qtbot, store, theme,
                                                           first_width):
    """``first_width``: the page shown that wide first, then made narrow (the legend then
    has to give back the room it took)."""
    apply_theme(QApplication.instance(), theme, 200)  # what the Settings page's 200 % does
    assert QApplication.font().pointSizeF() == 22
    page = InsightsPage(store)
    qtbot.addWidget(page)
    page.resize(first_width, 900)
    page.show()  # builds the charts and starts reading
    qtbot.waitExposed(page)
    view = page.view
    qtbot.waitUntil(lambda: view.data is not None, timeout=WORKER_WAIT_MS)
    wait_settled(page)
    if first_width != 600:
        page.resize(600, 900)
        wait_settled(page)
    for chart in view.charts.values():
        assert chart.isVisible() and chart.width() <= page.width()

    def inside() -> None:
        lines = [line for chart in view.charts.values()
                 for line in outside(chart) + crowded(chart)]
        assert not lines, "\n".join(lines)

    qtbot.waitUntil(inside)
    view.loader.wait()


@pytest.mark.parametrize(("size", "widths"), [
    (150, (480,)), (150, (400,)), (200, (480,)), (200, (400,)),
    (200, (800,)), (200, (1400,)), (200, (1400, 420)),
])
def test_every_chart_is_readable_narrow_and_wide_at_large_text(qtbot, store, size, widths):
    """``widths``: the page shown at the first, then made each of the others. The
    one-session chart grows taller for its phase names (the page scrolls) rather than
    squeezing its ratings; long bottom titles wrap; titles sit below the labels."""
    apply_theme(QApplication.instance(), "light", size)
    page = InsightsPage(store)
    qtbot.addWidget(page)
    page.resize(widths[0], 900)
    page.show()
    qtbot.waitExposed(page)
    view = page.view
    qtbot.waitUntil(lambda: view.data is not None, timeout=WORKER_WAIT_MS)
    wait_settled(page)
    for width in widths[1:]:
        page.resize(width, 900)
        wait_settled(page)
    for chart in view.charts.values():
        assert chart.isVisible() and chart.width() <= page.width()

    # Once laid out, not after waiting: reading the labels back (``drawn_ticks``) makes
    # pyqtgraph measure them again, and that alone moved the bottom title down.
    lines = [line for chart in view.charts.values()
             for line in outside(chart) + crowded(chart)]
    view.loader.wait()
    assert not lines, "\n".join(lines)


def test_the_session_chart_keeps_its_height_while_zoomed(qtbot, store):
    """Zoomed in with the keys at 400 px and 200 % text, the names need fewer rows; the
    chart keeps its height (it would move the page under the pointer), the names stay
    above the ratings, and ``Home`` gives the unzoomed layout back."""
    from PySide6.QtCore import Qt

    apply_theme(QApplication.instance(), "light", 200)
    page = InsightsPage(store)
    qtbot.addWidget(page)
    page.resize(400, 900)
    page.show()
    qtbot.waitExposed(page)
    view = page.view
    qtbot.waitUntil(lambda: view.data is not None, timeout=WORKER_WAIT_MS)
    wait_settled(page)
    chart = view.charts["session"]
    home = chart.plot.minimumHeight()
    chart.plot.setFocus()
    for _ in range(4):
        qtbot.keyClick(chart.plot, Qt.Key.Key_Plus)
        wait_settled(page)
        assert chart.plot.minimumHeight() == home
        assert not crowded(chart) and not outside(chart)
    qtbot.keyClick(chart.plot, Qt.Key.Key_Home)
    wait_settled(page)
    assert chart.plot.minimumHeight() == home
    assert not crowded(chart) and not outside(chart)
    view.loader.wait()
