"""A large desktop text size (20 pt) with painease's own 200 % on top (about 40 pt body
text): the pages' column grows with the text rather than staying at its 100 % width, so
what cannot be narrower fits in a wide window, and the rating scale moves onto further
rows when even that is not enough; nothing reaches beyond the page's width.

The desktop's size is what ``theme.text_scale`` kept when painease first set its own font
(one application per test run): it is set here the way that start would have kept it.
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, QRect
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractButton,
    QLabel,
    QScrollArea,
    QTabWidget,
    QToolButton,
    QWidget,
)

from painease.ui import theme
from painease.ui.rating_scale import RatingScale
from tests.ui.insights_view import one_session, open_insights
from tests.ui.settled import wait_settled
from tests.ui.test_session_flow import choose_in_library, find, shown


@pytest.fixture
def big_desktop(monkeypatch):
    monkeypatch.setattr(theme, "_desktop_points", 20.0)


def beyond_width(page: QWidget) -> list[str]:
    """Visible buttons of ``page`` not wholly inside its scroll area's viewport, and the
    page scrolling sideways at all."""
    area = page.findChild(QScrollArea)
    viewport = area.viewport()
    found = []
    if area.horizontalScrollBar().maximum() > 0:
        found.append(f"scrolls sideways by {area.horizontalScrollBar().maximum()} px")
    for control in page.findChildren(QAbstractButton):
        if not control.isVisible() or not viewport.isAncestorOf(control):
            continue
        left = control.mapTo(viewport, QPoint(0, 0)).x()
        if left < 0 or left + control.width() > viewport.width():
            name = control.objectName() or control.text()
            found.append(f"{name!r}: {left}..{left + control.width()} of {viewport.width()}")
    return found


def scale_problems(scale: RatingScale) -> list[str]:
    """Rating buttons that overlap, or are cut by the scale's edge or their own text."""
    buttons = scale.findChildren(QAbstractButton)
    assert len(buttons) == 11
    found = []
    rects = {b.text(): QRect(b.mapTo(scale, QPoint(0, 0)), b.size()) for b in buttons}
    for text, rect in rects.items():
        if not scale.rect().contains(rect):
            found.append(f"{text} outside the scale: {rect} of {scale.rect()}")
        if rect.width() < buttons[0].fontMetrics().horizontalAdvance(text):
            found.append(f"{text} narrower than its number")
        found += [f"{text} overlaps {other}" for other, rect2 in rects.items()
                  if other > text and rect.intersects(rect2)]
    return found


@pytest.mark.parametrize("width", [1000, 1280])
def test_home_and_the_ratings_fit_a_large_desktop_font_at_200(
        qtbot, make_window, preset, short_script, big_desktop, width):
    preset(text_size=200, live_rating=True)  # the welcome card shows too
    window = make_window(use_device=False)
    window.resize(width, 720)
    wait_settled(window)
    assert window.font().pointSizeF() == pytest.approx(40, abs=0.1)
    assert beyond_width(window.home) == []

    choose_in_library(qtbot, window, short_script, length_row=1)
    qtbot.waitUntil(lambda: shown(window, "pre-pain"))
    wait_settled(window)
    page = window.flow.page
    assert beyond_width(page) == []
    for name in ("pre-pain", "pre-fear"):
        assert scale_problems(find(window, name)) == []
    window.close_flow()


def test_the_column_grows_with_the_text_and_keeps_its_width_at_100(
        qtbot, make_window, preset, monkeypatch):
    """820 px wide at 100 % of 11 pt, as before; 20/11 of that on a 20 pt desktop; and
    twice that once Settings' text size is 200 %, while the window is open."""
    monkeypatch.setattr(theme, "_desktop_points", 11.0)
    preset(text_size=100, welcome_seen=True)
    window = make_window(use_device=False)
    window.resize(2400, 900)
    wait_settled(window)
    column = window.home.findChild(QScrollArea).widget().layout().itemAt(1).widget()
    assert column.width() == 820
    window.settings.set("text_size", 200)
    wait_settled(window)
    assert column.width() == 1640
    monkeypatch.setattr(theme, "_desktop_points", 20.0)
    window.settings.set("text_size", 100)
    wait_settled(window)
    assert column.width() == round(820 * 20 / 11)


def widest_entry(combo) -> int:
    return max(combo.fontMetrics().horizontalAdvance(combo.itemText(i))
               for i in range(combo.count()))


def test_combos_elide_rather_than_widen_the_window(qtbot, make_window, preset, big_desktop):
    """The Library's kind filter (Qt made it 621 px at least) no longer widens the window,
    and Settings' background sound is narrower than its longest entry when the room is
    short (its shown entry ends in "…"): Settings does not scroll sideways."""
    preset(text_size=200, welcome_seen=True)
    window = make_window(use_device=False)
    window.resize(1000, 720)
    window.show_page("Library")
    wait_settled(window)
    kind = find(window, "kind-filter")
    assert window.width() == 1000
    assert kind.width() <= kind.parentWidget().width()
    # Less room than in the 1000 px window, where Settings (with the page tabs along the
    # top, not a page list at the left) has room for the box's longest entry.
    window.resize(700, 720)
    window.show_page("Settings")
    wait_settled(window)
    assert window.width() == 700
    sound = find(window, "setting-ambience")
    assert sound.width() < widest_entry(sound)
    assert beyond_width(window.settings_page) == []


def test_insights_fits_a_large_desktop_font_at_200(qtbot, make_window, preset, big_desktop):
    """"Report for my therapist…" (707 px on one line) made Insights 77 px wider than its
    1000 px window: the page scrolled sideways and the count line lost its last number
    ("3 ended early") past the right edge. The report button's words wrap instead."""
    preset(text_size=200, welcome_seen=True)
    one_session()
    window = make_window(use_device=False)
    window.resize(1000, 720)
    view = open_insights(qtbot, window)
    wait_settled(window)
    assert window.width() == 1000
    assert beyond_width(window.insights) == []
    assert find(window, "insights-report").isVisible()
    status = view.findChild(QLabel, "insights-status")
    viewport = window.insights.findChild(QScrollArea).viewport()
    assert status.mapTo(viewport, QPoint(status.width(), 0)).x() <= viewport.width()


def tab_arrows(bar) -> list:
    return [b for b in bar.findChildren(QToolButton) if b.isVisible()]


def test_the_four_therapist_tabs_fit_a_1280_window(qtbot, make_window, preset, big_desktop):
    """Their sides grow less than their words do: at 200 % on a 20 pt desktop all four
    fit whole, with no scroll arrows ("Outcomes" was cut)."""
    preset(text_size=200, therapist_mode=True, welcome_seen=True)
    window = make_window(use_device=False)
    window.resize(1280, 720)
    window.show_page("Therapist")
    qtbot.waitUntil(lambda: window.therapist_page is not None
                    and window.therapist_page.isVisible())
    wait_settled(window)
    bar = window.therapist_page.tabs.tabBar()
    assert window.width() == 1280
    assert tab_arrows(bar) == []
    assert bar.tabRect(bar.count() - 1).right() < bar.width()


@pytest.mark.parametrize("look", ["light", "dark"])
def test_tab_scroll_arrows_are_styled_and_as_large_as_the_text(qtbot, qapp, big_desktop, look):
    """Where tabs that large cannot all fit (a narrower bar than the Therapist page's), the
    bar's two scroll buttons are as tall as the tabs and wide enough to hit, with their
    arrows drawn in the theme's text colour; Qt's own were 15 px wide, plain grey."""
    theme.apply_theme(qapp, look, 200)
    tabs = QTabWidget()
    qtbot.addWidget(tabs)
    for name in ("Scripts", "Sets", "Patients", "Outcomes"):
        tabs.addTab(QWidget(), name)
    tabs.resize(600, 300)
    tabs.show()
    qtbot.waitExposed(tabs)
    bar = tabs.tabBar()
    arrows = tab_arrows(bar)
    assert len(arrows) == 2
    colours = theme.THEMES[look]
    for arrow in arrows:  # the earlier one is off at first: drawn muted
        drawn = QColor(colours.text if arrow.isEnabled() else colours.muted).rgb()
        assert arrow.height() >= bar.fontMetrics().lineSpacing(), arrow.size()
        assert arrow.width() >= bar.fontMetrics().lineSpacing() // 2, arrow.size()
        picture = arrow.grab().toImage()
        assert drawn in {picture.pixelColor(x, y).rgb() for x in range(picture.width())
                         for y in range(picture.height())}, f"no {arrow.objectName()} arrow"
