"""The pages' tabs along the top of the window (``MainWindow.nav``, a ``QTabBar``): one Tab
stop whose Left and Right arrows move between the pages, read as a page tab list, every
name whole at any text size, and drawn in the theme's colours: the page shown has the
accent under it, the focused tab an accent ring. Real windows, offscreen."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAccessible
from PySide6.QtWidgets import QApplication, QTabBar, QToolButton

from painease.ui.theme import THEMES
from tests.ui.settled import wait_settled
from tests.ui.test_session_flow import find
from tests.ui.test_widgets import wheel_over


def cut_tabs(nav: QTabBar) -> list[str]:
    """What keeps a page name from being read whole: a tab narrower than its words (in the
    tab bar's font), a tab beyond the bar's right edge, scroll buttons shown."""
    metrics, found = nav.fontMetrics(), []
    for index in range(nav.count()):
        text, rect = nav.tabText(index), nav.tabRect(index)
        if rect.width() < metrics.horizontalAdvance(text):
            found.append(f"{text!r}: {rect.width()} px for {metrics.horizontalAdvance(text)}")
        if rect.left() < 0 or rect.right() >= nav.width():
            found.append(f"{text!r}: {rect.left()}..{rect.right()} of {nav.width()}")
    arrows = [b for b in nav.findChildren(QToolButton) if b.isVisible()]
    if arrows:
        found.append(f"{len(arrows)} scroll buttons")
    return found


def names(nav: QTabBar) -> list[str]:
    return [nav.tabText(index) for index in range(nav.count())]


def test_the_page_tabs_are_a_tab_bar_whose_names_are_never_cut(qtbot, make_window):
    window = make_window(use_device=False)
    nav = find(window, "nav")
    assert nav is window.nav and isinstance(nav, QTabBar)
    assert names(nav) == ["Home", "Library", "Insights", "Settings", "Help"]
    assert nav.currentIndex() == 0 and window.stack.currentWidget() is window.home
    # Set by name at start-up (no Qt namespace then): read back, they took.
    assert nav.elideMode() == Qt.TextElideMode.ElideNone
    assert nav.usesScrollButtons() and not nav.expanding()
    # Along the top: the bar above the pages, the full width of the window.
    assert nav.geometry().bottom() < window.stack.geometry().top()
    assert nav.width() == window.stack.width() == window.centralWidget().width()
    # Left-aligned, each as wide as its name (not stretched to fill the bar).
    assert nav.tabRect(0).left() == 0
    assert nav.tabRect(nav.count() - 1).right() < nav.width() // 2
    assert cut_tabs(nav) == []


def test_the_page_tabs_are_named_described_and_read_as_page_tabs(qtbot, make_window):
    """A screen reader hears the bar as a page tab list and, on the tab with the focus,
    its name, "page tab", and its description: its page key and the arrows. (Qt reads the
    list by its current tab, so the bar's own name and description, set for whatever
    asks the widget, are not what is heard: each tab says it.)"""
    window = make_window(use_device=False)
    window.settings.set("therapist_mode", True)
    nav = window.nav
    assert nav.accessibleName() == "Pages"
    description = nav.accessibleDescription()
    assert "Left and Right arrows" in description and "Ctrl+1 to Ctrl+6" in description
    face = QAccessible.queryAccessibleInterface(nav)
    assert face.role() == QAccessible.Role.PageTabList
    tabs = [face.child(i) for i in range(face.childCount())]
    heard = [(t.text(QAccessible.Text.Name), t.text(QAccessible.Text.Description))
             for t in tabs if t.role() == QAccessible.Role.PageTab]
    assert heard == [(name, f"Ctrl+{number}. Left and Right arrows move between the pages.")
                     for number, name in enumerate(names(nav), start=1)]
    assert heard[-1][0] == "Therapist" and heard[-1][1].startswith("Ctrl+6.")
    nav.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.keyClick(nav, Qt.Key.Key_Right)
    assert face.focusChild().text(QAccessible.Text.Name) == "Library"
    assert tabs[1].state().selected and not tabs[0].state().selected


def test_left_and_right_change_the_page_and_tab_goes_into_it(qtbot, make_window):
    window = make_window(use_device=False)
    nav = window.nav
    nav.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.waitUntil(nav.hasFocus)
    qtbot.keyClick(nav, Qt.Key.Key_Right)
    assert nav.currentIndex() == 1
    qtbot.waitUntil(lambda: window.stack.currentWidget() is window.library)
    assert window.library.isVisible() and nav.hasFocus()  # the focus stays on the tabs
    qtbot.keyClick(nav, Qt.Key.Key_Left)
    qtbot.waitUntil(lambda: window.stack.currentWidget() is window.home)
    assert nav.currentIndex() == 0 and nav.hasFocus()
    # One Tab stop: Tab leaves the tabs for the page shown, Shift+Tab comes back to them.
    qtbot.keyClick(nav, Qt.Key.Key_Tab)
    inside = QApplication.focusWidget()
    assert inside is not nav and window.home.isAncestorOf(inside), inside
    qtbot.keyClick(inside, Qt.Key.Key_Backtab)
    assert QApplication.focusWidget() is nav and nav.currentIndex() == 0


def test_a_click_on_a_tab_shows_its_page(qtbot, make_window):
    window = make_window(use_device=False)
    nav = window.nav
    qtbot.mouseClick(nav, Qt.MouseButton.LeftButton, pos=nav.tabRect(3).center())
    qtbot.waitUntil(lambda: window.stack.currentWidget() is window.settings_page)
    assert nav.currentIndex() == 3 and window.settings_page.isVisible()
    window.show_page("Help")
    assert nav.currentIndex() == 4 and window.stack.currentWidget() is window.help


def test_the_wheel_changes_the_page_only_once_the_tabs_have_the_focus(qtbot, make_window):
    """As for a slider or a drop-down: a wheel turned while the pointer passes over the
    tabs changes nothing; clicked (a click gives them the focus) or tabbed to, it does."""
    window = make_window(use_device=False)
    nav = window.nav
    qtbot.waitUntil(lambda: window.page_keys is not None)  # the guard comes with the keys
    window.home.start_button.setFocus()
    qtbot.waitUntil(lambda: not nav.hasFocus())
    wheel_over(nav, -1)
    wheel_over(nav, -1)
    assert nav.currentIndex() == 0 and window.stack.currentWidget() is window.home
    qtbot.mouseClick(nav, Qt.MouseButton.LeftButton, pos=nav.tabRect(2).center())
    assert nav.hasFocus() and nav.currentIndex() == 2
    wheel_over(nav, -1)
    assert nav.currentIndex() == 3
    qtbot.waitUntil(lambda: window.stack.currentWidget() is window.settings_page)


def test_the_therapist_tab_comes_and_goes_with_therapist_mode(qtbot, make_window):
    window = make_window(use_device=False)
    nav = window.nav
    window.show_page("Therapist")  # not shown yet: nothing happens
    assert nav.currentIndex() == 0
    window.settings.set("therapist_mode", True)
    assert names(nav)[-1] == "Therapist" and nav.count() == 6
    qtbot.mouseClick(nav, Qt.MouseButton.LeftButton, pos=nav.tabRect(5).center())
    qtbot.waitUntil(lambda: window.therapist_page is not None
                    and window.stack.currentWidget() is window.therapist_page)
    # Turned off while shown: Settings, where that is done, is shown instead.
    window.settings.set("therapist_mode", False)
    assert names(nav) == ["Home", "Library", "Insights", "Settings", "Help"]
    assert nav.currentIndex() == 3
    assert window.stack.currentWidget() is window.settings_page


@pytest.mark.parametrize("size", [100, 150, 200])
def test_every_page_name_is_whole_in_a_1000_px_window(qtbot, make_window, preset, size):
    """At each text size every tab is as wide as its words, and all six (Therapist too)
    fit a 1000 px window: no scroll buttons."""
    preset(text_size=size, welcome_seen=True, therapist_mode=True)
    window = make_window(use_device=False)
    window.resize(1000, 720)
    wait_settled(window)
    assert window.width() == 1000 and window.nav.count() == 6
    assert cut_tabs(window.nav) == [], size


def test_a_new_text_size_resizes_the_tabs(qtbot, make_window, preset):
    """Changed in Settings while the window is up: the tabs grow with their words and
    still fit (the tab bar sizes them again itself)."""
    preset(welcome_seen=True, therapist_mode=True)
    window = make_window(use_device=False)
    window.resize(1000, 720)
    nav = window.nav
    wait_settled(window)
    before = nav.tabRect(5).width()
    window.settings.set("text_size", 200)
    wait_settled(window)
    qtbot.waitUntil(lambda: nav.tabRect(5).width() > before * 1.5)
    assert cut_tabs(nav) == []


def test_a_narrow_window_scrolls_the_tabs_instead_of_cutting_names(qtbot, make_window,
                                                                    preset):
    preset(text_size=200, welcome_seen=True, therapist_mode=True)
    window = make_window(use_device=False)
    window.resize(520, 720)
    wait_settled(window)
    nav = window.nav
    metrics = nav.fontMetrics()
    assert all(nav.tabRect(i).width() >= metrics.horizontalAdvance(nav.tabText(i))
               for i in range(nav.count()))
    assert len([b for b in nav.findChildren(QToolButton) if b.isVisible()]) == 2
    window.show_page("Therapist")  # the current tab is scrolled into view
    qtbot.waitUntil(lambda: nav.tabRect(5).right() < nav.width())


def pixel(image, x: int, y: int) -> str:
    return image.pixelColor(x, y).name()


@pytest.mark.parametrize("look", ["light", "dark"])
def test_the_page_shown_and_the_focus_are_drawn_in_the_accent(qtbot, make_window, preset,
                                                              look):
    """The current tab has an accent bar under its name; with the keyboard focus on the
    tabs it has an accent ring all round (as every Tab stop does). The other tabs are
    bare words on the bar, whose line sets it off from the page below."""
    colours = THEMES[look]
    preset(theme=look, welcome_seen=True)
    window = make_window(use_device=False)
    nav = window.nav
    window.show_page("Settings")
    find(window, "setting-master-volume").setFocus()
    wait_settled(window)
    qtbot.waitUntil(lambda: not nav.hasFocus())
    image = nav.grab().toImage()
    chosen, other = nav.tabRect(3), nav.tabRect(1)
    # The current tab: the soft accent behind its name, the accent along its foot.
    assert pixel(image, chosen.center().x(), chosen.bottom()) == colours.accent
    assert pixel(image, chosen.center().x(), chosen.top() + 12) == colours.accent_soft
    # No ring while the focus is on the page: its side is the soft accent's, not the ring's.
    side = {pixel(image, x, chosen.center().y()) for x in range(chosen.left(),
                                                                 chosen.left() + 12)}
    assert colours.accent not in side, side
    # Another tab: no edge at all (not the Therapist page's boxed tabs), on the bar.
    row = {pixel(image, x, other.center().y()) for x in range(other.left(), other.right())}
    assert colours.surface in row and colours.control_border not in row
    assert colours.accent not in row and colours.accent_soft not in row
    assert pixel(image, other.center().x(), other.bottom()) in (colours.surface,
                                                                colours.border)
    # The line under the whole bar, past the last tab.
    assert pixel(image, nav.width() - 5, nav.height() - 1) == colours.border
    # Focus on the tabs: the ring.
    nav.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.waitUntil(nav.hasFocus)
    wait_settled(window)
    image = nav.grab().toImage()
    side = {pixel(image, x, chosen.center().y()) for x in range(chosen.left(),
                                                                 chosen.left() + 12)}
    assert colours.accent in side, side
    assert pixel(image, chosen.center().x(), chosen.top() + 7) == colours.accent  # its top
