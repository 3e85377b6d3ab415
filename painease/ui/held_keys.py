"""``one_press``: a key held down on a control that changes the page is one press, and its
auto-repeat does not press what has the focus on the page that comes next.

Enter and Return press a focused button on every press they get, repeats too (the app's
buttons take Enter: ``widgets.button``), and the Library's list starts its session on
Enter. A keyboard repeats a held key after about half a second, by which time the first
press has changed the page: a patient holding Enter (a tremor, a slow release) on Before's
Back was sent straight into the same session's Before page again, on Before's Continue
paused the session it had just started, on the player's End session saw the question
answered "Keep going" at once. Qt's buttons already take a held Space as one press.

The session flow applies it to each page it shows (``SessionFlow._show``), and the window
to the page a session returns to (``window_in_use.session_over``): the buttons and lists
there take no auto-repeated Enter, Return or Space. A fresh press works at once; the
rating scales and the player's shortcuts keep their own rules (``rating_scale``,
``player_page``). A dialog a held key opens takes none of its repeats either
(``held_dialogs``).

Main thread only.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QAbstractButton, QAbstractItemView, QWidget

from painease.ui.player_keys import PRESS_KEYS

_filter: OnePress | None = None  # one shared event filter, made at first use


class OnePress(QObject):
    """Event filter: an auto-repeated Enter, Return or Space press is dropped."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt
        if (event.type() is QEvent.Type.KeyPress and event.isAutoRepeat()
                and event.key() in PRESS_KEYS):
            event.accept()  # taken here: not passed on to the page either
            return True
        return False


def one_press(page: QWidget) -> None:
    """Let the buttons and lists on ``page`` take a held Enter, Return or Space as one
    press (see the top). Safe to call again: a control gets the filter once."""
    global _filter
    if _filter is None:
        _filter = OnePress()
    for control in (*page.findChildren(QAbstractButton),
                    *page.findChildren(QAbstractItemView)):
        control.installEventFilter(_filter)  # installed again: moved first, not doubled
