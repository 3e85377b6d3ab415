"""The session's pages from the keyboard: what Esc does on Before, After and the Summary,
where Back leads, and Enter on a session in the Library.

Esc never throws away or stores anything on its own: on Before it is Back (nothing is
stored yet), on the Summary it is Done (everything is saved), and on After, where Skip
would store the session without the ratings, it only moves focus to Skip.
"""

from __future__ import annotations

from PySide6.QtCore import Qt

from painease.ui.library_page import ID_ROLE
from tests.ui.test_library_choice import click_session, open_library
from tests.ui.test_session_flow import choose_in_library, find, rate, shown


def test_esc_on_before_goes_back_to_the_library_it_came_from(qtbot, make_window,
                                                              short_script):
    window = make_window(use_device=False)
    choose_in_library(qtbot, window, short_script, length_row=1)
    qtbot.waitUntil(lambda: shown(window, "pre-pain"))
    qtbot.keyClick(find(window, "pre-pain"), Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: shown(window, "library-list"))
    assert not window.running and window.store.sessions() == []
    # Back where they were: the session still chosen, focus on Start again.
    assert find(window, "start-session").hasFocus()
    assert window.library.list.currentItem().data(Qt.ItemDataRole.UserRole) == short_script


def test_back_on_before_from_home_goes_home(qtbot, make_window, short_script):
    window = make_window(use_device=False)
    open_library(qtbot, window)
    qtbot.keyClick(window, Qt.Key.Key_1, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: shown(window, "home-start"))
    qtbot.mouseClick(find(window, "home-start"), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: shown(window, "pre-back"))
    qtbot.mouseClick(find(window, "pre-back"), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: shown(window, "home-start"))
    assert window.stack.currentWidget() is window.home


def test_esc_on_after_stores_nothing_and_moves_focus_to_skip_then_esc_on_summary_is_done(
        qtbot, make_window, short_script):
    window = make_window(use_device=False)
    choose_in_library(qtbot, window, short_script, length_row=1)
    rate(qtbot, window, "pre", 5, 5)
    qtbot.keyClick(find(window, "pre-continue"), Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: shown(window, "caption"))
    qtbot.keyClick(find(window, "play-pause"), Qt.Key.Key_Escape)
    qtbot.keyClick(find(window, "keep-going"), Qt.Key.Key_Tab)
    qtbot.keyClick(find(window, "confirm-stop"), Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: shown(window, "post-skip"))

    rate(qtbot, window, "post", 2, 3)
    scale = find(window, "post-fear")
    qtbot.keyClick(scale, Qt.Key.Key_Escape)
    qtbot.wait(50)
    assert window.flow.session.stage.value == "post-rating"  # not skipped, not saved
    assert find(window, "post-skip").hasFocus()
    assert (find(window, "post-pain").value(), find(window, "post-fear").value()) == (2, 3)
    (row,) = window.store.sessions()
    assert set(window.store.ratings(row.id)) == {"pre"}
    qtbot.keyClick(find(window, "post-skip"), Qt.Key.Key_Escape)  # again: still nothing
    assert window.flow.session.stage.value == "post-rating"

    qtbot.keyClick(find(window, "post-continue"), Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: shown(window, "summary"))
    qtbot.keyClick(find(window, "summary"), Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: shown(window, "home-start"))
    assert not window.running
    assert set(window.store.ratings(row.id)) == {"pre", "post"}


def test_enter_on_a_session_in_the_library_starts_it(qtbot, make_window, short_script):
    window = make_window(use_device=False)
    library = open_library(qtbot, window)
    click_session(qtbot, library, short_script)
    library.setFocus()
    qtbot.keyClick(library, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: shown(window, "pre-pain"))
    assert window.flow.session.timeline.script_id == short_script
    assert window.store.sessions() == []  # the Before page: nothing started yet


def test_one_click_on_a_session_only_chooses_it_where_clicks_open_items(qtbot, make_window,
                                                                        short_script):
    """Desktops set to "one click opens" (KDE's option) make Qt activate an item on a single
    click: starting on activation opened the Before page when a person only clicked a
    session to read about it. One click chooses; a double click or Enter starts."""
    from PySide6.QtWidgets import QProxyStyle, QStyle

    class OneClickOpens(QProxyStyle):
        def styleHint(self, hint, *args):  # noqa: N802 - Qt override
            if hint == QStyle.StyleHint.SH_ItemView_ActivateItemOnSingleClick:
                return 1
            return super().styleHint(hint, *args)

    window = make_window(use_device=False)
    library = open_library(qtbot, window)
    style = OneClickOpens("Fusion")
    library.setStyle(style)  # Qt does not own it: the list lets go of it before the end
    try:
        click_session(qtbot, library, short_script)
        qtbot.wait(100)
        assert not window.running
        assert library.currentItem().data(ID_ROLE) == short_script
        row = library.row(library.currentItem())
        qtbot.mouseDClick(library.viewport(), Qt.MouseButton.LeftButton,
                          pos=library.visualItemRect(library.item(row)).center())
        qtbot.waitUntil(lambda: shown(window, "pre-pain"))
        assert window.flow.session.timeline.script_id == short_script
    finally:
        library.setStyle(None)


def test_building_the_after_page_opens_no_window_of_its_own(qtbot, qapp):
    """A label shown before it had a parent flashed up as a window of its own, which took
    the activation from the main window (so its shortcuts, Esc included, stopped)."""
    from PySide6.QtCore import QEvent, QObject

    from painease.ui.rating_page import RatingPage

    opened = []

    class Watch(QObject):
        def eventFilter(self, watched, event) -> bool:  # noqa: N802 - Qt override
            if (event.type() == QEvent.Type.Show and watched.isWidgetType()
                    and watched.isWindow()):
                opened.append(watched.objectName() or type(watched).__name__)
            return False

    watch = Watch()
    qapp.installEventFilter(watch)
    try:
        page = RatingPage("post", title="A session")
        qtbot.addWidget(page)
    finally:
        qapp.removeEventFilter(watch)
    assert opened == []


def test_continue_tells_a_screen_reader_what_it_waits_for(qtbot):
    """The After page's line on what Continue needs changes as the person rates, but it is
    no Tab stop: Continue's own description carries it, so a screen reader hears why the
    button is unavailable. The notes' description says they can be shared by choice."""
    from painease.ui.rating_page import RatingPage, rules_text

    page = RatingPage("post", title="A session")
    qtbot.addWidget(page)
    go = page.go
    assert rules_text(False, False) in go.accessibleDescription()
    page.pain.setValue(4)
    assert rules_text(True, False) in go.accessibleDescription()
    page.fear.setValue(3)
    assert go.isEnabled()
    assert go.accessibleDescription().startswith("Saves your ratings")
    assert "unless you choose" in page.note.accessibleDescription()
