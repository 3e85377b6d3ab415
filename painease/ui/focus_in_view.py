"""Keep the focused control in view (WCAG 2.4.11, Focus Not Obscured).

Qt's own help is narrow: a QScrollArea scrolls to a control reached with Tab, by as little
as it can. It does not follow focus set by the program (a page opening on its first
control), a list's or table's current row moved with the arrow keys, nor a change of text
size; and it lets a tall control (a note box, a chart) show only part of its focus border.

``follow_focus(window)`` hooks, once, ``QApplication.focusChanged``, the window's page
stack and its settings (theme, text size): each time, soon after (once the layouts have
settled), every QScrollArea around the focused control is scrolled so that the control —
or, in a list or a table, its current row — is wholly visible with a small margin; a
control taller than the visible area shows its top. Signal connections only (no event
handler is overridden); this module is imported by the window once the sessions are
ready, never for the first screen.

Main thread only.
"""

from __future__ import annotations

import weakref

from PySide6.QtCore import QRect, QTimer
from PySide6.QtWidgets import QAbstractItemView, QApplication, QScrollArea, QWidget

MARGIN = 8  # px of page shown around the focused control, when there is room
SCROLLED_AWAY = "painease_scrolled_away"  # a scroll area's property: the person scrolled it
_last_focus: weakref.ref | None = None  # the control the focus last went to


def follow_focus(window: QWidget) -> None:
    """Keep whatever has the keyboard focus in ``window`` scrolled into view (idempotent)."""
    if getattr(window, "_follows_focus", False):
        return
    window._follows_focus = True
    app = QApplication.instance()
    if not app.property("painease_follows_focus"):  # once for every window
        app.setProperty("painease_follows_focus", True)
        app.focusChanged.connect(_focus_changed)
    window.stack.currentChanged.connect(lambda _index: _soon(QApplication.focusWidget()))
    window.settings.add_listener(
        lambda key, _value: key in ("theme", "text_size")
        and _soon(QApplication.focusWidget()))


def _focus_changed(_old: QWidget | None, new: QWidget | None) -> None:
    """The focus went to ``new``: a move, unless it is the control that had it last
    coming back (the window active again), which leaves a page the person scrolled."""
    global _last_focus
    if new is None:
        return
    back = _last_focus is not None and _last_focus() is new
    _last_focus = weakref.ref(new)
    _soon(new, moved=not back)


def _soon(widget: QWidget | None, moved: bool = True) -> None:
    """Bring ``widget`` into view once pending layouts have run (a page that has just
    opened, or a new text size, has not got its final geometry yet); should the page's
    content change size after that, ``_watch_size`` calls this again (``moved`` False).
    A move of the focus (``moved``) follows it even where the person had scrolled away."""
    if widget is None:
        return
    if isinstance(widget, QAbstractItemView):
        _watch_current(widget)
    for area in _areas(widget):
        _watch_size(area)
        if moved:
            area.setProperty(SCROLLED_AWAY, False)
    QTimer.singleShot(0, widget, lambda: _if_focused(widget, moved))


def _if_focused(widget: QWidget, moved: bool) -> None:
    """Bring ``widget`` into view if it still has the focus, and (when the focus did not
    move) if the person has not scrolled away since this was asked for."""
    if QApplication.focusWidget() is not widget:
        return
    if moved or not any(area.property(SCROLLED_AWAY) for area in _areas(widget)):
        bring_into_view(widget)


def _watch_current(view: QAbstractItemView) -> None:
    """Follow the current row of ``view`` as the arrow keys move it (no focus change)."""
    model = view.selectionModel()
    if model is None or model.property("painease_followed"):
        return
    model.setProperty("painease_followed", True)
    model.currentChanged.connect(lambda *_: _soon(view) if view.hasFocus() else None)


def _watch_size(area: QScrollArea) -> None:
    """Follow the focus again when the page's content changes size (a caption grows
    above the focused Pause button, a chart is built): the scroll range changes. Not
    once the person has scrolled the page themselves (the wheel, the scroll bar, Page
    Down: the bar's ``actionTriggered``, which setting its value from here does not
    emit): reading the transcript during a session, they are not pulled back to Pause at
    every new caption. Their next move of the focus follows it again (``_soon``)."""
    bar = area.verticalScrollBar()
    if bar.property("painease_followed"):
        return
    bar.setProperty("painease_followed", True)
    bar.actionTriggered.connect(lambda _action: area.setProperty(SCROLLED_AWAY, True))
    bar.rangeChanged.connect(lambda *_: None if area.property(SCROLLED_AWAY)
                             else _soon(QApplication.focusWidget(), moved=False))


def _areas(widget: QWidget) -> list[QScrollArea]:
    """The QScrollAreas whose content holds ``widget``, innermost first."""
    found, owner, parent = [], widget, widget.parentWidget()
    while parent is not None and not parent.isWindow():
        if isinstance(parent, QScrollArea) and parent.widget() is not None \
                and parent.widget().isAncestorOf(owner):
            found.append(parent)
            owner = parent
        parent = parent.parentWidget()
    return found


def focus_rect(widget: QWidget) -> QRect:
    """What of ``widget`` must be seen, in its own coordinates: the whole widget, or for a
    list or table with a current item, that item's rectangle (within the view's visible
    part)."""
    whole = widget.rect()
    if isinstance(widget, QAbstractItemView):
        index = widget.currentIndex()
        if index.isValid():
            item = widget.visualRect(index)
            if not item.isEmpty():
                port = widget.viewport()
                item = item.intersected(port.rect())
                if not item.isEmpty():
                    return QRect(port.mapTo(widget, item.topLeft()), item.size())
    return whole


def bring_into_view(widget: QWidget) -> None:
    """Scroll every QScrollArea around ``widget``, innermost first, to show ``widget``
    whole when it fits, and then (for a list or table) its current item."""
    _show(widget, widget.rect(), fits_only=True)
    _show(widget, focus_rect(widget))


def show_unfocused(widget: QWidget) -> None:
    """Scroll ``widget`` (not the focused control: a notice just shown, the damaged-clip
    banner) into view as if the person had scrolled there: the page stays there as it
    grows, not pulled back to the focused control, until the focus next moves."""
    for area in _areas(widget):
        area.setProperty(SCROLLED_AWAY, True)
    bring_into_view(widget)


def _show(widget: QWidget, rect: QRect, fits_only: bool = False) -> None:
    owner: QWidget = widget
    for area in _areas(widget):
        content, port = area.widget(), area.viewport()
        if fits_only and rect.height() > port.height():
            return  # a list taller than the page: its current item is enough
        rect = QRect(owner.mapTo(content, rect.topLeft()), rect.size())
        _scroll_to(area, rect)
        seen = QRect(content.mapTo(port, rect.topLeft()), rect.size())
        rect = seen.intersected(port.rect())
        if rect.isEmpty():
            return
        owner = port


def _scroll_to(area: QScrollArea, rect: QRect) -> None:
    """Scroll ``area`` so ``rect`` (in its content's coordinates) is inside its viewport."""
    port = area.viewport()
    offset = area.widget().pos()  # the content's place in the viewport
    for bar, start, length, seen in (
            (area.verticalScrollBar(), rect.top() + offset.y() + area.verticalScrollBar()
             .value(), rect.height(), port.height()),
            (area.horizontalScrollBar(), rect.left() + offset.x() + area
             .horizontalScrollBar().value(), rect.width(), port.width())):
        value = bar.value()
        margin = MARGIN if length + 2 * MARGIN <= seen else max(0, (seen - length) // 2)
        if length > seen or start - margin < value:
            value = start - margin  # its top (left) first
        elif start + length + margin > value + seen:
            value = start + length + margin - seen
        bar.setValue(max(bar.minimum(), min(bar.maximum(), value)))

