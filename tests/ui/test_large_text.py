"""At 200 % text the session pages still show everything: nothing squeezed or clipped.

Checked on real widgets after layout: every word-wrapped label gets at least the height
its text needs at its width, the 0–10 buttons stay inside their scale and above its anchor
labels, and the player scrolls instead of shrinking its caption and banner.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractButton, QLabel, QScrollArea, QWidget

from painease.ui.library_page import SHOWN_ROWS
from tests.ui.settled import wait_settled
from tests.ui.test_page_tabs import cut_tabs
from tests.ui.test_session_flow import choose_in_library, find, shown


def squeezed_labels(root: QWidget) -> list[str]:
    return [f"{label.text()[:40]!r}: {label.height()} < {label.heightForWidth(label.width())}"
            for label in root.findChildren(QLabel)
            if label.isVisible() and label.wordWrap() and label.text()
            and label.height() < label.heightForWidth(label.width())]


def check_scale(scale: QWidget) -> None:
    buttons = [b for b in scale.findChildren(QAbstractButton)]
    assert len(buttons) == 11
    bottom = max(b.geometry().bottom() for b in buttons)
    for button in buttons:
        assert scale.rect().contains(button.geometry()), f"button {button.text()} sticks out"
    for anchor in scale.findChildren(QLabel):
        if anchor.property("role") == "muted":  # the anchors sit under the buttons
            assert anchor.geometry().top() > bottom, f"{anchor.text()!r} overlaps the buttons"


def test_before_and_player_pages_fit_at_double_text_size(qtbot, make_window, preset,
                                                        short_script):
    preset(text_size=200, welcome_seen=True)
    window = make_window(use_device=False)
    window.resize(1000, 720)
    choose_in_library(qtbot, window, short_script)
    qtbot.waitUntil(lambda: shown(window, "pre-pain"))
    wait_settled(window)
    for name in ("pre-pain", "pre-fear"):
        check_scale(find(window, name))
    assert squeezed_labels(window.flow.stack.currentWidget()) == []

    find(window, "pre-pain").setValue(4)
    find(window, "pre-fear").setValue(3)
    find(window, "pre-continue").click()
    qtbot.waitUntil(lambda: shown(window, "audio-banner"))
    wait_settled(window)
    player = window.flow.stack.currentWidget()
    assert squeezed_labels(player) == []
    area = player.findChild(QScrollArea)
    assert area is not None and area.verticalScrollBar().maximum() > 0  # it scrolls
    window.close_flow()


def test_the_page_tabs_are_whole_at_any_text_size(qtbot, make_window, preset):
    """Every page name whole (each tab at least as wide as its words), and all the tabs
    fit a 1000 px window: no scroll buttons."""
    for size in (100, 150, 200):
        preset(text_size=size, welcome_seen=True)
        window = make_window(use_device=False)
        window.resize(1000, 720)
        wait_settled(window)
        assert window.width() == 1000 and window.nav.count() == 5
        assert cut_tabs(window.nav) == [], size


def cut_items(view) -> list[str]:
    """Items whose text, wrapped at the width it is painted in, needs more height than
    the item has (Qt then ends it with "…")."""
    from PySide6.QtCore import QRect, Qt
    from PySide6.QtWidgets import QStyle

    from painease.ui.theme import ITEM_PADDING

    margin = view.style().pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin, None, view) + 1
    metrics, cut = view.fontMetrics(), []
    for row in range(view.count()):
        item = view.item(row)
        rect = view.visualItemRect(item)
        width = rect.width() - 2 * ITEM_PADDING - 2 * margin
        need = metrics.boundingRect(QRect(0, 0, width, 1_000_000),
                                    Qt.TextFlag.TextWordWrap.value, item.text()).height()
        if need > rect.height() - 2 * ITEM_PADDING or rect.width() > view.viewport().width():
            cut.append(f"{item.text()!r}: needs {need} px, has {rect.height()}")
    return cut


def open_library(qtbot, make_window, preset, text_size: int):
    preset(text_size=text_size, welcome_seen=True)
    window = make_window(use_device=False)
    window.resize(1000, 720)
    window.show_page("Library")
    view = window.library.list
    qtbot.waitUntil(lambda: view.count() > 0)
    wait_settled(window)  # the items are sized once the list has its width
    return window, view


def test_library_titles_are_never_cut_at_double_text_size(qtbot, make_window, preset):
    window, view = open_library(qtbot, make_window, preset, 200)
    assert cut_items(view) == []
    window.resize(window.width() + 200, 720)  # wider: fewer lines each, still none cut
    wait_settled(window)
    assert cut_items(view) == []


def test_library_items_refit_when_the_text_size_changes(qtbot, make_window, preset):
    window, view = open_library(qtbot, make_window, preset, 100)
    window.settings.set("text_size", 200)  # Settings' text size, on the running window
    wait_settled(window)
    assert cut_items(view) == []


# A window as narrow as the page was in a 720 px one, beside the page list the window had
# at its left before its pages became tabs along the top (190 px at 200 %).
NARROW = 720 - 190


def fully_shown(widget: QWidget) -> bool:
    """Visible and not cut by a scroll area or the window's edge."""
    return widget.isVisible() and widget.visibleRegion().boundingRect() == widget.rect()


def test_the_library_fits_the_usual_window_at_double_text_size(qtbot, make_window, preset):
    """At 200 % the Library once widened the window to 1105 px (its filter, its details and
    the Start row side by side, none able to shrink). Now the window keeps its 1000 px: the
    columns stay side by side, neither scrolls sideways, the filter shows its longest entry
    and the length and Start are in sight however long the details. In a narrower window
    the details go under the list, and Start is still in sight."""
    window, view = open_library(qtbot, make_window, preset, 200)
    page = window.library
    assert window.width() == 1000
    assert not page.columns.stacked
    for area in (page.columns.first_area, page.columns.second_area):
        assert area.horizontalScrollBar().maximum() == 0
    assert page.kind.width() >= page.kind.sizeHint().width()
    for widget in (page.kind, page.length, page.start):
        assert fully_shown(widget), widget.objectName()
    assert cut_items(view) == []

    window.resize(NARROW, 720)
    qtbot.waitUntil(lambda: page.columns.stacked)
    wait_settled(window)
    assert window.width() == NARROW
    assert page.columns.first_area.horizontalScrollBar().maximum() == 0
    for widget in (page.length, page.start):
        assert fully_shown(widget), widget.objectName()


def test_the_stacked_library_shows_five_sessions_at_double_text_size(qtbot, make_window,
                                                                     preset):
    """With the details under the list (a narrow window), the list once kept Qt's default
    height: two sessions at 200 % text. It now shows the first five whole, itself in sight
    at the top of the page."""
    window, view = open_library(qtbot, make_window, preset, 200)
    page = window.library
    # The page as tall as a 720 px window left it before the page tabs took its top (at
    # 200 % they take 64 px; the list's foot was then 4 px below the page's).
    window.resize(NARROW, 720 + window.nav.height())
    qtbot.waitUntil(lambda: page.columns.stacked)
    wait_settled(window)
    assert view.count() > SHOWN_ROWS
    shown_rows = [row for row in range(view.count())
                  if view.viewport().rect().contains(view.visualItemRect(view.item(row)))]
    assert shown_rows[:SHOWN_ROWS] == list(range(SHOWN_ROWS))
    assert fully_shown(view)
    assert cut_items(view) == []


def content_wider_than_page(page: QWidget) -> int:
    """How many pixels a scrolling page's content is wider than its viewport (those pages
    never scroll sideways, so anything past the edge is cut off)."""
    area = page.findChild(QScrollArea)
    return area.widget().width() - area.viewport().width()


def test_home_and_settings_fit_a_small_window_at_double_text_size(qtbot, make_window, preset):
    # Once, the therapist card's two buttons and the Settings tick boxes (whose own text
    # never wraps) made both pages 220 pixels wider than an 800 x 600 window at 200 %:
    # card edges, words and the sliders' handles were cut off on the right. (Then the page
    # list at the window's left took 190 px of it: 610 px is what those pages had.)
    preset(text_size=200)
    window = make_window(use_device=False)
    for size in ((1000, 720), (800, 600), (610, 600)):
        window.resize(*size)
        for page in ("Home", "Settings"):
            window.show_page(page)
            wait_settled(window)
            shown_page = window.stack.currentWidget()
            assert content_wider_than_page(shown_page) <= 0, (size, page)
            assert squeezed_labels(shown_page) == [], (size, page)
    # The suggestion's two buttons went onto two lines, Start still at the right.
    browse, start = find(window, "home-browse"), find(window, "home-start")
    window.show_page("Home")
    wait_settled(window)
    assert start.geometry().top() > browse.geometry().bottom()
    assert start.geometry().right() > browse.geometry().right()
    # A click on a tick box's title ticks it, as a tick box's own text would.
    window.show_page("Settings")
    live = find(window, "setting-live-rating")
    title = live.parentWidget().title
    qtbot.mouseClick(title, Qt.MouseButton.LeftButton)
    assert live.isChecked() and window.settings.get("live_rating") is True
