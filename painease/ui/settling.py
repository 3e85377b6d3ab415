"""``settle``: a page just put up by a page change takes no press that was meant for the
page before it.

A double-click, or Enter tapped twice, on a control that changes the page sends its
second press once the page has changed: to what is under the pointer, or has the focus,
on the page that comes next. A double-click on Before's "Continue and start the session"
sent the session just started to the transcript line under the pointer (at 1200×800,
103 s into 180 s: more than half of it not played), and a second Enter in Before's note
paused it (the player's Pause has the focus). So for a double-click's time
(``QApplication.doubleClickInterval()``) after ``settle(page)`` the page, and the window
it is in (Back's second click landed on the page list then beside Home), take no mouse press
or double-click and no fresh Enter, Return or Space: nobody reads a new page and chooses
on it that fast (``HOLD_MS``, when set, instead: the tests' pacing sets a shorter time, so
the guard stays on in every test without each page change costing a double-click's
time). A dialog opened meanwhile is a window of its own: not held up. (A key
held down is ``held_keys``'s: its auto-repeats are left to it.) ``settling()`` says
whether a page is settling now.

The session flow settles each page it shows (``SessionFlow._show``), and the window the
page a session returns to (``window_in_use.session_over``).

Main thread only.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QWidget

from painease.ui.player_keys import PRESS_KEYS

_PRESSES = frozenset({QEvent.Type.MouseButtonPress, QEvent.Type.MouseButtonDblClick})
_KEYS = frozenset({QEvent.Type.KeyPress, QEvent.Type.ShortcutOverride})
_live = 0  # pages settling now
HOLD_MS: int | None = None  # how long a page settles; None: a double-click's time


class _Settling(QObject):
    """The application's event filter while ``page`` settles; it goes with the page."""

    def __init__(self, page: QWidget):
        super().__init__(page)
        global _live
        _live += 1
        self.destroyed.connect(_gone)  # settled, or gone with its page before that
        self.page = page
        QApplication.instance().installEventFilter(self)
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.timeout.connect(self._settled)
        self.timer.start(QApplication.doubleClickInterval() if HOLD_MS is None else HOLD_MS)

    def _settled(self) -> None:
        QApplication.instance().removeEventFilter(self)
        self.deleteLater()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt
        kind = event.type()
        if not (kind in _PRESSES or kind in _KEYS and event.key() in PRESS_KEYS
                and not event.isAutoRepeat()):
            return False
        window = self.page.window()  # the page tabs above the page too
        if not (isinstance(watched, QWidget)
                and (watched is window or window.isAncestorOf(watched))):
            return False
        # Taken here. A key's ShortcutOverride accepted: no window-wide shortcut (the
        # player's Space) takes it instead; its KeyPress then comes here too.
        event.accept()
        return True


def settle(page: QWidget) -> None:
    """For a double-click's time from now, ``page`` and its window take no mouse press or
    double-click and no fresh Enter, Return or Space (see the top)."""
    _Settling(page)


def settling() -> bool:
    """Whether a page is settling now (``settle``): it takes no press yet."""
    return _live > 0


def _gone() -> None:
    global _live
    _live -= 1
