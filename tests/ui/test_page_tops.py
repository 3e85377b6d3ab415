"""Every page's content starts at the same distance below the page's top edge
(``widgets.PAGE_TOP``): the patient pages (Home, Library, Insights, Settings, Help, and a
session's Before, player, After and Summary), the Therapist page's tab bar, and each
Therapist tab's content below the tab's own top. Once the Library's title sat 4 px higher
than the others', and the Outcomes tab's 4 px higher than the other tabs'. The Therapist
tabs' content also starts as far from each tab's left edge (the Outcomes tab's sat 4 px
further left), and their columns end as far above its bottom edge (the Outcomes tab's 4 px
lower). Real window, offscreen, light theme, at 100 % and 200 % text."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSlider,
    QAbstractSpinBox,
    QComboBox,
    QFrame,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QScrollBar,
    QTabBar,
    QWidget,
)

from painease.ui.widgets import PAGE_TOP
from tests.ui.test_session_flow import find, rate, shown

CONTENT = (QLabel, QAbstractButton, QComboBox, QAbstractSlider, QAbstractSpinBox, QLineEdit,
           QPlainTextEdit, QAbstractItemView, QTabBar)


def first_content(page: QWidget, left: bool = False) -> tuple[int, str]:
    """The top (in ``page``'s coordinates) of the highest visible thing a person sees on
    ``page``: a label, a control, or a card (a frame with a role); containers, scroll
    areas and their scroll bars do not count. With what it is, for the message. With
    ``left``: the left edge of the leftmost instead."""
    found = []
    for widget in page.findChildren(QWidget):
        if not widget.isVisible() or isinstance(widget, QScrollBar) \
                or widget.window() is not page.window():
            continue
        if isinstance(widget, CONTENT) or (isinstance(widget, QFrame)
                                           and widget.property("role")):
            corner = widget.mapTo(page, widget.rect().topLeft())
            text = widget.text() if isinstance(widget, QLabel | QAbstractButton) else ""
            found.append((corner.x() if left else corner.y(),
                          f"{type(widget).__name__} {widget.objectName()!r} {text[:30]!r}"))
    assert found, "nothing shown on the page"
    return min(found)


def bottom_gap(page: QWidget) -> int:
    """How far above ``page``'s bottom edge its columns (``ColumnArea``s) end."""
    from painease.ui.therapist.forms import ColumnArea

    ends = [area.mapTo(page, area.rect().bottomLeft()).y() + 1
            for area in page.findChildren(ColumnArea) if area.isVisible()]
    assert ends, "no column on the page"
    return page.height() - max(ends)


def at_page_top(qtbot, page: QWidget, where: str) -> None:
    try:
        qtbot.waitUntil(lambda: first_content(page)[0] == PAGE_TOP, timeout=3000)
    except qtbot.TimeoutError:
        top, what = first_content(page)
        raise AssertionError(f"{where}: {what} starts {top} px down, not {PAGE_TOP}") \
            from None


@pytest.mark.parametrize("text_size", [100, 200])
def test_every_page_starts_its_content_at_the_same_distance_from_the_top(
        qtbot, make_window, preset, short_script, text_size):
    preset(theme="light", text_size=text_size, live_rating=True, therapist_mode=True)
    window = make_window(use_device=False)
    window.resize(1000, 720)
    for name in ("Home", "Library", "Insights", "Settings", "Help"):
        window.show_page(name)
        qtbot.waitUntil(lambda name=name: window.page(name).isVisible())
        at_page_top(qtbot, window.stack.currentWidget(), name)

    window.show_page("Therapist")
    workspace = window.therapist()
    qtbot.waitUntil(workspace.isVisible)
    at_page_top(qtbot, workspace, "Therapist tab bar")
    lefts, bottoms = {}, {}
    for index, tab in enumerate(("Scripts", "Sets", "Patients", "Outcomes")):
        workspace.show_tab(tab)
        page = workspace.tabs.widget(index)  # the tab's own page, under the bar
        qtbot.waitUntil(page.isVisible)
        at_page_top(qtbot, page, f"Therapist tab {tab}")
        lefts[tab] = first_content(page, left=True)
        bottoms[tab] = bottom_gap(page)
    # And as far from the tab's left edge (the Outcomes tab's once sat 4 px further left),
    # and from its bottom edge (the Outcomes tab's once ended 4 px lower).
    assert len({left for left, _ in lefts.values()}) == 1, lefts
    assert len(set(bottoms.values())) == 1, bottoms

    window.show_page("Library")
    library = find(window, "library-list")
    qtbot.waitUntil(library.isVisible)
    row = next(r for r in range(library.count())
               if library.item(r).data(Qt.ItemDataRole.UserRole) == short_script)
    library.setCurrentRow(row)
    qtbot.mouseClick(find(window, "start-session"), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: shown(window, "pre-pain"))
    at_page_top(qtbot, window.stack.currentWidget(), "Before")
    rate(qtbot, window, "pre", 6, 7)
    qtbot.keyClick(find(window, "pre-continue"), Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: shown(window, "caption"))
    at_page_top(qtbot, window.stack.currentWidget(), "Player")
    qtbot.keyClick(find(window, "play-pause"), Qt.Key.Key_Escape)
    qtbot.keyClick(find(window, "confirm-stop"), Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: shown(window, "post-skip"))
    at_page_top(qtbot, window.stack.currentWidget(), "After")
    rate(qtbot, window, "post", 3, 4)
    qtbot.keyClick(find(window, "post-continue"), Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: shown(window, "summary"))
    at_page_top(qtbot, window.stack.currentWidget(), "Summary")


def text_left(widget: QLabel, page: QWidget) -> int:
    """Where ``widget``'s text starts, in ``page``'s coordinates: inside its frame (a label
    Tab reaches keeps 2px clear for its focus ring) and margins, and its indent (QLabel's
    own, half an "x", for a label with a frame that sets none)."""
    indent = widget.indent()
    if indent < 0:
        indent = widget.fontMetrics().horizontalAdvance("x") // 2 if widget.frameWidth() else 0
    inside = widget.contentsRect().left() + widget.margin() + indent
    return widget.mapTo(page, widget.rect().topLeft()).x() + inside


@pytest.mark.parametrize("text_size", [100, 200])
def test_the_patients_set_lines_start_at_one_left_edge(qtbot, clinic, text_size):
    """The patient's lines start their text at one left edge: the heading, the name their
    results give, the muted note (sessions imported), the set line, the counting rule
    under it and the last-session line. The lines Tab reaches keep 2 px clear for their
    focus ring; the muted rule, and later the heading and the note (none a Tab stop, so
    no ring's room), sat 2 px left of them."""
    from PySide6.QtWidgets import QApplication

    from painease.ui.theme import apply_theme
    from tests.packs.conftest import make_program
    from tests.ui.clinic import patient_insights
    from tests.ui.settled import wait_settled

    results = clinic.patient("Sam", make_program(), [(2, (6, 6), (4, 4))], linked=1)
    apply_theme(QApplication.instance(), "light", text_size)  # undone after the test
    with clinic.own_store() as own:
        page, _ = patient_insights(qtbot, own, results, size=(1000, 760))
        assert page.rename(page.current_key(), "Sam B")  # so their results' name shows
        wait_settled(page)
        progress = page.progress
        assert progress.rule.isVisible() and page.sent_note.isVisible()
        lines = (page.heading, page.sent_note, page.note, progress.set_label, progress.rule,
                 progress.last_label)
        assert all(line.isVisible() and line.text() for line in lines)
        lefts = {line.objectName(): text_left(line, page) for line in lines}
        page.close()
    assert len(set(lefts.values())) == 1, lefts
