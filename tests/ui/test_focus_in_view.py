"""The page scrolls to what has the keyboard focus (WCAG 2.4.11, Focus Not Obscured).

Dark theme, 200 % text, an 800×600 window, keys only: after every key below, the focused
control (in a list or a table, its current row) lies wholly inside every scroll area around
it; a control taller than the visible area shows its top and fills the view.
"""

from __future__ import annotations

from PySide6.QtCore import QRect, Qt
from PySide6.QtWidgets import QAbstractItemView, QApplication, QScrollArea, QWidget

from tests.ui.test_session_flow import find, rate, shown

CTRL = Qt.KeyboardModifier.ControlModifier


def hidden_part(widget: QWidget) -> str:
    """'' when the focused part of ``widget`` is in sight, else what is out of sight."""
    rect = widget.rect()
    owner = widget
    if isinstance(widget, QAbstractItemView) and widget.currentIndex().isValid():
        port = widget.viewport()
        item = widget.visualRect(widget.currentIndex()).intersected(port.rect())
        assert not item.isEmpty(), "the list did not scroll to its own current row"
        rect, owner = item, port
    parent = owner.parentWidget()
    while parent is not None and not parent.isWindow():
        if isinstance(parent, QScrollArea) and parent.widget().isAncestorOf(owner):
            port = parent.viewport()
            seen = QRect(owner.mapTo(port, rect.topLeft()), rect.size())
            whole = port.rect()
            if seen.height() <= whole.height():
                if not whole.contains(seen):
                    return f"{seen.getRect()} not inside {whole.getRect()}"
            elif seen.top() < 0 or seen.bottom() < whole.bottom():
                return f"tall {seen.getRect()} does not show its top in {whole.getRect()}"
            rect, owner = seen.intersected(whole), port
        parent = parent.parentWidget()
    return ""


def in_sight(qtbot, widget: QWidget | None = None) -> QWidget:
    """Wait for the page to follow, then check; returns the focused widget."""
    widget = widget or QApplication.focusWidget()
    assert widget is not None
    try:
        qtbot.waitUntil(lambda: hidden_part(widget) == "", timeout=1500)
    except qtbot.TimeoutError:
        raise AssertionError(f"{widget.objectName()}: {hidden_part(widget)}") from None
    return widget


def tab_to(qtbot, window, name: str, limit: int = 40) -> QWidget:
    for _ in range(limit):
        focused = QApplication.focusWidget()
        if focused is not None and focused.objectName() == name:
            return focused
        qtbot.keyClick(focused or window, Qt.Key.Key_Tab)
    raise AssertionError(f"Tab never reached {name}")


def big_window(make_window, preset):
    preset(theme="dark", text_size=200, live_rating=True)
    window = make_window(use_device=False)
    window.resize(800, 600)
    return window


def page_of(widget: QWidget) -> QScrollArea:
    area = widget.parentWidget()
    while not isinstance(area, QScrollArea):
        area = area.parentWidget()
    return area


def test_arrow_keys_in_the_library_list_bring_the_chosen_session_into_sight(
        qtbot, make_window, preset):
    """The page around the list follows its current row, also after the page was
    scrolled away (the wheel turned over it)."""
    window = big_window(make_window, preset)
    window.resize(610, 600)  # as an 800 px window left it beside the page list of before:
    qtbot.keyClick(window, Qt.Key.Key_2, CTRL)  # the details under the list, one page
    qtbot.waitUntil(lambda: shown(window, "library-list"))
    library = tab_to(qtbot, window, "library-list")
    in_sight(qtbot, library)
    bar = page_of(library).verticalScrollBar()
    assert bar.maximum() > 0  # the page scrolls at 200 % text
    bar.setValue(bar.maximum())
    qtbot.keyClick(library, Qt.Key.Key_Home)
    in_sight(qtbot, library)
    bar.setValue(0)
    qtbot.keyClick(library, Qt.Key.Key_End)
    in_sight(qtbot, library)
    for _ in range(library.count() - 1):
        bar.setValue(0 if bar.value() else bar.maximum())
        qtbot.keyClick(library, Qt.Key.Key_Up)
        in_sight(qtbot, library)
    assert library.currentRow() == 0


def test_player_after_and_summary_open_with_focus_in_sight(qtbot, make_window, preset,
                                                           short_script):
    window = big_window(make_window, preset)
    qtbot.keyClick(window, Qt.Key.Key_2, CTRL)
    qtbot.waitUntil(lambda: shown(window, "library-list"))
    library = find(window, "library-list")
    library.setFocus()
    row = next(r for r in range(library.count())
               if library.item(r).data(Qt.ItemDataRole.UserRole) == short_script)
    library.setCurrentRow(row)
    find(window, "length-choice").setCurrentIndex(1)
    qtbot.keyClick(library, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: shown(window, "pre-pain"))
    rate(qtbot, window, "pre", 6, 7)
    qtbot.keyClick(find(window, "pre-continue"), Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: shown(window, "caption"))

    play = find(window, "play-pause")
    assert play.hasFocus()
    in_sight(qtbot, play)  # as the player opens, before any key
    qtbot.keyClick(play, Qt.Key.Key_Space)  # paused
    in_sight(qtbot, play)
    qtbot.keyClick(play, Qt.Key.Key_Right)
    in_sight(qtbot, play)
    # Scrolled away by the person (as the wheel or the scroll bar does), the page stays
    # where they put it when its content changes size (a new caption), until the focus
    # moves again.
    bar = page_of(play).verticalScrollBar()
    bar.triggerAction(bar.SliderAction.SliderToMinimum)
    assert bar.value() == 0 and hidden_part(play)
    caption = find(window, "caption")
    caption.setText(caption.text() + " A longer line, to make the page grow." * 6)
    qtbot.waitUntil(lambda: bar.maximum() > 0)
    qtbot.wait(200)
    assert bar.value() == 0
    qtbot.keyClick(play, Qt.Key.Key_Tab)
    in_sight(qtbot)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Backtab)
    assert play.hasFocus()
    in_sight(qtbot, play)

    qtbot.keyClick(play, Qt.Key.Key_Escape)
    qtbot.keyClick(find(window, "keep-going"), Qt.Key.Key_Tab)
    qtbot.keyClick(find(window, "confirm-stop"), Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: shown(window, "post-skip"))
    in_sight(qtbot)
    in_sight(qtbot, tab_to(qtbot, window, "post-note"))  # the whole box, border and all
    rate(qtbot, window, "post", 3, 4)
    qtbot.keyClick(find(window, "post-continue"), Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: shown(window, "summary"))
    in_sight(qtbot)  # the summary, opened with focus on its text
    for _ in range(6):
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        in_sight(qtbot)

    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Escape)  # Done
    qtbot.waitUntil(lambda: not window.running)
    qtbot.keyClick(window, Qt.Key.Key_3, CTRL)
    qtbot.waitUntil(lambda: shown(window, "by-script-table"), timeout=10000)
    table = tab_to(qtbot, window, "by-script-table")
    in_sight(qtbot, table)
    for _ in range(12):  # the charts, each taller than the view at 200 %, and the rest
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Backtab)
        in_sight(qtbot)


def test_changing_the_text_size_with_the_keys_keeps_its_box_in_sight(
        qtbot, make_window, preset):
    window = big_window(make_window, preset)
    qtbot.keyClick(window, Qt.Key.Key_4, CTRL)
    qtbot.waitUntil(lambda: shown(window, "setting-text-size"))
    size = tab_to(qtbot, window, "setting-text-size")
    in_sight(qtbot, size)
    for key in (Qt.Key.Key_Up, Qt.Key.Key_Down):
        qtbot.keyClick(size, key)
        qtbot.wait(100)
        in_sight(qtbot, size)
    assert window.settings.get("text_size") == 200


def tab_through(qtbot, page: QWidget, key=Qt.Key.Key_Tab, times: int = 12) -> set[str]:
    """Press ``key`` ``times`` times, checking after each that the focused control is in
    sight (a tall one: its top); the names of the controls the focus went to on ``page``."""
    visited = set()
    for _ in range(times):
        qtbot.keyClick(QApplication.focusWidget(), key)
        focused = in_sight(qtbot)
        if page.isAncestorOf(focused):
            visited.add(focused.objectName())
    return visited


def test_tab_through_the_rating_pages_and_a_summary_taller_than_the_view(
        qtbot, make_window, preset, short_script):
    """At 200 % text in a window 450 px tall each rating scale fills most of the view and
    the Summary's result is taller than it: Qt's own help scrolls a control reached with Tab
    by as little as it can, and centres one taller than the view (the result's first line
    hidden above). Tab and Shift+Tab on Before, After and the Summary show each control
    whole, or a tall one from its top."""
    window = big_window(make_window, preset)
    window.resize(800, 450)
    qtbot.keyClick(window, Qt.Key.Key_2, CTRL)
    library = find(window, "library-list")
    qtbot.waitUntil(library.isVisible)
    library.setCurrentRow(next(r for r in range(library.count()) if library.item(r).data(
        Qt.ItemDataRole.UserRole) == short_script))
    qtbot.keyClick(library, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: shown(window, "pre-pain"))
    before = window.stack.currentWidget()
    for key in (Qt.Key.Key_Tab, Qt.Key.Key_Backtab):
        assert {"pre-pain", "pre-fear", "pre-note"} <= tab_through(qtbot, before, key)
    rate(qtbot, window, "pre", 6, 7)
    qtbot.keyClick(find(window, "pre-continue"), Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: shown(window, "caption"))
    qtbot.keyClick(find(window, "play-pause"), Qt.Key.Key_Escape)
    qtbot.keyClick(find(window, "confirm-stop"), Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: shown(window, "post-skip"))
    after = window.stack.currentWidget()
    for key in (Qt.Key.Key_Tab, Qt.Key.Key_Backtab):
        assert {"post-pain", "post-fear", "post-note"} <= tab_through(qtbot, after, key)
    rate(qtbot, window, "post", 3, 4)
    qtbot.keyClick(find(window, "post-continue"), Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: shown(window, "summary"))
    summary = find(window, "summary")
    assert summary.height() > page_of(summary).viewport().height()  # the tall case
    for key in (Qt.Key.Key_Tab, Qt.Key.Key_Backtab):
        assert {"summary", "summary-done"} <= tab_through(qtbot, window.stack.currentWidget(),
                                                          key, times=6)
