"""At 200 % text on a 20 pt desktop (about 40 pt body text), in the window's default
1000 × 720 size with the Therapist workspace turned on (its tab among the page tabs),
with six months of demo sessions: Insights, the Library and the Therapist's
script editor wrap to the room they have; none of their scroll areas scrolls sideways.

Found by an accessibility probe: Insights scrolled 21 px sideways (its Period row did not
wrap), its table of scripts 1 px, the Library's column 4 px and the script editor's
column 2 px.

The Therapist's tabs fit a 1280-px laptop there too: the window's narrowest was 1278 px
(the page list, then beside the pages, 332 px wide beside the Scripts tab's step form,
whose "Played from" box with its words "minutes or longer" inside it and its row of two
buttons did not wrap).
"""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QAbstractScrollArea, QScrollArea, QWidget

from painease.demo import write_demo_profile
from painease.ui import theme
from tests.ui.insights_view import open_insights
from tests.ui.settled import wait_settled


@pytest.fixture
def big_demo_window(make_window, preset, painease_home, monkeypatch):
    monkeypatch.setattr(theme, "_desktop_points", 20.0)  # as test_big_desktop_font
    write_demo_profile(painease_home)
    preset(text_size=200, therapist_mode=True, welcome_seen=True)
    window = make_window(use_device=False)
    window.resize(1000, 720)
    wait_settled(window)
    return window


def sideways(page: QWidget) -> list[str]:
    """The page's visible scroll areas that scroll sideways, and by how much."""
    return [f"{type(area).__name__} {area.objectName() or area.accessibleName()!r}: "
            f"{area.horizontalScrollBar().maximum()} px"
            for area in page.findChildren(QAbstractScrollArea)
            if area.isVisible() and area.horizontalScrollBar().maximum() > 0]


def test_insights_does_not_scroll_sideways(qtbot, big_demo_window):
    window = big_demo_window
    view = open_insights(qtbot, window)
    wait_settled(window)
    assert view.isVisible()
    area = window.insights.findChild(QScrollArea)
    assert area.horizontalScrollBar().maximum() == 0


def test_the_insights_table_of_scripts_does_not_scroll_sideways(qtbot, big_demo_window):
    # Stacked at this size, its number columns were 2 px wider than the table.
    window = big_demo_window
    open_insights(qtbot, window)
    wait_settled(window)
    table = window.insights.findChild(QAbstractScrollArea, "by-script-table")
    qtbot.waitUntil(lambda: table.isVisible() and table.rowCount() > 0, timeout=10000)
    wait_settled(window)
    assert table.stacked  # the layout this size leads to
    assert table.horizontalScrollBar().maximum() == 0


def test_the_library_does_not_scroll_sideways(qtbot, big_demo_window):
    window = big_demo_window
    window.show_page("Library")
    wait_settled(window)
    assert window.library.isVisible()
    assert sideways(window.library) == []


def test_the_script_editor_does_not_scroll_sideways(qtbot, big_demo_window):
    window = big_demo_window
    window.show_page("Therapist")
    qtbot.waitUntil(lambda: window.therapist_page is not None
                    and window.therapist_page.isVisible())
    editor = window.therapist_page.show_tab("Scripts")
    wait_settled(window)
    assert editor.isVisible()
    assert sideways(editor) == []


def test_the_therapist_tabs_fit_a_laptop_screen(qtbot, big_demo_window):
    window = big_demo_window
    window.show_page("Therapist")
    qtbot.waitUntil(lambda: window.therapist_page is not None
                    and window.therapist_page.isVisible())
    for tab in ("Scripts", "Sets"):  # the widest tabs; the others are built as they open
        page = window.therapist_page.show_tab(tab)
        wait_settled(window)
        assert page.isVisible()
    # A 1280-px laptop screen with room for the window's frame.
    assert window.minimumSizeHint().width() <= 1200
